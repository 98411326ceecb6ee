"""Reads for answering: the public survey lists, whose response is in progress, resume
links, and the staff list of responses with their duplicate flags."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from platskraft.core.access import get_scoped_or_404
from platskraft.core.privacy import keyed_hash

from ..answering import Item, Page, Structure
from ..models import Channel, Response, ResponseStatus, Survey, SurveyStatus

DEVICE_PURPOSE = "survey-device"
RESUME_PURPOSE = "survey-resume"
DUPLICATE_WINDOW = timedelta(hours=24)


def device_hash(device_id: str) -> str:
    return keyed_hash(device_id, DEVICE_PURPOSE)


def resume_hash(token: str) -> str:
    return keyed_hash(token, RESUME_PURPOSE)


# --- Surveys --------------------------------------------------------------------------------


def survey_get_for(request, pk: int) -> Survey:
    """A survey of the request's municipality (404 for another municipality's)."""
    return get_scoped_or_404(
        Survey.objects.select_related("municipality", "process"), request.municipality, pk=pk
    )


def survey_list_public(*, municipality) -> tuple[list[Survey], list[Survey], list[Survey]]:
    """The municipality's surveys residents can see: (open, upcoming, closed)."""
    now = timezone.now()
    surveys = Survey.objects.filter(
        municipality=municipality, status__in=[SurveyStatus.PUBLISHED, SurveyStatus.CLOSED]
    ).order_by(F("closes_at").asc(nulls_last=True), "-created_at")
    open_, upcoming, closed = [], [], []
    for survey in surveys:
        if survey.is_open(now):
            open_.append(survey)
        elif survey.status == SurveyStatus.PUBLISHED and survey.opens_at and survey.opens_at > now:
            upcoming.append(survey)
        else:
            closed.append(survey)
    closed.sort(key=lambda s: s.closes_at or s.created_at, reverse=True)
    return open_, upcoming, closed


def survey_question_count(*, survey: Survey) -> int:
    return survey.questions.count()


# --- Which pages and questions are asked ---------------------------------------------------


def visible_items(structure: Structure, page: Page, answers: dict) -> list[Item]:
    """The questions of a page to show: those whose condition holds on the answers so far,
    and those depending on a question of this same page (shown with the condition
    explained; the answer form drops their answer if it does not hold)."""
    shown_here: set[int] = set()
    items = []
    for item in page.items:
        source = item.question.condition_question_id
        if (source and source in shown_here) or structure.is_shown(item, answers):
            items.append(item)
            shown_here.add(item.question.pk)
    return items


def pages_asked(structure: Structure, answers: dict) -> list[int]:
    """Indexes of the pages with at least one question to show."""
    return [
        index
        for index, page in enumerate(structure.pages)
        if visible_items(structure, page, answers)
    ]


def answers_shown(structure: Structure, answers: dict) -> dict:
    """`answers` without those to questions that the final answers do not ask."""
    kept = dict(answers)
    for item in structure.all_items():
        if not structure.is_shown(item, kept):
            key = item.question.key
            kept.pop(key, None)
            kept.pop(f"{key}.other", None)
    return kept


def first_missing_page(structure: Structure, answers: dict) -> int | None:
    """The index of the first page with a required question asked but not answered."""
    for index, page in enumerate(structure.pages):
        for item in page.items:
            question = item.question
            if (
                question.required
                and question.key not in answers
                and structure.is_shown(item, answers)
            ):
                return index
    return None


# --- Whose answer is this -------------------------------------------------------------------


def response_in_progress(
    *, survey: Survey, user=None, device: str = "", response_id: int | None = None
) -> Response | None:
    """The response this person is working on (or has sent, for signed-in answering).

    Signed-in answering (`user` given): the person's one response. Otherwise the
    response remembered in the session (`response_id`), else the newest unfinished one
    of this device.
    """
    responses = Response.objects.filter(survey=survey)
    if user is not None:
        return responses.filter(user=user).first()
    if response_id:
        found = responses.filter(
            pk=response_id, status=ResponseStatus.STARTED, user__isnull=True
        ).first()
        if found is not None:
            return found
    if device:
        return (
            responses.filter(device_hash=device, status=ResponseStatus.STARTED, user__isnull=True)
            .order_by("-pk")
            .first()
        )
    return None


def device_has_answered(*, survey: Survey, device: str) -> bool:
    """Whether this device (by its hash) has already sent a complete answer."""
    if not device:
        return False
    return Response.objects.filter(
        survey=survey, device_hash=device, status=ResponseStatus.COMPLETE
    ).exists()


def response_for_resume(*, survey: Survey, token: str) -> Response | None:
    """The unfinished response a resume link belongs to, only if it is of this survey."""
    if not token:
        return None
    return Response.objects.filter(
        survey=survey, resume_hash=resume_hash(token), status=ResponseStatus.STARTED
    ).first()


# --- Staff ----------------------------------------------------------------------------------


def with_duplicate_flag(responses: QuerySet) -> QuerySet:
    """Annotate `is_duplicate`: an earlier complete response of the same survey came from
    the same device, or from the same network address within 24 hours."""
    earlier = Response.objects.filter(
        Q(submitted_at__lt=OuterRef("submitted_at"))
        | Q(submitted_at=OuterRef("submitted_at"), pk__lt=OuterRef("pk")),
        survey=OuterRef("survey"),
        status=ResponseStatus.COMPLETE,
    )
    same_device = earlier.filter(device_hash=OuterRef("device_hash")).exclude(device_hash="")
    same_address = earlier.filter(
        ip_hash=OuterRef("ip_hash"),
        submitted_at__gte=OuterRef("submitted_at") - DUPLICATE_WINDOW,
    ).exclude(ip_hash="")
    complete = Q(status=ResponseStatus.COMPLETE)
    return responses.annotate(
        same_device=Exists(same_device), same_address=Exists(same_address)
    ).annotate(
        is_duplicate=(Q(same_device=True) | Q(same_address=True)) & complete,
    )


def response_list_for_staff(*, survey: Survey) -> QuerySet:
    """Every response of the survey, newest first, with its duplicate flag and the official
    who entered it. Nothing that could identify an anonymous respondent is read."""
    responses = (
        Response.objects.filter(survey=survey)
        .select_related("entered_by")
        .only(
            "pk",
            "survey_id",
            "channel",
            "status",
            "submitted_at",
            "created_at",
            "device_hash",
            "ip_hash",
            "entered_by__display_name",
            "user_id",
        )
        .order_by("-pk")
    )
    return with_duplicate_flag(responses)


def response_counts(*, survey: Survey) -> dict[str, int]:
    responses = Response.objects.filter(survey=survey)
    return {
        "complete": responses.filter(status=ResponseStatus.COMPLETE).count(),
        "started": responses.filter(status=ResponseStatus.STARTED).count(),
    }


def entered_today(*, survey: Survey, user) -> dict[str, int]:
    """How many answers were typed in (field mode) today: by anyone, and by `user`."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    entered = Response.objects.filter(
        survey=survey, entered_by__isnull=False, created_at__gte=start
    ).exclude(channel=Channel.KIOSK)
    return {"all": entered.count(), "mine": entered.filter(entered_by=user).count()}
