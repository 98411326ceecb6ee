"""A meeting's life: created as a draft, edited (refused when someone saved in between),
published, cancelled with a reason (everyone registered is told); its registration
questions, the attendance by audience, the minutes and the outcomes.

Every write locks the meeting's row; saving the meeting's own fields raises its `version`
(questions, attendance, minutes and outcomes are separate forms and do not)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.audiences import Audience

from ..models import (
    Attendance,
    Meeting,
    MeetingStatus,
    Outcome,
    OutcomeSource,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
)
from ..models.meeting import OUTCOME_MAX
from . import mail
from .common import check_version, locked
from .registration import promote_waiting

# The fields a staff form sets on a meeting.
MEETING_FIELDS = (
    "process",
    "phase",
    "kind",
    "title",
    "summary",
    "agenda",
    "starts_at",
    "ends_at",
    "place_name",
    "address",
    "latitude",
    "longitude",
    "accessibility",
    "online_url",
    "audiences",
    "registration_open",
    "capacity",
    "registration_closes_at",
)


def _check(meeting: Meeting) -> None:
    """The rules that span fields and rows, each error on its field."""
    errors: dict[str, list[str]] = {}
    if meeting.process_id and meeting.process.municipality_id != meeting.municipality_id:
        errors.setdefault("process", []).append(_("Choose one of this municipality's processes."))
    if meeting.phase_id:
        if not meeting.process_id:
            errors.setdefault("phase", []).append(_("Choose the process before its phase."))
        elif meeting.phase.process_id != meeting.process_id:
            errors.setdefault("phase", []).append(
                _("This phase belongs to another process: choose a phase of “%(process)s”.")
                % {"process": meeting.process.title}
            )
    if meeting.starts_at and meeting.ends_at and meeting.ends_at < meeting.starts_at:
        errors.setdefault("ends_at", []).append(_("The meeting cannot end before it starts."))
    if (
        meeting.registration_closes_at
        and meeting.starts_at
        and meeting.registration_closes_at > meeting.starts_at
    ):
        errors.setdefault("registration_closes_at", []).append(
            _("Registration must close before the meeting starts, or at the latest then.")
        )
    if (meeting.latitude is None) != (meeting.longitude is None):
        field = "longitude" if meeting.longitude is None else "latitude"
        errors.setdefault(field, []).append(_("Give both latitude and longitude, or neither."))
    unknown = [a for a in meeting.audiences if a not in Audience.values]
    if unknown:
        errors.setdefault("audiences", []).append(_("Choose audiences from the list."))
    if errors:
        raise ValidationError(errors)
    meeting.full_clean(exclude=["municipality", "created_by"], validate_unique=False)


@transaction.atomic
def meeting_create(*, municipality, by, **fields) -> Meeting:
    meeting = Meeting(municipality=municipality, created_by=_user(by), status=MeetingStatus.DRAFT)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(f"unknown meeting field {name}")
        setattr(meeting, name, value)
    _check(meeting)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, by, expected_version: int | None = None, site_url: str = "", **fields
) -> Meeting:
    """Save the staff form's fields. A raised capacity moves people up from the waiting list."""
    current = locked(meeting)
    check_version(current, expected_version)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(f"unknown meeting field {name}")
        setattr(current, name, value)
    _check(current)
    current.version += 1
    current.save()
    if current.status == MeetingStatus.PUBLISHED:
        promote_waiting(current, site_url=site_url)
    return current


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by) -> Meeting:
    current = locked(meeting)
    if current.status != MeetingStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    _check(current)
    current.status = MeetingStatus.PUBLISHED
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    return current


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str, site_url: str = "") -> Meeting:
    """Cancel the meeting; everyone registered or waiting gets an e-mail with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the meeting is cancelled: residents are told.")}
        )
    current = locked(meeting)
    if current.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is already cancelled."), code="cancelled")
    current.status = MeetingStatus.CANCELLED
    current.cancel_reason = reason[:300]
    current.registration_open = False
    current.version += 1
    current.save()
    registrations = list(
        Registration.objects.filter(meeting=current).exclude(status=RegistrationStatus.CANCELLED)
    )
    mail.meeting_cancelled(current, registrations, site_url=site_url)
    return current


# Registration questions --------------------------------------------------------------


def _clean_choices(kind: str, choices) -> list[str]:
    options = [str(c).strip() for c in (choices or []) if str(c).strip()]
    if kind == RegistrationQuestion.Kind.CHOICE:
        if len(options) < 2:
            raise ValidationError({"choices": _("Give at least two options, one per line.")})
        if len({o.casefold() for o in options}) != len(options):
            raise ValidationError({"choices": _("Each option must be different.")})
        return options
    return []


@transaction.atomic
def question_save(
    *, meeting: Meeting, question: RegistrationQuestion | None = None, by, **fields
) -> RegistrationQuestion:
    current = locked(meeting)
    if question is None:
        top = current.registration_questions.aggregate(top=Max("position"))["top"]
        question = RegistrationQuestion(meeting=current, position=(top or 0) + 1)
    elif question.meeting_id != current.pk:
        raise ValidationError(_("The question belongs to another meeting."))
    question.text = (fields.get("text") or "").strip()
    question.kind = fields.get("kind") or RegistrationQuestion.Kind.TEXT
    question.required = bool(fields.get("required"))
    question.choices = _clean_choices(question.kind, fields.get("choices"))
    question.full_clean(exclude=["meeting"])
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: RegistrationQuestion, by) -> None:
    locked(question.meeting)
    question.delete()


# What happened: attendance, minutes, outcomes ------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, counts: dict[str, int | None]) -> list[Attendance]:
    """Set the number of participants per audience; an empty or 0 count removes the row."""
    current = locked(meeting)
    errors = {}
    for audience, count in counts.items():
        if audience not in Audience.values:
            errors[audience] = [_("Unknown audience.")]
        elif count is not None and count < 0:
            errors[audience] = [_("A number of participants cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    for audience, count in counts.items():
        if count:
            Attendance.objects.update_or_create(
                meeting=current, audience=audience, defaults={"count": count}
            )
        else:
            Attendance.objects.filter(meeting=current, audience=audience).delete()
    return list(current.attendance.all())


@transaction.atomic
def minutes_save(*, meeting: Meeting, by, minutes: str, publish: bool) -> Meeting:
    """Save the minutes; published, they (and the outcomes and attendance) are public."""
    current = locked(meeting)
    current.minutes = (minutes or "").strip()
    if publish:
        if current.status == MeetingStatus.DRAFT:
            raise ValidationError(
                {"publish": _("Publish the meeting before its minutes.")}, code="draft"
            )
        if current.minutes_published_at is None:
            current.minutes_published_at = timezone.now()
    else:
        current.minutes_published_at = None
    current.save(update_fields=["minutes", "minutes_published_at", "updated_at"])
    return current


def _outcome_text(text: str, field: str = "text") -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({field: _("Write the outcome as a short statement.")})
    if len(text) > OUTCOME_MAX:
        raise ValidationError(
            {
                field: _(
                    "An outcome can be at most %(max)s characters (this one has %(count)s): "
                    "split it in two or say it shorter."
                )
                % {"max": OUTCOME_MAX, "count": len(text)}
            }
        )
    return text


@transaction.atomic
def outcomes_add(
    *, meeting: Meeting, by, texts: list[str], source: str = OutcomeSource.MINUTES
) -> list[Outcome]:
    """Add several outcomes at the end, in the order given; all or none."""
    current = locked(meeting)
    cleaned = []
    errors = []
    for number, text in enumerate(texts, start=1):
        try:
            cleaned.append(_outcome_text(text))
        except ValidationError as error:
            errors.append(
                _("Outcome %(number)s: %(error)s")
                % {"number": number, "error": " ".join(error.messages)}
            )
    if errors:
        raise ValidationError({"texts": errors})
    if not cleaned:
        raise ValidationError({"texts": _("Write at least one outcome, one per line.")})
    top = current.outcomes.aggregate(top=Max("position"))["top"] or 0
    created = [
        Outcome.objects.create(
            meeting=current,
            text=text,
            position=top + i,
            source=source,
            created_by=_user(by),
        )
        for i, text in enumerate(cleaned, start=1)
    ]
    return created


@transaction.atomic
def outcome_update(*, outcome: Outcome, by, text: str) -> Outcome:
    locked(outcome.meeting)
    outcome.text = _outcome_text(text)
    outcome.save(update_fields=["text"])
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, by) -> None:
    locked(outcome.meeting)
    outcome.delete()


@transaction.atomic
def outcome_move(*, outcome: Outcome, by, up: bool) -> None:
    """Swap an outcome with its neighbour above (up) or below; renumbers 1..n."""
    current = locked(outcome.meeting)
    ordered = list(current.outcomes.order_by("position", "pk"))
    index = next(i for i, o in enumerate(ordered) if o.pk == outcome.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None
