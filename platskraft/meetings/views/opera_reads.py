"""What the OPERA screens read: a participant's task, the facilitator's figures, the big
screen, and the cheap "has anything changed for you?" key the polls compare."""

from __future__ import annotations

from html import escape
from typing import NamedTuple

from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ..models import Idea, IdeaStage, OperaSession, Participant, Step, Vote
from ..models.opera import STEP_ORDER
from ..services.opera_arrange import ranked_ideas, ranked_themes
from ..services.opera_ideas import pair_own_ideas

PAIR_STEPS = (Step.PAIRS,)
LIST_STEPS = (Step.EXPOSE, Step.RANKING)


def opera_url(name: str, session: OperaSession, **kwargs) -> str:
    return reverse(
        f"meetings:{name}",
        kwargs={
            "municipality_slug": session.meeting.municipality.slug,
            "code": session.join_code,
            **kwargs,
        },
    )


def staff_url(name: str, session: OperaSession, **kwargs) -> str:
    return reverse(
        f"meetings:{name}",
        kwargs={
            "municipality_slug": session.meeting.municipality.slug,
            "pk": session.pk,
            **kwargs,
        },
    )


def _timer_key(session: OperaSession) -> str:
    ends = session.step_ends_at
    return f"{session.step}.{int(ends.timestamp()) if ends else 0}"


def participant_key(session: OperaSession, participant: Participant) -> str:
    """Changes exactly when the participant's screen should change: the step, its timer,
    and what they see in it (their pair's ideas; the list of ideas; the themes)."""
    key = _timer_key(session)
    if session.step in PAIR_STEPS:
        mine = Q(pair_id=participant.pair_id) if participant.pair_id else Q(participant=participant)
        seen = Idea.objects.filter(mine).aggregate(n=Count("pk"), m=Max("pk"))
        key += f".{participant.pair_id}.{seen['n']}.{seen['m']}"
    elif session.step in LIST_STEPS:
        numbered = Idea.objects.filter(
            session=session, stage=IdeaStage.PAIR, number__isnull=False
        ).count()
        key += f".{numbered}"
    elif session.step in (Step.ARRANGE, Step.DONE):
        key += f".{session.revision}"
    return key


def seconds_left(session: OperaSession) -> int | None:
    if session.step_ends_at is None:
        return None
    return max(0, int((session.step_ends_at - timezone.now()).total_seconds()))


def timer(session: OperaSession) -> dict:
    """`seconds_left` (None without a timer) and `minutes_left` (rounded up)."""
    seconds = seconds_left(session)
    return {"seconds_left": seconds, "minutes_left": -(-(seconds or 0) // 60)}


class Exposed(NamedTuple):
    """An idea of the exposé as the screens show it: no model instance per idea (every
    phone reads all of them when ranking opens)."""

    pk: int
    number: int
    text: str


def exposed_ideas(session: OperaSession) -> list[Exposed]:
    rows = (
        Idea.objects.filter(session=session, stage=IdeaStage.PAIR, number__isnull=False)
        .order_by("number")
        .values_list("pk", "number", "text")
    )
    return [Exposed(*row) for row in rows]


def task_context(session: OperaSession, participant: Participant, **forms) -> dict:
    """Everything the participant's task for the current step shows."""
    from ..forms_opera import IdeaForm, PairIdeaForm, new_client_key

    step = session.step
    context = {
        "session": session,
        "participant": participant,
        "step_number": STEP_ORDER.index(step),
        **timer(session),
        "state_key": participant_key(session, participant),
        "status_url": opera_url("opera_status", session),
    }
    if step == Step.OWN or forms.get("idea_form"):
        mine = list(participant.ideas.filter(stage=IdeaStage.OWN).order_by("pk"))
        context["own_ideas"] = mine
        context["ideas_left"] = max(0, session.ideas_per_participant - len(mine))
        context["idea_form"] = forms.get("idea_form") or IdeaForm(
            initial={"client_key": new_client_key()}
        )
    if step == Step.PAIRS or forms.get("pair_form"):
        own = list(pair_own_ideas(participant).select_related("participant").order_by("pk"))
        context["pair_own_ideas"] = own
        context["pair_ideas"] = (
            list(
                Idea.objects.filter(pair_id=participant.pair_id, stage=IdeaStage.PAIR).order_by(
                    "pk"
                )
            )
            if participant.pair_id
            else []
        )
        context["partners"] = (
            list(
                Participant.objects.filter(pair_id=participant.pair_id)
                .exclude(pk=participant.pk)
                .values_list("number", flat=True)
            )
            if participant.pair_id
            else []
        )
        context["pair_ideas_left"] = max(0, session.ideas_per_pair - len(context["pair_ideas"]))
        context["pair_form"] = forms.get("pair_form") or PairIdeaForm(
            own_ideas=own, initial={"client_key": new_client_key()}
        )
    if step == Step.EXPOSE:
        context["ideas"] = exposed_ideas(session)
    if step == Step.RANKING or forms.get("points_form"):
        # The form object only when it was sent back with errors: an unsent one would
        # build a field per idea that the page never uses.
        form = forms.get("points_form")
        ideas = form.ideas if form else exposed_ideas(session)
        given = dict(participant.votes.values_list("idea_id", "points"))
        context["given_total"] = sum(given.values())
        context["ranking"] = True
        context["points_form"] = form
        context["point_rows"] = point_rows(form, ideas, given, session.max_points_per_idea)
    if step in (Step.ARRANGE, Step.DONE):
        context["themes"] = ranked_themes(session)
    return context


POINT_ROW = (
    '<div class="field opera-point{marked}">'
    '<label for="id_{name}"><span class="opera-number">{number}</span> {text}</label>{error}'
    '<input type="number" name="{name}" id="id_{name}" value="{value}" min="0" max="{most}"'
    ' inputmode="numeric"{invalid}></div>'
)
POINT_ERROR = '<div class="opera-point-error" id="id_{name}_error">{errors}</div>'
POINT_INVALID = ' aria-invalid="true" aria-describedby="id_{name}_error"'


def point_rows(form, ideas, given: dict[int, int], most: int) -> list[str]:
    """The points form's rows, one per idea, as escaped HTML. Every phone renders hundreds
    of them when ranking opens; a template loop took most of that request's time.
    `form` is the form sent back with errors, or None."""
    errors = form.errors if form is not None else {}
    rows = []
    for idea in ideas:
        name = f"idea_{idea.pk}"
        value = form.data.get(name, "") if form is not None else given.get(idea.pk, 0)
        error = errors.get(name)
        # html.escape is what Django's escape does, without its lazy-string wrapper.
        html = POINT_ROW.format(
            name=name,
            number=idea.number,
            text=escape(idea.text),
            value=escape(str(value)),
            most=most,
            marked=" field-error" if error else "",
            error=POINT_ERROR.format(name=name, errors=conditional_escape(error)) if error else "",
            invalid=POINT_INVALID.format(name=name) if error else "",
        )
        rows.append(mark_safe(html))  # every value in it is escaped above
    return rows


def control_figures(session: OperaSession) -> dict:
    """The facilitator's numbers: joined, ideas, points, pairs and what each pair sent."""
    ideas = Idea.objects.filter(session=session).aggregate(
        own=Count("pk", filter=Q(stage=IdeaStage.OWN)),
        pair=Count("pk", filter=Q(stage=IdeaStage.PAIR)),
        late=Count("pk", filter=Q(is_late=True)),
    )
    votes = Vote.objects.filter(session=session).aggregate(
        points=Sum("points"), voters=Count("participant", distinct=True)
    )
    pairs = list(
        session.pairs.annotate(
            size=Count("members", distinct=True),
            sent=Count("ideas", filter=Q(ideas__stage=IdeaStage.PAIR), distinct=True),
        ).order_by("number")
    )
    return {
        "joined": session.participants.count(),
        "own_ideas": ideas["own"],
        "pair_ideas": ideas["pair"],
        "late": ideas["late"],
        "points": votes["points"] or 0,
        "voters": votes["voters"] or 0,
        "pairs": pairs,
        "pairs_without_ideas": sum(1 for p in pairs if not p.sent),
    }


def screen_context(session: OperaSession) -> dict:
    context = {
        "session": session,
        "steps": Step.choices,
        "figures": control_figures(session),
        **timer(session),
    }
    if session.step in (Step.EXPOSE, Step.RANKING):
        context["ideas"] = exposed_ideas(session)
    if session.step in (Step.ARRANGE, Step.DONE):
        ideas = ranked_ideas(session)
        context["ranked"] = ideas
        context["themes"] = ranked_themes(session, ideas)
        context["unthemed"] = [i for i in ideas if i.theme_id is None]
    return context
