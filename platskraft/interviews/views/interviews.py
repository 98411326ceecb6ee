"""The list of interviews, recording and changing one, its page (notes with the coded
passages highlighted), withdrawing consent and removing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from platskraft.municipalities.views.generic import StaffView

from ..forms import InterviewForm, PassageForm, add_errors
from ..highlight import highlighted
from ..models import Code, Interview
from ..selectors.interviews import interview_list, passages_of
from ..services import interviews as services
from ._common import CODE, COUNTS, NOTES, RECORD, InterviewsMixin, report, url

LIST_PAGE = 50


class InterviewList(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        self.allow(COUNTS)
        user, municipality = request.user, request.municipality
        can_read = user.has_perm(NOTES, municipality)
        page = (
            Paginator(interview_list(municipality), LIST_PAGE).get_page(request.GET.get("page"))
            if can_read
            else None
        )
        return render(
            request,
            "interviews/staff/interview_list.html",
            {
                "interviews": page,
                "page": page,
                "can_read": can_read,
                "can_record": user.has_perm(RECORD, municipality),
            },
        )


def saved_messages(request, saved: services.Saved) -> None:
    messages.success(request, _("The interview was saved."))
    if saved.masked:
        messages.warning(
            request,
            ngettext(
                "%(count)s personal identity number was masked in the notes: check that "
                "nothing else identifies the respondent.",
                "%(count)s personal identity numbers were masked in the notes: check that "
                "nothing else identifies the respondent.",
                saved.masked,
            )
            % {"count": saved.masked},
        )
    if saved.relocated:
        messages.info(
            request,
            ngettext(
                "%(count)s coded passage was moved to where its text now is.",
                "%(count)s coded passages were moved to where their text now is.",
                saved.relocated,
            )
            % {"count": saved.relocated},
        )
    if saved.lost:
        messages.warning(
            request,
            ngettext(
                "The text of %(count)s coded passage is no longer in the notes: it is marked "
                "below; place it again or remove it.",
                "The text of %(count)s coded passages is no longer in the notes: they are "
                "marked below; place them again or remove them.",
                saved.lost,
            )
            % {"count": saved.lost},
        )


class InterviewFormView(InterviewsMixin, StaffView):
    """Record an interview (no `pk`) or change one."""

    def load(self) -> Interview | None:
        if "pk" in self.kwargs:
            return self.interview(RECORD)
        self.allow(RECORD)
        return None

    def render_form(self, form, interview, conflict: str = ""):
        return render(
            self.request,
            "interviews/staff/interview_form.html",
            {
                "form": form,
                "interview": interview,
                "conflict": conflict,
                "title": _("Change the interview") if interview else _("Record an interview"),
            },
        )

    def get(self, request, **kwargs):
        interview = self.load()
        form = InterviewForm(municipality=request.municipality, interview=interview)
        return self.render_form(form, interview)

    def post(self, request, **kwargs):
        interview = self.load()
        form = InterviewForm(request.POST, request.FILES, municipality=request.municipality)
        if not form.is_valid():
            return self.render_form(form, interview)
        values = {
            "by": request.user,
            "values": form.values(),
            "notes": form.cleaned_data["notes"],
            "transcript": form.cleaned_data["transcript"] or None,
            "respondent_name": form.cleaned_data["respondent_name"],
            "consent": form.consent(),
        }
        try:
            if interview is None:
                saved = services.interview_create(municipality=request.municipality, **values)
            else:
                saved = services.interview_update(
                    interview=interview, expected_version=form.cleaned_data["version"], **values
                )
        except services.EditConflict as error:
            # Keep what was typed; take up the saved version so that sending again
            # saves over it on purpose.
            data = request.POST.copy()
            data["version"] = str(error.current.version)
            fresh = InterviewForm(data, municipality=request.municipality)
            fresh.is_valid()
            return self.render_form(fresh, error.current, conflict=" ".join(error.messages))
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(form, interview)
        saved_messages(request, saved)
        return redirect(saved.interview.get_absolute_url())


class InterviewDetail(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        interview = self.interview(NOTES)
        form = PassageForm(municipality=request.municipality)
        return render_interview(request, interview, form)


def render_interview(request, interview: Interview, form, status: int = 200):
    passages = passages_of(interview)
    consent = getattr(interview, "consent", None)
    return render(
        request,
        "interviews/staff/interview_detail.html",
        {
            "interview": interview,
            "notes_html": highlighted(
                interview.notes, [view.passage for view in passages if view.in_place]
            ),
            "passages": passages,
            "consent": consent,
            "form": form,
            "has_codes": Code.objects.filter(municipality=interview.municipality).exists(),
            "can_code": request.user.has_perm(CODE, interview),
            "can_record": request.user.has_perm(RECORD, interview),
        },
        status=status,
    )


class InterviewConfirm(InterviewsMixin, StaffView):
    """GET asks (what happens, a button, a way back); POST does `act` and redirects."""

    title = text = button = ""

    def get(self, request, **kwargs):
        interview = self.interview(RECORD)
        return render(
            request,
            "interviews/staff/confirm.html",
            {
                "interview": interview,
                "title": self.title,
                "text": self.text,
                "button": self.button,
                "cancel_url": interview.get_absolute_url(),
            },
        )

    def post(self, request, **kwargs):
        return self.act(request, self.interview(RECORD))

    def act(self, request, interview):
        raise NotImplementedError


class ConsentWithdraw(InterviewConfirm):
    title = gettext_lazy("Withdraw consent")
    text = gettext_lazy(
        "The respondent's name is removed from the interview for good; the consent record "
        "keeps the date it was withdrawn."
    )
    button = gettext_lazy("Withdraw consent and remove the name")

    def act(self, request, interview):
        try:
            services.consent_withdraw(interview=interview, by=request.user)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Consent was withdrawn and the name removed."))
        return redirect(interview.get_absolute_url())


class InterviewDelete(InterviewConfirm):
    title = gettext_lazy("Remove the interview")
    text = gettext_lazy(
        "The interview is removed with its notes, its consent record and its coded passages."
    )
    button = gettext_lazy("Remove the interview")

    def act(self, request, interview):
        services.interview_delete(interview=interview)
        messages.success(request, _("The interview was removed."))
        return redirect(url("staff_interviews", request.municipality))
