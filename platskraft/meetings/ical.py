"""Meetings as iCalendar (RFC 5545): one meeting's file, attached to the confirmation
e-mail and downloadable from its page, and a municipality's feed to subscribe to.

Times are written in UTC, so no time-zone definitions are needed. A cancelled meeting
stays in the feed with STATUS:CANCELLED, so subscribed calendars learn of it; the
SEQUENCE is the meeting's version, so calendars take the newest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event, vGeo

from .models import Meeting, MeetingStatus

PRODID = "-//Platskraft//Meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@platskraft"


def _description(meeting: Meeting, url: str) -> str:
    parts = [meeting.summary, meeting.agenda, meeting.accessibility, meeting.online_url, url]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def meeting_event(meeting: Meeting, *, site_url: str) -> Event:
    url = site_url + meeting.get_absolute_url()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.version)
    event.add("url", url)
    location = ", ".join(p for p in (meeting.place_name, meeting.address) if p)
    if location:
        event.add("location", location)
    elif meeting.online_url:
        event.add("location", meeting.online_url)
    if meeting.latitude is not None and meeting.longitude is not None:
        event.add("geo", vGeo((meeting.latitude, meeting.longitude)))
    description = _description(meeting, url)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, site_url: str, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, site_url=site_url))
    return calendar.to_ical()
