"""Writes for answering: saving a section, the resume link, sending, and typing in paper
answers (field mode).

Refusals are ValidationErrors with a code the views act on: "closed" (the survey no
longer takes answers), "already_answered" (this person or device has sent an answer),
"sent" (the response was sent meanwhile), "channel" (not a channel of field mode).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..answering import Structure
from ..models import Channel, Response, ResponseStatus, Survey, SurveyStatus
from ..selectors.responses import answers_shown, first_missing_page, resume_hash

# Field mode: what an official can say a typed-in answer came through.
FIELD_CHANNELS = (Channel.PAPER, Channel.CAFE, Channel.WEB)


@dataclass(frozen=True)
class Respondent:
    """Who answers and how; the view builds it from the request.

    `user` only for signed-in answering (one response per person); `device_hash` and
    `ip_hash` only for anonymous answering on the web (one response per device, and the
    duplicate flags); neither in kiosk mode.
    """

    channel: str = Channel.WEB
    user: object | None = None
    device_hash: str = ""
    ip_hash: str = ""


@dataclass(frozen=True)
class Submitted:
    response: Response
    # The index of the first page with a required question left unanswered (then the
    # answers are saved, but the response is not sent).
    missing_page: int | None = None

    @property
    def complete(self) -> bool:
        return self.missing_page is None


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _closed() -> ValidationError:
    return _refused(_("This survey is closed: it no longer takes answers."), "closed")


def _check_open(survey: Survey, now) -> None:
    # Read again: staff may have closed it since the page was loaded.
    fresh = Survey.objects.only("status", "opens_at", "closes_at").get(pk=survey.pk)
    if not fresh.is_open(now):
        raise _closed()


def _already():
    return _refused(_("You have already answered this survey."), "already_answered")


def _create(survey: Survey, respondent: Respondent) -> Response:
    if (
        respondent.device_hash
        and Response.objects.filter(
            survey=survey, device_hash=respondent.device_hash, status=ResponseStatus.COMPLETE
        ).exists()
    ):
        raise _already()
    fields = {
        "survey": survey,
        "user": respondent.user,
        "channel": respondent.channel,
        "device_hash": respondent.device_hash,
        "ip_hash": respondent.ip_hash,
    }
    if respondent.user is None:
        return Response.objects.create(**fields)
    try:
        with transaction.atomic():
            return Response.objects.create(**fields)
    except IntegrityError:
        # The same person in two tabs: continue the response the other one created.
        existing = Response.objects.select_for_update().get(survey=survey, user=respondent.user)
        if existing.status == ResponseStatus.COMPLETE:
            raise _already() from None
        return existing


def _locked(response: Response) -> Response:
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.status == ResponseStatus.COMPLETE:
        raise _refused(_("This answer has already been sent."), "sent")
    return locked


def _merged(answers: dict, entries: dict, cleared: set[str]) -> dict:
    merged = {key: value for key, value in (answers or {}).items() if key not in cleared}
    merged.update(entries)
    return merged


@transaction.atomic
def response_save_answers(
    *,
    survey: Survey,
    response: Response | None,
    respondent: Respondent,
    entries: dict,
    cleared: set[str],
    completed_pages: int | None = None,
    now=None,
) -> Response:
    """Store answers of a section; the first save creates the response.

    `completed_pages`: how many pages from the start are done (the page to go on from);
    None when the person only saves for later or steps back.
    """
    now = now or timezone.now()
    _check_open(survey, now)
    response = _create(survey, respondent) if response is None else _locked(response)
    response.answers = _merged(response.answers, entries, cleared)
    if completed_pages is not None:
        response.section_index = max(response.section_index, completed_pages)
    response.save(update_fields=["answers", "section_index", "updated_at"])
    return response


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    structure: Structure,
    response: Response | None,
    respondent: Respondent,
    entries: dict,
    cleared: set[str],
    now=None,
) -> Submitted:
    """Store the last section's answers and send the response.

    Answers to questions the final answers do not ask are dropped. If a required
    question somewhere is still unanswered, the answers are kept and the response is
    not sent: `missing_page` says where to go.
    """
    now = now or timezone.now()
    _check_open(survey, now)
    response = _create(survey, respondent) if response is None else _locked(response)
    answers = answers_shown(structure, _merged(response.answers, entries, cleared))
    response.answers = answers
    missing = first_missing_page(structure, answers)
    if missing is not None:
        response.section_index = min(response.section_index, missing)
        response.save(update_fields=["answers", "section_index", "updated_at"])
        return Submitted(response, missing)
    response.status = ResponseStatus.COMPLETE
    response.submitted_at = now
    response.section_index = len(structure.pages)
    response.resume_hash = ""  # a sent answer cannot be opened again with its link
    # The device and address that sent it, for the duplicate flags (a response may be
    # finished on another device than the one it was started on).
    if respondent.device_hash:
        response.device_hash = respondent.device_hash
    if respondent.ip_hash:
        response.ip_hash = respondent.ip_hash
    response.save()
    return Submitted(response)


def response_issue_resume(*, response: Response, token: str = "") -> str:
    """The secret of the response's resume link: `token` again if it is the current one
    (the person saves once more), else a new one (earlier links stop working).
    Only a keyed hash of it is stored."""
    if response.status != ResponseStatus.STARTED:
        raise _refused(_("This answer has already been sent."), "sent")
    if token and response.resume_hash and resume_hash(token) == response.resume_hash:
        return token
    token = secrets.token_urlsafe(24)
    response.resume_hash = resume_hash(token)
    Response.objects.filter(pk=response.pk).update(
        resume_hash=response.resume_hash, updated_at=timezone.now()
    )
    return token


@transaction.atomic
def response_enter(
    *,
    survey: Survey,
    structure: Structure,
    entries: dict,
    channel: str,
    entered_by,
    now=None,
) -> Response:
    """A complete response typed in by an official from a paper form or a café (field
    mode). Paper forms come back after a survey closes, so only drafts are refused."""
    if survey.status == SurveyStatus.DRAFT:
        raise _refused(_("A draft survey cannot take answers yet."), "draft")
    if channel not in FIELD_CHANNELS:
        raise _refused(_("Choose where the answer comes from."), "channel")
    now = now or timezone.now()
    return Response.objects.create(
        survey=survey,
        channel=channel,
        status=ResponseStatus.COMPLETE,
        answers=answers_shown(structure, dict(entries)),
        section_index=len(structure.pages),
        submitted_at=now,
        entered_by=entered_by,
    )
