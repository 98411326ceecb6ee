"""The staff pages of meetings, under /<municipality>/staff/meetings/: the list (upcoming,
past, drafts), a new meeting, a meeting's page, its settings (an edit made from an older
version is refused, keeping what was typed), publishing and cancelling. What happened at
the meeting (questions, registrations, attendance, minutes, outcomes) is in
`staff_record`; what the two share in `staff_common`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from platskraft.core.access import require_perm, site_url
from platskraft.municipalities.models import Process
from platskraft.municipalities.views.generic import StaffView

from .. import selectors
from ..forms import CancelForm, MeetingForm, add_errors
from ..models import MeetingKind, MeetingStatus
from ..services import meetings as services
from ..services import registration as registration_services
from ..services.common import EditConflict
from . import staff_record
from .staff_common import MANAGE, READ, MeetingFormView, MeetingMixin, meeting_url, staff_url

SHOWS = ("upcoming", "past", "drafts")
STAFF_PAGE = 50


class MeetingList(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, READ, municipality)
        show = request.GET.get("show", "upcoming")
        show = show if show in SHOWS else "upcoming"
        processes = list(Process.objects.filter(municipality=municipality).order_by("title"))
        raw = request.GET.get("process", "")
        process = int(raw) if raw.isdigit() and int(raw) in {p.pk for p in processes} else None
        kind = request.GET.get("kind", "")
        kind = kind if kind in MeetingKind.values else ""
        meetings = selectors.staff_meetings(municipality, show=show, process=process, kind=kind)
        page = Paginator(meetings, STAFF_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "meetings/staff/meeting_list.html",
            {
                "meetings": page,
                "page": page,
                "show": show,
                "shows": [
                    ("upcoming", _("Upcoming")),
                    ("past", _("Past")),
                    ("drafts", _("Drafts")),
                ],
                "processes": processes,
                "chosen_process": process,
                "kinds": MeetingKind.choices,
                "chosen_kind": kind,
                "can_manage": request.user.has_perm(MANAGE, municipality),
            },
        )


class MeetingCreate(StaffView):
    def load(self):
        require_perm(self.request, READ, self.request.municipality)
        require_perm(self.request, MANAGE, self.request.municipality)
        return self.request.municipality

    def render_form(self, form):
        return render(
            self.request,
            "meetings/staff/meeting_form.html",
            {
                "form": form,
                "title": _("New meeting"),
                "cancel_url": staff_url("staff_list", self.request.municipality),
            },
            status=400 if form.is_bound and form.errors else 200,
        )

    def get(self, request):
        municipality = self.load()
        initial = {}
        raw = request.GET.get("process", "")
        if raw.isdigit() and Process.objects.filter(municipality=municipality, pk=raw).exists():
            initial["process"] = int(raw)
        return self.render_form(MeetingForm(municipality=municipality, initial=initial))

    def post(self, request):
        municipality = self.load()
        form = MeetingForm(request.POST, municipality=municipality)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    municipality=municipality, by=request.user, **form.values()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The meeting was saved as a draft. Publish it when it is ready."),
                )
                return redirect(meeting_url(meeting))
        return self.render_form(form)


class MeetingDetail(MeetingMixin, StaffView):
    perm = READ

    def get(self, request, pk):
        meeting = self.load_meeting()
        return render(
            request,
            "meetings/staff/meeting_detail.html",
            self.context(
                counts=selectors.registration_counts(meeting),
                places_left=registration_services.places_left(meeting),
                registration_state=registration_services.registration_state(meeting),
                questions=list(meeting.registration_questions.all()),
                attendance=selectors.attendance_rows(meeting),
                attendance_total=selectors.attendance_total(meeting),
                outcomes=list(meeting.outcomes.all()),
            ),
        )


class MeetingEdit(MeetingMixin, StaffView):
    def render_form(self, form, conflict=None):
        return render(
            self.request,
            "meetings/staff/meeting_form.html",
            self.context(
                form=form,
                title=_("Edit the meeting"),
                cancel_url=meeting_url(self.meeting),
                conflict=conflict,
            ),
            status=409 if conflict else 400 if form.is_bound and form.errors else 200,
        )

    def get(self, request, pk):
        meeting = self.load_meeting()
        return self.render_form(MeetingForm(instance=meeting, municipality=request.municipality))

    def post(self, request, pk):
        meeting = self.load_meeting()
        form = MeetingForm(request.POST, instance=meeting, municipality=request.municipality)
        if form.is_valid():
            try:
                services.meeting_update(
                    meeting=meeting,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    site_url=site_url(request),
                    **form.values(),
                )
            except EditConflict as conflict:
                # Keep what was typed; saving again now overwrites the newer version.
                data = request.POST.copy()
                data["version"] = str(conflict.current.version)
                form = MeetingForm(data, instance=meeting, municipality=request.municipality)
                form.is_valid()
                form.add_error(None, conflict.messages)
                return self.render_form(form, conflict=conflict.current)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect(meeting_url(meeting))
        return self.render_form(form)


class MeetingPublish(MeetingMixin, StaffView):
    def post(self, request, pk):
        meeting = self.load_meeting()
        try:
            services.meeting_publish(meeting=meeting, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The meeting is published in the calendar."))
        return redirect(meeting_url(meeting))


class MeetingCancel(MeetingFormView):
    template_name = "meetings/staff/cancel.html"

    def get(self, request, **kwargs):
        meeting = self.load_meeting()
        if meeting.status == MeetingStatus.CANCELLED:
            messages.error(request, _("The meeting is already cancelled."))
            return redirect(meeting_url(meeting))
        return super().get(request, **kwargs)

    def make_form(self, obj, data=None, files=None):
        return CancelForm(data)

    def title(self, obj) -> str:
        return _("Cancel the meeting")

    def extra_context(self, obj) -> dict:
        return {"counts": selectors.registration_counts(self.meeting)}

    def save(self, form, obj):
        services.meeting_cancel(
            meeting=self.meeting,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
            site_url=site_url(self.request),
        )
        return self.meeting, _("The meeting is cancelled; everyone registered has been e-mailed.")


S = "staff/meetings/"
M = S + "<int:pk>/"

urlpatterns = [
    path(S, MeetingList.as_view(), name="staff_list"),
    path(S + "new/", MeetingCreate.as_view(), name="staff_add"),
    path(M, MeetingDetail.as_view(), name="staff_meeting"),
    path(M + "edit/", MeetingEdit.as_view(), name="staff_edit"),
    path(M + "publish/", MeetingPublish.as_view(), name="staff_publish"),
    path(M + "cancel/", MeetingCancel.as_view(), name="staff_cancel"),
    *staff_record.urlpatterns(M),
]
