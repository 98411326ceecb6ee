"""The Arrange step of an OPERA workshop and its result: themes, ideas moved into them,
and the ranked themes and ideas saved as the meeting's outcomes (once)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Idea, IdeaStage, OperaSession, Outcome, OutcomeSource, Step, Theme
from ..models.meeting import OUTCOME_MAX
from ..models.opera import THEME_MAX
from .common import locked
from .opera import bump, locked_session


def _arranging(session: OperaSession) -> OperaSession:
    session = locked_session(session)
    if session.step != Step.ARRANGE:
        raise ValidationError(_("Themes are made in the Arrange step."), code="not_arranging")
    return session


def _clean_name(session: OperaSession, name: str, theme: Theme | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the theme a name.")})
    if len(name) > THEME_MAX:
        raise ValidationError(
            {
                "name": _("Keep the name to %(most)s characters (it has %(count)s).")
                % {"most": THEME_MAX, "count": len(name)}
            }
        )
    others = Theme.objects.filter(session=session, name__iexact=name)
    if theme is not None:
        others = others.exclude(pk=theme.pk)
    if others.exists():
        raise ValidationError(
            {"name": _("There is already a theme called “%(name)s”.") % {"name": name}}
        )
    return name


@transaction.atomic
def opera_theme_create(*, session: OperaSession, name: str) -> Theme:
    session = _arranging(session)
    name = _clean_name(session, name)
    position = (session.themes.aggregate(m=Max("position"))["m"] or 0) + 1
    theme = Theme.objects.create(session=session, name=name, position=position)
    bump(session)
    return theme


@transaction.atomic
def opera_theme_rename(*, theme: Theme, name: str) -> Theme:
    session = _arranging(theme.session)
    theme.name = _clean_name(session, name, theme)
    theme.save(update_fields=["name"])
    bump(session)
    return theme


@transaction.atomic
def opera_theme_delete(*, theme: Theme) -> None:
    """Remove a theme; its ideas go back to the ideas without a theme."""
    session = _arranging(theme.session)
    theme.delete()
    bump(session)


@transaction.atomic
def opera_idea_move(*, session: OperaSession, idea: Idea, theme: Theme | None) -> Idea:
    """Put a pair's idea into `theme` (last in it), or back among the unsorted (None)."""
    session = _arranging(session)
    if idea.session_id != session.pk or idea.stage != IdeaStage.PAIR:
        raise ValidationError({"idea": _("Choose one of the workshop's ideas.")})
    if theme is not None and theme.session_id != session.pk:
        raise ValidationError({"theme": _("Choose one of the workshop's themes.")})
    if idea.theme_id != (theme.pk if theme else None):
        last = Idea.objects.filter(session=session, theme=theme).aggregate(m=Max("position"))
        idea.theme = theme
        idea.position = (last["m"] or 0) + 1
        idea.save(update_fields=["theme", "position"])
        bump(session)
    return idea


def ranked_ideas(session: OperaSession) -> list[Idea]:
    """The pair ideas with `total` points, most points first (then by number)."""
    ideas = (
        Idea.objects.filter(session=session, stage=IdeaStage.PAIR)
        .select_related("theme", "pair")
        .annotate(total=Sum("votes__points"))
    )
    rows = list(ideas)
    for idea in rows:
        idea.total = idea.total or 0
    rows.sort(key=lambda i: (-i.total, i.number or 10**9, i.pk))
    return rows


def ranked_themes(session: OperaSession, ideas: list[Idea] | None = None) -> list[dict]:
    """[{theme, points, ideas}] most points first; ideas in each by their points."""
    ideas = ranked_ideas(session) if ideas is None else ideas
    themes = {t.pk: {"theme": t, "points": 0, "ideas": []} for t in session.themes.all()}
    for idea in ideas:
        if idea.theme_id in themes:
            themes[idea.theme_id]["points"] += idea.total
            themes[idea.theme_id]["ideas"].append(idea)
    return sorted(themes.values(), key=lambda t: (-t["points"], t["theme"].position, t["theme"].pk))


@transaction.atomic
def opera_outcomes_save(
    *, session: OperaSession, by, unthemed_as_outcomes: bool = True
) -> list[Outcome]:
    """The workshop's result as the meeting's outcomes: one per theme (its name and
    points), and, if chosen, one per idea without a theme. Done once: a second call
    returns what the first stored."""
    session = locked_session(session)
    if session.step != Step.DONE:
        raise ValidationError(
            _("The outcomes are saved when the workshop finishes."), code="not_done"
        )
    if session.outcomes_saved_at is not None:
        return list(Outcome.objects.filter(opera_session=session))
    ideas = ranked_ideas(session)
    rows: list[tuple[int, str, Theme | None]] = [
        (entry["points"], entry["theme"].name, entry["theme"])
        for entry in ranked_themes(session, ideas)
        if entry["ideas"] or entry["points"]
    ]
    if unthemed_as_outcomes:
        rows += [(idea.total, idea.text, None) for idea in ideas if idea.theme_id is None]
    rows.sort(key=lambda r: -r[0])
    locked(session.meeting)  # positions after those of outcomes added at the same time
    start = Outcome.objects.filter(meeting=session.meeting).aggregate(m=Max("position"))["m"] or 0
    outcomes = Outcome.objects.bulk_create(
        [
            Outcome(
                meeting=session.meeting,
                text=text[:OUTCOME_MAX],
                position=start + k,
                source=OutcomeSource.OPERA,
                opera_session=session,
                theme=theme,
                points=points,
                created_by=by,
            )
            for k, (points, text, theme) in enumerate(rows, start=1)
        ]
    )
    session.outcomes_saved_at = timezone.now()
    session.save(update_fields=["outcomes_saved_at"])
    bump(session)
    return outcomes
