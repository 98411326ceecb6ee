"""OPERA workshops: starting one, joining it, moving it through its steps.

A session moves one step at a time: lobby → own ideas → pairs → exposé → ranking →
arrange → done. Every step change locks the session's row, so two clicks on "next step"
move it once, and every change raises `revision` in the same transaction, so a polling
screen learns cheaply whether anything happened. Ideas and points are in `opera_ideas`,
themes and outcomes in `opera_arrange`.

Participants need no account: joining makes a `Participant` and hands back a random key
(for a signed, HTTP-only cookie); only its keyed hash is stored.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.core.privacy import keyed_hash
from platskraft.core.queries import unique_or_none

from ..models import Meeting, MeetingStatus, OperaSession, Pair, Participant, Step
from ..models.opera import STEP_ORDER, Idea, IdeaStage

# Six characters that cannot be misread: no 0/O, no 1/I (32**6, about a billion codes).
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
# A code works until this long after the meeting ends (or until the workshop finishes).
CODE_LIFETIME = timedelta(hours=12)
TIMED_STEPS = (Step.OWN, Step.PAIRS, Step.EXPOSE, Step.RANKING, Step.ARRANGE)
DEFAULT_MINUTES = {
    Step.OWN: 5,
    Step.PAIRS: 10,
    Step.EXPOSE: 5,
    Step.RANKING: 5,
    Step.ARRANGE: 10,
}
MAX_MINUTES = 120
_SEPARATORS = str.maketrans("", "", " \t\n\r-_.–—")


def normalise_code(raw: str) -> str:
    return (raw or "").upper().translate(_SEPARATORS)


def participant_key_hash(key: str) -> str:
    return keyed_hash(key, "opera-participant")


def locked_session(session: OperaSession) -> OperaSession:
    """The session as stored now, its row locked for the rest of the transaction."""
    return OperaSession.objects.select_for_update().get(pk=session.pk)


def bump(session: OperaSession) -> None:
    """Raise the session's revision (inside the caller's transaction)."""
    OperaSession.objects.filter(pk=session.pk).update(revision=F("revision") + 1)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def free_join_code() -> str:
    while True:
        code = _new_code()
        if not OperaSession.objects.filter(join_code=code).exists():
            return code


def _check_limits(points: int, most: int) -> None:
    if most > points:
        raise ValidationError(
            {
                "max_points_per_idea": _(
                    "The most points on one idea cannot be more than the points each "
                    "participant has (%(points)s)."
                )
                % {"points": points}
            }
        )


def _clean_minutes(durations: dict | None) -> dict[str, int]:
    minutes = {str(step): DEFAULT_MINUTES[step] for step in TIMED_STEPS}
    for step, value in (durations or {}).items():
        if step not in minutes:
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= MAX_MINUTES:
            raise ValidationError(
                {
                    f"minutes_{step}": _("Give between 1 and %(most)s minutes.")
                    % {"most": MAX_MINUTES}
                }
            )
        minutes[step] = value
    return minutes


@transaction.atomic
def opera_session_create(
    *,
    meeting: Meeting,
    question: str,
    by,
    ideas_per_participant: int = 5,
    ideas_per_pair: int = 3,
    points_per_participant: int = 5,
    max_points_per_idea: int = 3,
    durations: dict | None = None,
) -> OperaSession:
    """A new workshop for `meeting`, waiting in the lobby with a fresh join code."""
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write the question the workshop works on.")})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled: no workshop can be started."))
    _check_limits(points_per_participant, max_points_per_idea)
    expires = max(meeting.ends_at, timezone.now()) + CODE_LIFETIME
    session = OperaSession(
        meeting=meeting,
        question=question,
        join_code=free_join_code(),
        code_expires_at=expires,
        durations=_clean_minutes(durations),
        ideas_per_participant=ideas_per_participant,
        ideas_per_pair=ideas_per_pair,
        points_per_participant=points_per_participant,
        max_points_per_idea=max_points_per_idea,
        created_by=by,
    )
    session.full_clean(exclude=["join_code", "created_by"])
    session.save()
    return session


def code_is_open(session: OperaSession) -> bool:
    return session.step != Step.DONE and session.code_expires_at > timezone.now()


def opera_session_for_code(*, municipality, code: str, joining: bool = True) -> OperaSession:
    """The municipality's workshop with this join code; a ValidationError on the field
    "code" when there is none, or (when `joining`) when its code has expired."""
    normalised = normalise_code(code)
    if not normalised:
        raise ValidationError({"code": _("Write the code shown on the big screen.")})
    session = unique_or_none(
        OperaSession.objects.select_related("meeting"),
        meeting__municipality=municipality,
        join_code=normalised,
    )
    if session is None:
        raise ValidationError(
            {
                "code": _("No workshop has the code %(code)s. Check the code on the big screen.")
                % {"code": normalised}
            }
        )
    session.meeting.municipality = municipality  # the pages build addresses from it
    if joining and not code_is_open(session):
        raise ValidationError(
            {
                "code": _("The code %(code)s has expired: the workshop has ended.")
                % {"code": normalised}
            }
        )
    return session


@transaction.atomic
def opera_join(*, session: OperaSession) -> tuple[Participant, str]:
    """A new participant and the plain key for their cookie (only its hash is kept).

    Someone who joins while the pairs work is added to a pair at once."""
    session = locked_session(session)
    if not code_is_open(session):
        raise ValidationError(
            {
                "code": _("The code %(code)s has expired: the workshop has ended.")
                % {"code": session.join_code}
            }
        )
    key = secrets.token_urlsafe(32)
    number = (session.participants.aggregate(m=Max("number"))["m"] or 0) + 1
    participant = Participant.objects.create(
        session=session,
        number=number,
        key_hash=participant_key_hash(key),
        last_seen_at=timezone.now(),
    )
    if session.step == Step.PAIRS:
        _pair_latecomer(session, participant)
    bump(session)
    return participant, key


def participant_for_key(*, session: OperaSession, key: str) -> Participant | None:
    if not key:
        return None
    return unique_or_none(
        Participant.objects.select_related("pair"),
        session=session,
        key_hash=participant_key_hash(key),
    )


def _pair_latecomer(session: OperaSession, participant: Participant) -> None:
    """Join someone waiting alone, else make a pair a trio, else wait alone for the next."""
    smallest = (
        Pair.objects.filter(session=session)
        .annotate(size=Count("members"))
        .order_by("size", "number")
        .first()
    )
    if smallest is None or smallest.size >= 3:
        number = (session.pairs.aggregate(m=Max("number"))["m"] or 0) + 1
        smallest = Pair.objects.create(session=session, number=number)
    participant.pair = smallest
    participant.save(update_fields=["pair"])


def form_pairs(session: OperaSession, *, seed: int | None = None) -> list[Pair]:
    """Pair everyone not yet in a pair, at random; with an odd number one pair is a trio."""
    waiting = list(session.participants.filter(pair__isnull=True).order_by("number"))
    rng = random.Random(seed if seed is not None else secrets.randbits(64))  # noqa: S311
    rng.shuffle(waiting)
    groups = [waiting[i : i + 2] for i in range(0, len(waiting), 2)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2].extend(groups.pop())
    start = session.pairs.aggregate(m=Max("number"))["m"] or 0
    pairs = []
    for offset, group in enumerate(groups, start=1):
        pair = Pair.objects.create(session=session, number=start + offset)
        members = [p.pk for p in group]
        Participant.objects.filter(pk__in=members).update(pair=pair)
        # Own ideas travel with their writer, so a pair's ideas are found by one index.
        Idea.objects.filter(session=session, stage=IdeaStage.OWN, participant__in=members).update(
            pair=pair
        )
        pairs.append(pair)
    return pairs


def number_pair_ideas(session: OperaSession) -> None:
    """Give the pairs' ideas their numbers for the exposé (in pair order, then as written)."""
    ideas = list(
        Idea.objects.filter(session=session, stage=IdeaStage.PAIR, number__isnull=True).order_by(
            "pair__number", "created_at", "pk"
        )
    )
    start = (
        Idea.objects.filter(session=session, stage=IdeaStage.PAIR).aggregate(m=Max("number"))["m"]
        or 0
    )
    for offset, idea in enumerate(ideas, start=1):
        idea.number = start + offset
    Idea.objects.bulk_update(ideas, ["number"])


def next_step(step: str) -> str | None:
    k = STEP_ORDER.index(step)
    return STEP_ORDER[k + 1] if k + 1 < len(STEP_ORDER) else None


def _start_timer(session: OperaSession, now) -> None:
    session.step_started_at = now
    minutes = (session.durations or {}).get(session.step) or DEFAULT_MINUTES.get(session.step)
    session.step_ends_at = now + timedelta(minutes=int(minutes)) if minutes else None


@transaction.atomic
def opera_step_advance(
    *,
    session: OperaSession,
    by,
    expected_step: str | None = None,
    seed: int | None = None,
    unthemed_as_outcomes: bool = True,
) -> OperaSession:
    """Move the workshop on one step. `expected_step` is the step the facilitator saw:
    when the workshop has moved on since (a second click, a second screen), nothing
    happens and a ValidationError says so."""
    session = locked_session(session)
    if expected_step and expected_step != session.step:
        raise ValidationError(
            _("The workshop has already moved on to “%(step)s”.")
            % {"step": session.get_step_display()},
            code="moved_on",
        )
    target = next_step(session.step)
    if target is None:
        raise ValidationError(_("The workshop has finished."), code="finished")
    now = timezone.now()
    session.step = target
    _start_timer(session, now)
    if target == Step.PAIRS:
        form_pairs(session, seed=seed)
    elif target == Step.EXPOSE:
        number_pair_ideas(session)
    elif target == Step.DONE:
        session.finished_at = now
        session.code_expires_at = min(session.code_expires_at, now)
    session.save(
        update_fields=[
            "step",
            "step_started_at",
            "step_ends_at",
            "finished_at",
            "code_expires_at",
        ]
    )
    bump(session)
    if target == Step.DONE:
        from .opera_arrange import opera_outcomes_save

        opera_outcomes_save(session=session, by=by, unthemed_as_outcomes=unthemed_as_outcomes)
    session.refresh_from_db()
    return session


@transaction.atomic
def opera_timer_extend(*, session: OperaSession, minutes: int = 1) -> OperaSession:
    """Give the current step `minutes` more (from now, when the time had run out)."""
    session = locked_session(session)
    if session.step_ends_at is None:
        raise ValidationError(_("This step has no timer."), code="no_timer")
    session.step_ends_at = max(session.step_ends_at, timezone.now()) + timedelta(minutes=minutes)
    session.save(update_fields=["step_ends_at"])
    bump(session)
    session.refresh_from_db()
    return session
