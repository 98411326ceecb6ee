"""What the answering pages share: the survey, who is answering (the device cookie of
anonymous answering, the signed-in person, or a kiosk), and the refusal pages.

Anonymous answering knows a device by a long random id in a signed, HttpOnly,
SameSite=Lax cookie of its own per survey; only a keyed hash of it is stored. The
response being answered is remembered in the session. Kiosk mode is a signed flag in
the session of the official who started it, for one survey.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from platskraft.core.access import LoginRequired
from platskraft.core.privacy import request_ip_hash

from ...models import Access, Channel, Response, ResponseStatus, Survey, SurveyStatus
from ...selectors import responses as reads
from ...selectors.responses import device_hash
from ...services.responses import Respondent

DEVICE_SALT = "surveys.device"
KIOSK_SALT = "surveys.kiosk"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


def url(request, name: str, **kwargs) -> str:
    return reverse(
        f"surveys:{name}", kwargs={"municipality_slug": request.municipality.slug, **kwargs}
    )


def results_url(survey: Survey) -> str:
    """The public results page, when published."""
    if not survey.results_public or survey.status == SurveyStatus.DRAFT:
        return ""
    return reverse(
        "surveys:results",
        kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk},
    )


def survey_for_residents(request, pk: int) -> Survey:
    """A survey residents may see (drafts only for staff; 404 otherwise)."""
    survey = reads.survey_get_for(request, pk)
    if not request.user.has_perm("surveys.view_survey", survey):
        raise Http404
    return survey


def session_key(survey: Survey, what: str) -> str:
    return f"surveys.{survey.pk}.{what}"


# --- Kiosk mode -----------------------------------------------------------------------------


def kiosk_start(request, survey: Survey) -> None:
    request.session[session_key(survey, "kiosk")] = signing.dumps(
        {"survey": survey.pk, "user": request.user.pk}, salt=KIOSK_SALT
    )
    forget(request, survey)


def kiosk_stop(request, survey: Survey) -> None:
    request.session.pop(session_key(survey, "kiosk"), None)
    forget(request, survey)


def kiosk_active(request, survey: Survey) -> bool:
    token = request.session.get(session_key(survey, "kiosk"))
    if not token or not request.user.is_authenticated:
        return False
    try:
        flag = signing.loads(token, salt=KIOSK_SALT)
    except signing.BadSignature:
        return False
    return flag == {"survey": survey.pk, "user": request.user.pk} and request.user.has_perm(
        "surveys.run_kiosk", survey
    )


# --- Who is answering -----------------------------------------------------------------------


@dataclass
class Visit:
    survey: Survey
    kiosk: bool
    respondent: Respondent
    response: Response | None
    device_id: str = ""
    new_device: bool = False
    device_answered: bool = False

    @property
    def already_answered(self) -> bool:
        """This person (signed in) or device has sent an answer and has none unfinished."""
        if self.response is not None:
            return self.response.status == ResponseStatus.COMPLETE
        return self.device_answered

    @property
    def may_save_for_later(self) -> bool:
        return not self.kiosk


def visit_for(request, survey: Survey) -> Visit:
    """Who answers `survey` in this request, and their unfinished (or sent) response.

    Raises LoginRequired for signed-in-only surveys when nobody is signed in.
    """
    remembered = request.session.get(session_key(survey, "response"))
    if kiosk_active(request, survey):
        response = reads.response_in_progress(survey=survey, response_id=remembered)
        if response is not None and response.channel != Channel.KIOSK:
            response = None
        return Visit(survey, True, Respondent(channel=Channel.KIOSK), response)
    if survey.access == Access.SIGNED_IN:
        if not request.user.is_authenticated:
            raise LoginRequired
        response = reads.response_in_progress(survey=survey, user=request.user)
        return Visit(survey, False, Respondent(user=request.user), response)
    device_id = request.get_signed_cookie(cookie_name(survey), default="", salt=DEVICE_SALT)
    new_device = not device_id
    if new_device:
        device_id = secrets.token_urlsafe(32)
    device = device_hash(device_id)
    response = reads.response_in_progress(survey=survey, device=device, response_id=remembered)
    answered = (
        response is None
        and not new_device
        and reads.device_has_answered(survey=survey, device=device)
    )
    respondent = Respondent(device_hash=device, ip_hash=request_ip_hash(request))
    return Visit(survey, False, respondent, response, device_id, new_device, answered)


def cookie_name(survey: Survey) -> str:
    return f"platskraft_survey_{survey.pk}"


def keep_device(http_response, visit: Visit):
    """Give a new device its cookie (only once something was saved from it)."""
    if visit.new_device and visit.device_id:
        http_response.set_signed_cookie(
            cookie_name(visit.survey),
            visit.device_id,
            salt=DEVICE_SALT,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return http_response


def remember(request, survey: Survey, response: Response) -> None:
    request.session[session_key(survey, "response")] = response.pk


def forget(request, survey: Survey) -> None:
    """Leave no trace of the response in the session (after sending it, in kiosks)."""
    for what in ("response", "resume"):
        request.session.pop(session_key(survey, what), None)


# --- Refusal pages --------------------------------------------------------------------------


def closed_page(request, survey: Survey, status: int = 200):
    now = timezone.now()
    upcoming = (
        survey.status == SurveyStatus.PUBLISHED
        and survey.opens_at is not None
        and now < survey.opens_at
    )
    return render(
        request,
        "surveys/survey_closed.html",
        {"survey": survey, "upcoming": upcoming, "results_url": results_url(survey)},
        status=status,
    )


def already_page(request, visit: Visit):
    return render(
        request,
        "surveys/answer_already.html",
        {
            "survey": visit.survey,
            "signed_in": visit.respondent.user is not None,
            "results_url": results_url(visit.survey),
        },
    )


def link_invalid_page(request, survey: Survey):
    return render(request, "surveys/answer_link_invalid.html", {"survey": survey}, status=404)


def page_to_continue(structure, response: Response | None) -> int:
    """The page number (from 1) to go on from: the first asked page not yet completed."""
    answers = response.answers if response is not None else {}
    asked = reads.pages_asked(structure, answers)
    if not asked:
        return 1
    done = response.section_index if response is not None else 0
    return next((index for index in asked if index >= done), asked[-1]) + 1
