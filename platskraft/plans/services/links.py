"""Links from a sub-project to the residents' input that motivated it ("You said → we did").

Any model can be linked through the content types framework; `LINKABLE` lists the kinds
of input offered (proposals, survey questions, meeting outcomes, coded interview passages),
with how to name one and how to find those of a municipality; `on_linked` tells the
input's own people what happened next (meeting registrants who asked for it are e-mailed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.text import strip_tags

from ..models import Change, Link, SubProject
from .common import item_key, locked_sub_project, record

LABEL_MAX = 300
NOTE_MAX = 300


@dataclass(frozen=True)
class Linkable:
    """One kind of input that a sub-project can be linked to."""

    key: str  # "proposal": used in forms and URLs
    model: str  # "proposals.Proposal"
    verbose_name: Promise | str
    label: Callable[[Model], str]  # how the input is named in the link
    in_municipality: Callable[[object], QuerySet]  # the inputs a municipality may link
    search_fields: tuple[str, ...] = ()
    url: Callable[[Model], str | None] = lambda obj: None  # the input's public page
    # Called once, after the link is committed and when residents can see the plan, with
    # the input, the link and the site's address (`_tell`).
    on_linked: Callable[[Model, Link, str], None] | None = None

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def find(self, municipality, pk) -> Model | None:
        """The input with this id in the municipality, or None (missing and foreign alike)."""
        try:
            return self.in_municipality(municipality).filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            return None


LINKABLE: dict[str, Linkable] = {}


def register_linkable(linkable: Linkable) -> None:
    LINKABLE[linkable.key] = linkable


def linkable_for(obj: Model) -> Linkable | None:
    label = obj._meta.label
    return next((spec for spec in LINKABLE.values() if spec.model == label), None)


def _proposals(municipality) -> QuerySet:
    from platskraft.proposals.models import Proposal, Visibility

    return Proposal.objects.filter(municipality=municipality, visibility=Visibility.PUBLISHED)


def _questions(municipality) -> QuerySet:
    from platskraft.surveys.models import Question

    return Question.objects.filter(survey__municipality=municipality).select_related("survey")


def _proposal_url(proposal) -> str | None:
    return proposal.get_absolute_url()


def _outcomes(municipality) -> QuerySet:
    from platskraft.meetings.models import MeetingStatus, Outcome

    return Outcome.objects.filter(
        meeting__municipality=municipality,
        meeting__status=MeetingStatus.PUBLISHED,
        meeting__minutes_published_at__isnull=False,
    ).select_related("meeting__municipality")


def _outcome_label(outcome) -> str:
    meeting = outcome.meeting
    return f"{meeting.title} ({meeting.starts_at:%Y-%m-%d}): {strip_tags(outcome.text)}"


def _outcome_linked(outcome, link: Link, site_url: str) -> None:
    from platskraft.meetings.services.followup import notify_outcome_followed_up

    sub_project = link.sub_project
    plan = sub_project.plan
    notify_outcome_followed_up(
        outcome,
        title=f"{sub_project.code} {sub_project.title}",
        site_url=site_url,
        url=site_url
        + reverse(
            "plans:sub_project",
            kwargs={
                "municipality_slug": plan.municipality.slug,
                "pk": plan.pk,
                "sp_pk": sub_project.pk,
            },
        ),
    )


def _passages(municipality) -> QuerySet:
    from platskraft.interviews.models import Passage

    return (
        Passage.objects.filter(interview__municipality=municipality)
        .select_related("interview__locality")
        .prefetch_related("codes")
        .distinct()
    )


def _passage_label(passage) -> str:
    """Named by who said it (segment, locality) and the codes: no name, no quote, since
    the label is shown on the public plan."""
    interview = passage.interview
    who = ", ".join(
        str(part) for part in (interview.get_segment_display(), interview.locality) if part
    )
    codes = ", ".join(code.name for code in passage.codes.all())
    return _("%(kind)s %(date)s (%(who)s): %(codes)s") % {
        "kind": interview.get_kind_display(),
        "date": f"{interview.date:%Y-%m}",  # the month: a day could point to one person
        "who": who,
        "codes": codes or _("not coded"),
    }


register_linkable(
    Linkable(
        key="proposal",
        model="proposals.Proposal",
        verbose_name=gettext_lazy("Citizen proposal"),
        label=lambda p: strip_tags(p.title),
        in_municipality=_proposals,
        search_fields=("title", "body"),
        url=_proposal_url,
    )
)
register_linkable(
    Linkable(
        key="survey_question",
        model="surveys.Question",
        verbose_name=gettext_lazy("Survey question"),
        label=lambda q: f"{q.survey.title}: {strip_tags(q.text)}",
        in_municipality=_questions,
        search_fields=("text", "survey__title"),
    )
)
register_linkable(
    Linkable(
        key="meeting_outcome",
        model="meetings.Outcome",
        verbose_name=gettext_lazy("Meeting outcome"),
        label=_outcome_label,
        in_municipality=_outcomes,
        search_fields=("text", "meeting__title"),
        url=lambda outcome: outcome.get_absolute_url(),
        on_linked=_outcome_linked,
    )
)
register_linkable(
    Linkable(
        key="interview_passage",
        model="interviews.Passage",
        verbose_name=gettext_lazy("Coded interview passage"),
        label=_passage_label,
        in_municipality=_passages,
        search_fields=("text", "codes__name"),
    )
)


@transaction.atomic
def link_add(
    *, sub_project: SubProject, target: Model, by, note: str = "", site_url: str = ""
) -> Link:
    """Link the sub-project to an input of its municipality that motivated it."""
    current = locked_sub_project(sub_project)
    spec = linkable_for(target)
    if spec is None:
        raise ValidationError({"target": _("This kind of input cannot be linked to a plan.")})
    if spec.find(current.plan.municipality, target.pk) is None:
        raise ValidationError({"target": _("Choose an input of this municipality.")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note to at most %(max)s characters.") % {"max": NOTE_MAX}}
        )
    content_type = ContentType.objects.get_for_model(target)
    if Link.objects.filter(
        sub_project=current, content_type=content_type, object_id=target.pk
    ).exists():
        raise ValidationError(
            {"target": _("The sub-project is already linked to this input.")},
            code="already_linked",
        )
    link = Link.objects.create(
        sub_project=current,
        content_type=content_type,
        object_id=target.pk,
        label=spec.label(target)[:LABEL_MAX],
        note=note,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"link": (None, f"{spec.verbose_name}: {link.label}")},
    )
    if spec.on_linked is not None:
        transaction.on_commit(lambda: _tell(spec, target, link, site_url))
    return link


def _tell(spec: Linkable, target: Model, link: Link, site_url: str) -> None:
    """Tell the input's own people what happened next, once, and only when residents can
    see the plan (until then the plan's publication does it: `tell_untold`)."""
    from ..selectors.public import is_public

    if spec.on_linked is None or not is_public(link.sub_project.plan):
        return
    with transaction.atomic():
        marked = Link.objects.filter(pk=link.pk, told_at__isnull=True).update(
            told_at=timezone.now()
        )
        if marked:  # not told before, and nobody else is telling them right now
            spec.on_linked(target, link, site_url)


def tell_untold_in_process(sender, *, process, site_url: str = "", **kwargs) -> None:
    """`process_made_public`: its published plans are public now."""
    from ..models import Plan

    for plan in Plan.objects.filter(process=process, is_published=True):
        tell_untold(plan, site_url=site_url)


def tell_untold(plan, *, site_url: str) -> int:
    """For a plan that residents can now see: tell the people of every linked input who
    were not told yet (the links made while it was a draft). Returns how many links."""
    told = 0
    untold = Link.objects.filter(sub_project__plan=plan, told_at__isnull=True).select_related(
        "content_type", "sub_project__plan__municipality", "sub_project__plan__process"
    )
    for link in untold:
        model = link.content_type.model_class()
        spec = linkable_for(model) if model is not None else None
        target = link.target
        if spec is None or spec.on_linked is None or target is None:
            continue
        _tell(spec, target, link, site_url)
        told += 1
    return told


@transaction.atomic
def link_remove(*, link: Link, by) -> None:
    current = locked_sub_project(link.sub_project)
    stored = Link.objects.select_related("content_type").get(pk=link.pk, sub_project=current)
    model = stored.content_type.model_class()
    spec = linkable_for(model) if model is not None else None
    kind = spec.verbose_name if spec else stored.content_type.name
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"link": (f"{kind}: {stored.label}", None)},
    )
    stored.delete()
