"""Demo proposals for Kramfors: an always-open channel and a call inside the current phase.

The data (categories, criteria, residents and the proposals themselves) is in
`proposals_data.py`; this module writes it. Rows are written directly, as the rest of the
demo is, so that building it sends no e-mails; counters are set from the rows at the end.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from platskraft.core.text import strip_tags
from platskraft.municipalities.models import Municipality, Process
from platskraft.proposals.models import (
    Category,
    Channel,
    Comment,
    Criterion,
    Follow,
    Proposal,
    Report,
    Score,
    Status,
    StatusChange,
    Support,
    Visibility,
)

from .proposals_data import (
    BUN,
    CALL,
    CRITERIA,
    KLF,
    KS,
    MBN,
    OPEN_CHANNEL,
    PRIORITY_AREAS,
    RESIDENTS,
    DemoProposal,
    Step,
)

__all__ = [
    "BUN",
    "CALL",
    "CRITERIA",
    "KLF",
    "KS",
    "MBN",
    "OPEN_CHANNEL",
    "PRIORITY_AREAS",
    "RESIDENTS",
    "DemoProposal",
    "Step",
    "build_proposals",
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _proposal(
    spec: DemoProposal, *, channel: Channel, categories, departments, people, staff, today
) -> Proposal:
    published = today - timedelta(days=spec.days_ago)
    author = people[spec.author] if spec.author else None
    department = departments.get(spec.department)
    proposal = Proposal.objects.create(
        municipality=channel.municipality,
        channel=channel,
        category=categories[spec.category],
        title=spec.title,
        body=spec.body,
        author=author,
        guest_email="" if author else "offert@example.com",
        author_name=author.display_name if author else "Solpanel AB",
        is_anonymous=spec.anonymous,
        latitude=spec.point[0] if spec.point else None,
        longitude=spec.point[1] if spec.point else None,
        place_name=spec.place,
        visibility=spec.visibility,
        hidden_reason=spec.hidden_reason,
        moderated_by=staff["moderator"] if spec.hidden_reason else None,
        moderated_at=_at(published + timedelta(days=1)) if spec.hidden_reason else None,
        submitted_at=_at(published),
        published_at=_at(published) if spec.visibility == Visibility.PUBLISHED else None,
        department=department,
        case_number=(
            f"KS {(published + timedelta(days=spec.steps[0].after_days)).year}/{spec.case_number}"
            if spec.case_number and spec.steps
            else ""
        ),
        handler=staff["case_handler"] if spec.department == KS else None,
        response_due=today + timedelta(days=spec.due_in_days) if spec.due_in_days else None,
        search_text=" ".join([spec.title, strip_tags(spec.body), spec.place]).lower(),
        is_demo=True,
    )
    Proposal.objects.filter(pk=proposal.pk).update(created_at=_at(published))
    old = Status.RECEIVED
    for step in spec.steps:
        moment = _at(published + timedelta(days=step.after_days))
        change = StatusChange.objects.create(
            proposal=proposal,
            old_status=old,
            new_status=step.status,
            explanation=step.explanation,
            changed_by=staff["editor"],
            department_name=department.name if department else "",
            case_number=proposal.case_number,
        )
        StatusChange.objects.filter(pk=change.pk).update(created_at=moment)
        if step.status in (Status.APPROVED, Status.PARTLY, Status.REJECTED):
            proposal.answer, proposal.answered_at = step.explanation, moment
        proposal.status, old = step.status, step.status
        proposal.version += 1
    proposal.save()
    return proposal


def _participation(proposal: Proposal, spec: DemoProposal, people, staff, criteria) -> None:
    if proposal.author_id:
        Follow.objects.create(proposal=proposal, user=proposal.author)
    if proposal.visibility == Visibility.PUBLISHED:
        _take_part(proposal, spec, people, staff, criteria)
    Proposal.objects.filter(pk=proposal.pk).update(
        support_count=proposal.supports.count(),
        comment_count=proposal.comments.filter(is_hidden=False).count(),
        follower_count=proposal.follows.count(),
    )


def _take_part(proposal: Proposal, spec: DemoProposal, people, staff, criteria) -> None:
    others = [p for key, p in people.items() if key != spec.author]
    for supporter in others[: spec.supporters]:
        Support.objects.create(proposal=proposal, user=supporter)
    if spec.supporters >= 6:
        Follow.objects.get_or_create(proposal=proposal, user=others[0])
    top = None
    for who, text in spec.comments:
        comment = Comment.objects.create(
            proposal=proposal,
            parent=top,
            author=staff["editor"] if who == "staff" else people[who],
            body=text,
            is_official=who == "staff",
        )
        top = top or comment
    if spec.scores:
        for criterion, value in zip(criteria, spec.scores, strict=True):
            Score.objects.create(
                proposal=proposal,
                criterion=criterion,
                value=value,
                reason="Bedömning i demon.",
                scored_by=staff["editor"],
            )


def build_proposals(
    *, kramfors: Municipality, process: Process, people: dict, staff: dict, today: date
) -> None:
    """The always-open channel with its proposals, and a call in the process's current phase."""
    departments = {d.name: d for d in kramfors.departments.all()}
    open_channel = Channel.objects.create(
        municipality=kramfors,
        title="Förslag till Kramfors",
        description=(
            "Har du en idé som gör Kramfors till en bättre plats att bo, verka och besöka? "
            "Skicka ett förslag. Kommunen svarar på alla förslag och du kan följa vad som "
            "händer med ditt. (Demo)"
        ),
        is_published=True,
        allow_guests=True,
        support_weight=1,
        is_demo=True,
    )
    categories = {
        name: Category.objects.create(channel=open_channel, name=name, position=i)
        for i, name in enumerate(PRIORITY_AREAS)
    }
    criteria = [
        Criterion.objects.create(
            channel=open_channel, name=name, description=text, weight=weight, position=i
        )
        for i, (name, text, weight) in enumerate(CRITERIA)
    ]
    phase = next(p for p in process.phases.all() if p.start_date <= today <= p.end_date)
    call = Channel.objects.create(
        municipality=kramfors,
        process=process,
        phase=phase,
        title="Idéer för ett levande Kramfors",
        description=(
            "Under arenafasen samlar vi idéer om byarna och centrum. Förslagen tas med "
            "till workshoparna och till handlingsplanen. (Demo)"
        ),
        is_published=True,
        is_demo=True,
    )
    call_categories = {
        name: Category.objects.create(channel=call, name=name, position=i)
        for i, name in enumerate(["Byarna", "Centrum"])
    }
    for channel, specs, cats, crits in [
        (open_channel, OPEN_CHANNEL, categories, criteria),
        (call, CALL, call_categories, []),
    ]:
        for spec in specs:
            proposal = _proposal(
                spec,
                channel=channel,
                categories=cats,
                departments=departments,
                people=people,
                staff=staff,
                today=today,
            )
            _participation(proposal, spec, people, staff, crits)
            if spec.hidden_reason:
                Report.objects.create(
                    proposal=proposal,
                    reporter=people["ines"],
                    reason="Det här är reklam.",
                    resolved_at=proposal.moderated_at,
                    resolved_by=staff["moderator"],
                )
    # An open report on a comment, for the moderators' queue.
    comment = Comment.objects.filter(proposal__channel=open_channel, author=people["olle"]).first()
    if comment:
        Report.objects.create(
            proposal=comment.proposal,
            comment=comment,
            reporter=people["erik"],
            reason="Hör inte till förslaget, tycker jag.",
        )
