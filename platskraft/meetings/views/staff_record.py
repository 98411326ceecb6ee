"""What staff record about a meeting: registration questions, the registrations (names
and e-mail addresses for the organisers only, and a CSV of them), the attendance by
audience, the minutes and the outcomes (added several at once, edited, removed, moved)."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.municipalities.views.generic import StaffView

from .. import selectors
from ..forms import (
    AttendanceForm,
    MinutesForm,
    OutcomeForm,
    OutcomesAddForm,
    QuestionForm,
    add_errors,
)
from ..models import Outcome, RegistrationQuestion, RegistrationStatus
from ..services import meetings as services
from .staff_common import PEOPLE, MeetingFormView, MeetingMixin, meeting_url


class QuestionFormView(MeetingFormView):
    def get_object(self):
        if "question_id" not in self.kwargs:
            return None
        return get_object_or_404(
            RegistrationQuestion, pk=self.kwargs["question_id"], meeting=self.meeting
        )

    def make_form(self, obj, data=None, files=None):
        return QuestionForm(data, question=obj)

    def title(self, obj) -> str:
        return _("Edit a registration question") if obj else _("New registration question")

    def save(self, form, obj):
        question = services.question_save(
            meeting=self.meeting, question=obj, by=self.request.user, **form.values()
        )
        return question, _("The question was saved.")


class QuestionDelete(MeetingMixin, StaffView):
    def post(self, request, pk, question_id):
        meeting = self.load_meeting()
        question = get_object_or_404(RegistrationQuestion, pk=question_id, meeting=meeting)
        services.question_delete(question=question, by=request.user)
        messages.success(request, _("“%(name)s” was removed.") % {"name": question.text})
        return redirect(meeting_url(meeting))


class Registrations(MeetingMixin, StaffView):
    perm = PEOPLE

    def get(self, request, pk):
        meeting = self.load_meeting()
        questions = list(meeting.registration_questions.all())
        rows = []
        for registration in selectors.registrations(meeting):
            registration.answer_list = [registration.answers.get(str(q.pk), "") for q in questions]
            rows.append(registration)
        groups = [
            (status, label, [r for r in rows if r.status == status])
            for status, label in RegistrationStatus.choices
        ]
        return render(
            request,
            "meetings/staff/registrations.html",
            self.context(groups=groups, questions=questions),
        )


class RegistrationsCsv(MeetingMixin, StaffView):
    perm = PEOPLE

    def get(self, request, pk):
        meeting = self.load_meeting()
        questions = list(meeting.registration_questions.all())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.csv"'
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [_("Name"), _("E-mail address"), _("Status"), _("Registered")]
            + [q.text for q in questions]
        )
        for registration in selectors.registrations(meeting).exclude(
            status=RegistrationStatus.CANCELLED
        ):
            writer.writerow(
                [
                    _safe(registration.name),
                    _safe(registration.email),
                    registration.get_status_display(),
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
                + [_safe(registration.answers.get(str(q.pk), "")) for q in questions]
            )
        return response


def _safe(value: str) -> str:
    """No formulas in spreadsheet cells from what residents typed."""
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class AttendanceView(MeetingFormView):
    def make_form(self, obj, data=None, files=None):
        counts = {a.audience: a.count for a in self.meeting.attendance.all()}
        return AttendanceForm(data, counts=counts)

    def title(self, obj) -> str:
        return _("Attendance by audience")

    def save(self, form, obj):
        services.attendance_record(meeting=self.meeting, by=self.request.user, counts=form.counts())
        return self.meeting, _("The attendance was saved.")


class MinutesView(MeetingFormView):
    def make_form(self, obj, data=None, files=None):
        initial = {
            "minutes": self.meeting.minutes,
            "publish": self.meeting.minutes_published_at is not None,
        }
        return MinutesForm(data, initial=initial)

    def title(self, obj) -> str:
        return _("Minutes")

    def save(self, form, obj):
        saved = services.minutes_save(
            meeting=self.meeting,
            by=self.request.user,
            minutes=form.cleaned_data["minutes"],
            publish=form.cleaned_data["publish"],
        )
        if saved.minutes_published_at:
            return saved, _("The minutes are saved and public, with the outcomes.")
        return saved, _("The minutes are saved; they are not public yet.")


class Outcomes(MeetingMixin, StaffView):
    def render_page(self, form):
        return render(
            self.request,
            "meetings/staff/outcomes.html",
            self.context(form=form, outcomes=list(self.meeting.outcomes.all())),
            status=400 if form.is_bound and form.errors else 200,
        )

    def get(self, request, pk):
        self.load_meeting()
        return self.render_page(OutcomesAddForm())

    def post(self, request, pk):
        meeting = self.load_meeting()
        form = OutcomesAddForm(request.POST)
        if form.is_valid():
            try:
                added = services.outcomes_add(meeting=meeting, by=request.user, texts=form.lines())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("%(count)s outcomes were added.") % {"count": len(added)}
                )
                return redirect(meeting_url(meeting, "staff_outcomes"))
        return self.render_page(form)


class OutcomeEdit(MeetingFormView):
    def get_object(self):
        return get_object_or_404(Outcome, pk=self.kwargs["outcome_id"], meeting=self.meeting)

    def make_form(self, obj, data=None, files=None):
        return OutcomeForm(data, initial={"text": obj.text})

    def title(self, obj) -> str:
        return _("Edit an outcome")

    def success_url(self, saved) -> str:
        return meeting_url(self.meeting, "staff_outcomes")

    def save(self, form, obj):
        saved = services.outcome_update(
            outcome=obj, by=self.request.user, text=form.cleaned_data["text"]
        )
        return saved, _("The outcome was saved.")


class OutcomeDelete(MeetingMixin, StaffView):
    def post(self, request, pk, outcome_id):
        meeting = self.load_meeting()
        outcome = get_object_or_404(Outcome, pk=outcome_id, meeting=meeting)
        services.outcome_delete(outcome=outcome, by=request.user)
        messages.success(request, _("The outcome was removed."))
        return redirect(meeting_url(meeting, "staff_outcomes"))


class OutcomeMove(MeetingMixin, StaffView):
    def post(self, request, pk, outcome_id):
        meeting = self.load_meeting()
        outcome = get_object_or_404(Outcome, pk=outcome_id, meeting=meeting)
        services.outcome_move(
            outcome=outcome, by=request.user, up=request.POST.get("direction") == "up"
        )
        return redirect(meeting_url(meeting, "staff_outcomes") + f"#outcome-{outcome.pk}")


def urlpatterns(m: str) -> list:
    return [
        path(m + "questions/new/", QuestionFormView.as_view(), name="staff_question_add"),
        path(
            m + "questions/<int:question_id>/",
            QuestionFormView.as_view(),
            name="staff_question_edit",
        ),
        path(
            m + "questions/<int:question_id>/delete/",
            QuestionDelete.as_view(),
            name="staff_question_delete",
        ),
        path(m + "registrations/", Registrations.as_view(), name="staff_registrations"),
        path(m + "registrations.csv", RegistrationsCsv.as_view(), name="staff_registrations_csv"),
        path(m + "attendance/", AttendanceView.as_view(), name="staff_attendance"),
        path(m + "minutes/", MinutesView.as_view(), name="staff_minutes"),
        path(m + "outcomes/", Outcomes.as_view(), name="staff_outcomes"),
        path(m + "outcomes/<int:outcome_id>/", OutcomeEdit.as_view(), name="staff_outcome_edit"),
        path(
            m + "outcomes/<int:outcome_id>/delete/",
            OutcomeDelete.as_view(),
            name="staff_outcome_delete",
        ),
        path(
            m + "outcomes/<int:outcome_id>/move/",
            OutcomeMove.as_view(),
            name="staff_outcome_move",
        ),
    ]
