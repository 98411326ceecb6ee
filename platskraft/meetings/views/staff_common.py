"""What the staff pages of meetings share: permissions, finding the meeting inside the
request's municipality, addresses, and a page with one form."""

from __future__ import annotations

from django.urls import reverse

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import OneFormView

from ..models import Meeting

READ = "meetings.view_staff"
MANAGE = "meetings.manage"
PEOPLE = "meetings.view_registrations"


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def meeting_url(meeting: Meeting, name: str = "staff_meeting", **kwargs) -> str:
    return staff_url(name, meeting.municipality, pk=meeting.pk, **kwargs)


class MeetingMixin:
    """Loads `self.meeting` (kwarg `pk`): the visitor must read the municipality's meeting
    pages (anonymous: log in; anyone else: 404), then hold `perm` on the meeting."""

    perm = MANAGE

    def load_meeting(self) -> Meeting:
        require_perm(self.request, READ, self.request.municipality)
        meeting = get_scoped_or_404(
            Meeting.objects.select_related("municipality", "process", "phase"),
            self.request.municipality,
            pk=self.kwargs["pk"],
        )
        require_perm(self.request, self.perm, meeting)
        self.meeting = meeting
        return meeting

    def context(self, **extra) -> dict:
        user = self.request.user
        return {
            "meeting": self.meeting,
            "can_manage": user.has_perm(MANAGE, self.meeting),
            "can_see_people": user.has_perm(PEOPLE, self.meeting),
            **extra,
        }


class MeetingFormView(MeetingMixin, OneFormView):
    """A page with one form about the meeting or a part of it: show, check, save, go back."""

    template_name = "meetings/staff/form.html"
    error_status = 400

    def load(self) -> None:
        self.load_meeting()

    def parent_url(self) -> str:
        return meeting_url(self.meeting)
