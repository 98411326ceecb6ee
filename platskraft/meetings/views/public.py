"""Residents' pages of meetings, under /<municipality>/meetings/: the calendar (filters
that work without JavaScript), the iCal feed, a meeting's page and its .ics file,
registering, and the links from the e-mails (cancel a place, stop "what happens next").

The OPERA participant pages are in `views/opera`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from platskraft.core.access import site_url
from platskraft.core.audiences import Audience
from platskraft.core.followups import followups_for_many

from .. import ical, selectors
from ..forms import RegistrationForm, add_errors
from ..models import MeetingKind, RegistrationStatus
from ..services import registration as services

PER_PAGE = 20


@require_GET
def calendar(request):
    municipality = request.municipality
    processes = list(selectors.calendar_processes(municipality))
    filters = selectors.CalendarFilters.from_query(
        request.GET, process_ids={p.pk for p in processes}
    )
    page = Paginator(selectors.calendar(municipality, filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/calendar.html",
        {
            "filters": filters,
            "page": page,
            "months": selectors.by_month(page.object_list),
            "kinds": MeetingKind.choices,
            "audiences": Audience.choices,
            "processes": processes,
            "upcoming_query": urlencode(filters.query_items(with_when=False)),
            "past_query": urlencode([("when", "past"), *filters.query_items(with_when=False)]),
            "feed_query": urlencode(filters.query_items(with_when=False)),
        },
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def calendar_ics(request):
    municipality = request.municipality
    processes = {p.pk for p in selectors.calendar_processes(municipality)}
    filters = selectors.CalendarFilters.from_query(request.GET, process_ids=processes)
    content = ical.calendar_bytes(
        selectors.feed(municipality, filters).select_related("municipality"),
        site_url=site_url(request),
        name=_("Meetings – %(municipality)s") % {"municipality": municipality.name},
    )
    return _ics_response(content, f"{municipality.slug}-meetings.ics")


@require_GET
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get_for(request, pk)
    published = meeting.minutes_published_at is not None
    outcomes = list(meeting.outcomes.all()) if published else []
    follow_ups = followups_for_many(outcomes, request.user)
    for outcome in outcomes:
        outcome.follow_ups = follow_ups[outcome.pk]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "state": services.registration_state(meeting),
            "closes_at": services.registration_closes_at(meeting),
            "places_left": services.places_left(meeting),
            "record_published": published,
            "outcomes": outcomes,
            "attendance": selectors.attendance_rows(meeting) if published else [],
            "attendance_total": selectors.attendance_total(meeting) if published else 0,
            "can_manage": request.user.has_perm("meetings.manage", meeting),
            "show_process": meeting.process_id and meeting.process.is_public,
        },
    )


@require_GET
def meeting_ics(request, pk: int):
    meeting = selectors.meeting_get_for(request, pk)
    if not meeting.is_public:  # staff previewing a draft get no file to pass on
        return redirect(meeting.get_absolute_url())
    return _ics_response(
        ical.calendar_bytes([meeting], site_url=site_url(request)), f"meeting-{meeting.pk}.ics"
    )


@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    meeting = selectors.meeting_get_for(request, pk)
    state = services.registration_state(meeting)
    if state != "open":
        return render(
            request, "meetings/register_closed.html", {"meeting": meeting, "state": state}
        )
    initial = {}
    if request.user.is_authenticated:
        initial = {"email": request.user.email, "name": getattr(request.user, "display_name", "")}
    form = RegistrationForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.registration_create(
                meeting=meeting,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                answers=form.answers(),
                wants_updates=form.cleaned_data["wants_updates"],
                user=request.user,
                site_url=site_url(request),
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "closed":
                messages.error(request, error.messages[0])
                return redirect(meeting.get_absolute_url())
            add_errors(form, error)
        else:
            request.session[f"meeting-{meeting.pk}-registered"] = done.registration.status
            return redirect(
                "meetings:registered", municipality_slug=meeting.municipality.slug, pk=pk
            )
    return render(
        request,
        "meetings/register.html",
        {
            "meeting": meeting,
            "form": form,
            "places_left": services.places_left(meeting),
            "closes_at": services.registration_closes_at(meeting),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def registered(request, pk: int):
    meeting = selectors.meeting_get_for(request, pk)
    status = request.session.get(f"meeting-{meeting.pk}-registered")
    if status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
        return redirect(meeting.get_absolute_url())
    return render(request, "meetings/registered.html", {"meeting": meeting, "status": status})


@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk: int, token: str):
    """GET asks (mail scanners follow links), POST cancels."""
    meeting = selectors.meeting_get_for(request, pk)
    found = services.registration_for_token(meeting=meeting, token=token)
    error = None
    if request.method == "POST":
        try:
            services.registration_cancel(meeting=meeting, token=token, site_url=site_url(request))
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            return render(request, "meetings/cancelled.html", {"meeting": meeting})
    elif found is None:
        error = _(
            "This link is not valid. It may have been replaced by the link in a newer e-mail "
            "from us about this meeting."
        )
    elif found.status == RegistrationStatus.CANCELLED:
        error = _("This registration is already cancelled.")
    return render(
        request,
        "meetings/cancel_confirm.html",
        {"meeting": meeting, "registration": found, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def stop_updates(request, pk: int, token: str):
    meeting = selectors.meeting_get_for(request, pk)
    found = services.registration_for_token(meeting=meeting, token=token)
    stopped = False
    if found is not None and request.method == "POST":
        services.registration_stop_updates(meeting=meeting, token=token)
        stopped = True
    return render(
        request,
        "meetings/stop_updates.html",
        {"meeting": meeting, "registration": found, "stopped": stopped},
        status=400 if found is None else 200,
    )


urlpatterns = [
    path("meetings/", calendar, name="calendar"),
    path("meetings/calendar.ics", calendar_ics, name="calendar_ics"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting"),
    path("meetings/<int:pk>/meeting.ics", meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/register/", register, name="register"),
    path("meetings/<int:pk>/registered/", registered, name="registered"),
    path("meetings/<int:pk>/cancel/<str:token>/", registration_cancel, name="registration_cancel"),
    path("meetings/<int:pk>/updates/<str:token>/", stop_updates, name="stop_updates"),
]
