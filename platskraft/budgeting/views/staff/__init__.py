"""The staff pages of the citizen budget, under /<municipality>/staff/budget/.

`rounds` holds the list of rounds, a round's page, settings, stage and districts;
`projects` the projects, their review and projects made from citizen proposals; `codes`
the voting codes and their letters; `paper` the double entry of paper ballots;
`interchange` the Pabulib import and export; `audit` the audit log; `_common` and
`_reads` what they share. The results pages (compute, publish) are in `views/results`.
"""

from django.urls import path

from . import audit, codes, interchange, paper, projects, rounds

S = "staff/budget/"
R = S + "<int:pk>/"

urlpatterns = [
    path(S, rounds.RoundList.as_view(), name="staff_rounds"),
    path(S + "new/", rounds.RoundCreate.as_view(), name="staff_round_add"),
    path(S + "import/", interchange.ImportPb.as_view(), name="staff_import_pb"),
    path(
        S + "from-proposal/<int:proposal_id>/",
        projects.ProposalToProject.as_view(),
        name="staff_proposal_to_project",
    ),
    path(R, rounds.RoundDetail.as_view(), name="staff_round"),
    path(R + "settings/", rounds.RoundSettings.as_view(), name="staff_round_edit"),
    path(R + "stage/", rounds.RoundStage.as_view(), name="staff_round_stage"),
    path(R + "districts/new/", rounds.DistrictFormView.as_view(), name="staff_district_add"),
    path(
        R + "districts/<int:district_id>/",
        rounds.DistrictFormView.as_view(),
        name="staff_district_edit",
    ),
    path(
        R + "districts/<int:district_id>/delete/",
        rounds.DistrictDelete.as_view(),
        name="staff_district_delete",
    ),
    path(R + "projects/", projects.ProjectList.as_view(), name="staff_projects"),
    path(R + "projects/new/", projects.ProjectFormView.as_view(), name="staff_project_add"),
    path(
        R + "projects/from-proposal/",
        projects.FromProposal.as_view(),
        name="staff_project_from_proposal",
    ),
    path(
        R + "projects/<int:project_id>/",
        projects.ProjectFormView.as_view(),
        name="staff_project",
    ),
    path(
        R + "projects/<int:project_id>/review/",
        projects.ProjectReview.as_view(),
        name="staff_project_review",
    ),
    path(R + "codes/", codes.Codes.as_view(), name="staff_codes"),
    path(R + "paper/", paper.PaperBallots.as_view(), name="staff_paper"),
    path(R + "export.pb", interchange.ExportPb.as_view(), name="staff_export_pb"),
    path(R + "audit/", audit.AuditLog.as_view(), name="staff_audit"),
]
