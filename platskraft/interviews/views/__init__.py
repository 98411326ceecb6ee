"""The staff pages of interviews, under /<municipality>/staff/interviews/.

`interviews` holds the list, recording and changing an interview, its page, consent and
removal; `coding` the coded passages; `codebook` the codes; `counts` the counts of codes
by segment or locality and a code's passages.
"""

from django.urls import path

from . import codebook, coding, counts, interviews

S = "staff/interviews/"
I = S + "<int:pk>/"  # noqa: E741
P = I + "passages/<int:passage_id>/"
C = S + "codebook/<int:code_id>/"

urlpatterns = [
    path(S, interviews.InterviewList.as_view(), name="staff_interviews"),
    path(S + "new/", interviews.InterviewFormView.as_view(), name="staff_interview_add"),
    path(I, interviews.InterviewDetail.as_view(), name="interview"),
    path(I + "edit/", interviews.InterviewFormView.as_view(), name="staff_interview_edit"),
    path(I + "delete/", interviews.InterviewDelete.as_view(), name="staff_interview_delete"),
    path(
        I + "consent/withdraw/",
        interviews.ConsentWithdraw.as_view(),
        name="staff_consent_withdraw",
    ),
    path(I + "passages/new/", coding.PassageAdd.as_view(), name="staff_passage_add"),
    path(P, coding.PassageEdit.as_view(), name="staff_passage_edit"),
    path(P + "delete/", coding.PassageDelete.as_view(), name="staff_passage_delete"),
    path(S + "codebook/", codebook.Codebook.as_view(), name="staff_codebook"),
    path(S + "codebook/new/", codebook.CodeFormView.as_view(), name="staff_code_add"),
    path(S + "codebook/start/", codebook.CodebookStart.as_view(), name="staff_codebook_start"),
    path(C, codebook.CodeFormView.as_view(), name="staff_code_edit"),
    path(C + "delete/", codebook.CodeDelete.as_view(), name="staff_code_delete"),
    path(C + "move/", codebook.CodeMove.as_view(), name="staff_code_move"),
    path(C + "passages/", counts.CodePassages.as_view(), name="staff_code_passages"),
    path(S + "counts/", counts.Counts.as_view(), name="staff_counts"),
    path(S + "counts.csv", counts.CountsCsv.as_view(), name="staff_counts_csv"),
]
