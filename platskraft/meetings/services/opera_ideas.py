"""What participants send in an OPERA workshop: own ideas, their pair's ideas, points.

Something sent after its step has closed (the facilitator moved on while a phone was
offline, or while someone was still typing) is kept and marked late, and the participant
is told; only before its step opens, or after the workshop has finished, is it refused,
with a message. Each idea form carries a `client_key`: sending the same form twice (a
retry on a weak connection, a double tap) stores the idea once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import Idea, IdeaStage, OperaSession, Pair, Participant, Step, Vote
from ..models.opera import IDEA_MAX, STEP_ORDER
from .opera import bump

CLIENT_KEY_MAX = 32


@dataclass
class Sent:
    """What became of a submission: the rows stored (or found again) and whether late."""

    ideas: list[Idea]
    late: bool
    repeated: bool = False


def _position(step: str, own: str) -> int:
    """-1 before the step `own`, 0 during it, 1 after it."""
    k, j = STEP_ORDER.index(step), STEP_ORDER.index(own)
    return (k > j) - (k < j)


def _check_open(session: OperaSession, own: str) -> bool:
    """True when late; ValidationError before the step opens or after the workshop."""
    if session.step == Step.DONE:
        raise ValidationError(
            _("The workshop has finished: nothing more can be sent."), code="finished"
        )
    where = _position(session.step, own)
    if where < 0:
        raise ValidationError(
            _("This step has not started yet. Wait for the facilitator."), code="not_yet"
        )
    return where > 0


def _clean_text(text: str, field: str = "text") -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({field: _("Write your idea.")})
    if len(text) > IDEA_MAX:
        raise ValidationError(
            {
                field: _("Keep the idea to %(most)s characters (it has %(count)s).")
                % {"most": IDEA_MAX, "count": len(text)}
            }
        )
    return text


def _clean_key(client_key: str) -> str:
    return (client_key or "")[:CLIENT_KEY_MAX]


def _fresh(session: OperaSession) -> OperaSession:
    """The session as stored now, its row locked until commit: a submission and a change of
    step never interleave, so nothing sent while the facilitator moves on is left out
    (an idea without its pair, a pair idea without a number, points after the count)."""
    return OperaSession.objects.select_for_update().get(pk=session.pk)


def _seen(participant: Participant) -> None:
    Participant.objects.filter(pk=participant.pk).update(last_seen_at=timezone.now())


@transaction.atomic
def opera_idea_submit(
    *, session: OperaSession, participant: Participant, text: str, client_key: str = ""
) -> Sent:
    """An own idea. The same `client_key` again returns the idea stored the first time."""
    client_key = _clean_key(client_key)
    session = _fresh(session)
    if client_key:
        found = Idea.objects.filter(
            session=session, participant=participant, client_key=client_key
        ).first()
        if found is not None:
            return Sent([found], found.is_late, repeated=True)
    late = _check_open(session, Step.OWN)
    text = _clean_text(text)
    written = Idea.objects.filter(
        session=session, participant=participant, stage=IdeaStage.OWN
    ).count()
    if written >= session.ideas_per_participant:
        raise ValidationError(
            {
                "text": _("You have written the %(most)s ideas each participant may.")
                % {"most": session.ideas_per_participant}
            }
        )
    idea = Idea.objects.create(
        session=session,
        participant=participant,
        pair=participant.pair,
        stage=IdeaStage.OWN,
        text=text,
        is_late=late,
        client_key=client_key,
    )
    _seen(participant)
    bump(session)
    return Sent([idea], late)


def pair_own_ideas(participant: Participant):
    """The own ideas of everyone in the participant's pair (or just their own)."""
    if participant.pair_id is None:
        return Idea.objects.filter(participant=participant, stage=IdeaStage.OWN)
    return Idea.objects.filter(pair_id=participant.pair_id, stage=IdeaStage.OWN)


@transaction.atomic
def opera_pair_idea_submit(
    *,
    session: OperaSession,
    participant: Participant,
    sources: list[int] | None = None,
    text: str = "",
    client_key: str = "",
) -> Sent:
    """The pair's ideas: with `text`, one idea made from the chosen own ideas (`sources`);
    without, each chosen own idea carried on as it is."""
    client_key = _clean_key(client_key)
    session = _fresh(session)
    participant.refresh_from_db(fields=["pair"])
    if client_key:
        found = list(
            Idea.objects.filter(
                session=session,
                participant=participant,
                client_key__in=[client_key] + [f"{client_key}.{i}" for i in range(10)],
            ).order_by("pk")
        )
        if found:
            return Sent(found, found[0].is_late, repeated=True)
    if participant.pair_id is None:
        raise ValidationError(
            _("You are not in a pair yet. Wait a moment and reload the page."), code="no_pair"
        )
    pair = Pair.objects.get(pk=participant.pair_id)
    late = _check_open(session, Step.PAIRS)
    own = {idea.pk: idea for idea in pair_own_ideas(participant)}
    chosen = []
    for raw in sources or []:
        try:
            chosen.append(own[int(raw)])
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"sources": _("Choose among your pair's own ideas.")}) from None
    text = " ".join((text or "").split())
    if text:
        made = [(_clean_text(text), chosen)]
    elif chosen:
        made = [(idea.text, [idea]) for idea in chosen]
    else:
        raise ValidationError(
            {"text": _("Choose one of your own ideas to carry on, or write one together.")}
        )
    existing = list(Idea.objects.filter(pair=pair, stage=IdeaStage.PAIR))
    if len(existing) + len(made) > session.ideas_per_pair:
        raise ValidationError(
            {
                "sources": _("A pair takes on at most %(most)s ideas; yours has %(count)s already.")
                % {"most": session.ideas_per_pair, "count": len(existing)}
            }
        )
    known = {idea.text.casefold() for idea in existing}
    for new_text, _src in made:
        if new_text.casefold() in known:
            raise ValidationError(
                {
                    "sources": _("“%(idea)s” is already among your pair's ideas.")
                    % {"idea": Truncator(new_text).chars(60)}
                }
            )
    number = None
    if _position(session.step, Step.EXPOSE) >= 0:  # late, after the ideas were numbered
        number = (
            Idea.objects.filter(session=session, stage=IdeaStage.PAIR).aggregate(m=Max("number"))[
                "m"
            ]
            or 0
        )
    stored = []
    for i, (new_text, src) in enumerate(made):
        key = client_key if (text or not client_key) else f"{client_key}.{i}"
        if number is not None:
            number += 1
        idea = Idea.objects.create(
            session=session,
            participant=participant,
            pair=pair,
            stage=IdeaStage.PAIR,
            text=new_text,
            is_late=late,
            client_key=key,
            number=number,
        )
        idea.sources.set(src)
        stored.append(idea)
    _seen(participant)
    bump(session)
    return Sent(stored, late)


def _idea_label(idea: Idea) -> str:
    return _("idea %(number)s (“%(text)s”)") % {
        "number": idea.number,
        "text": Truncator(idea.text).chars(40),
    }


@transaction.atomic
def opera_points_submit(*, session: OperaSession, participant: Participant, points: dict) -> Sent:
    """The participant's points, {idea id: points}; a new distribution replaces the last
    one whole. Errors are keyed `idea_<id>` (or `points` for the total)."""
    session = _fresh(session)  # one distribution at a time, never across a change of step
    late = _check_open(session, Step.RANKING)
    shown = Idea.objects.filter(session=session, stage=IdeaStage.PAIR, number__isnull=False)
    ids = set(shown.values_list("pk", flat=True))  # no model per idea: hundreds are sent

    def label(idea_id: int) -> str:
        return _idea_label(shown.get(pk=idea_id))

    given: dict[int, int] = {}
    errors: dict[str, str] = {}
    for raw_id, raw_points in points.items():
        try:
            idea_id = int(raw_id)
        except (TypeError, ValueError):
            idea_id = None
        if idea_id not in ids:
            raise ValidationError({"points": _("Points can only go to the ideas shown.")})
        try:
            value = int(raw_points or 0)
        except (TypeError, ValueError):
            errors[f"idea_{idea_id}"] = _("Give a whole number of points to %(idea)s.") % {
                "idea": label(idea_id)
            }
            continue
        if value < 0:
            errors[f"idea_{idea_id}"] = _("Points cannot be negative (%(idea)s).") % {
                "idea": label(idea_id)
            }
        elif value > session.max_points_per_idea:
            errors[f"idea_{idea_id}"] = _(
                "At most %(most)s points on one idea: %(idea)s has %(count)s."
            ) % {"most": session.max_points_per_idea, "idea": label(idea_id), "count": value}
        elif value:
            given[idea_id] = value
    if errors:
        raise ValidationError(errors)
    total = sum(given.values())
    if total > session.points_per_participant:
        raise ValidationError(
            {
                "points": _("You gave %(total)s points; you have %(most)s to give.")
                % {"total": total, "most": session.points_per_participant}
            }
        )
    Vote.objects.filter(participant=participant).delete()
    Vote.objects.bulk_create(
        [
            Vote(
                session=session,
                participant=participant,
                idea_id=idea_id,
                points=value,
                is_late=late,
            )
            for idea_id, value in given.items()
        ]
    )
    _seen(participant)
    bump(session)
    return Sent([], late)
