"""What the platform knows about a plan's process, laid out as the report's sections.

``build_report(plan)`` reads everything once, with plain queries scoped to the plan's
municipality and process (a plan without a process: the whole municipality), and returns
a :class:`Report`: seven sections, each with its narrative and its blocks of facts,
tables and charts. Texts are in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from platskraft.core.templatetags.money import sek

from ..models import Change, Funding, Link, Plan, ReportSection, Revision, Status, SubProject
from ..models import Update as PlanUpdate
from . import charts, participation
from .blocks import Block, day, number, percent
from .process import process_blocks
from .sections import SECTIONS

STATUS_COLOURS = {
    Status.DONE: "#2d6a3e",
    Status.ONGOING: "#1f5f8b",
    Status.NOT_STARTED: "#6b6b6b",
    Status.PAUSED: "#8a5a00",
    Status.CANCELLED: "#8b1f2f",
}
PLANNED_COLOUR = "#9aa9b8"
SPENT_COLOUR = "#1f5f8b"
# Done first: the report tells what was achieved, then what is under way.
REPORT_ORDER = (Status.DONE, Status.ONGOING, Status.NOT_STARTED, Status.PAUSED, Status.CANCELLED)
OPEN_STATUSES = (Status.ONGOING, Status.NOT_STARTED, Status.PAUSED)
LATEST_UPDATES = 5


@dataclass
class ReportSectionView:
    key: str
    number: int
    title: str
    narrative: str
    updated_at: object = None
    updated_by: object = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


@dataclass
class Report:
    plan: Plan
    title: str
    generated: date
    sections: list[ReportSectionView]
    status_counts: dict[str, int]

    def section(self, key: str) -> ReportSectionView:
        return next(s for s in self.sections if s.key == key)


# The plan itself --------------------------------------------------------------------


def status_counts(plan: Plan) -> dict[str, int]:
    """Sub-projects per status, every status present (``Status`` order)."""
    found = dict(SubProject.objects.filter(plan=plan).values_list("status").annotate(n=Count("pk")))
    return {status: found.get(status, 0) for status in Status.values}


def status_sentence(counts: dict[str, int]) -> str:
    """“38 done, 6 ongoing, 2 not started” (statuses with none left out)."""
    parts = [
        f"{number(counts[status])} {Status(status).label.lower()}"
        for status in REPORT_ORDER
        if counts[status]
    ]
    return ", ".join(parts) or _("no sub-projects yet")


def budget_rows(plan: Plan) -> list[tuple[str, int, int]]:
    """(financier, planned, spent) summed over the plan's sub-projects, biggest first."""
    rows = (
        Funding.objects.filter(sub_project__plan=plan)
        .values("financier")
        .annotate(planned=Sum("planned_sek"), spent=Sum("spent_sek"))
        .order_by("-planned", "financier")
    )
    return [(r["financier"], r["planned"] or 0, r["spent"] or 0) for r in rows]


def _status_blocks(plan: Plan, counts: dict[str, int]) -> list[Block]:
    total = sum(counts.values())
    shown = [s for s in REPORT_ORDER if counts[s] or s in REPORT_ORDER[:3]]
    caption = _("Sub-projects by status")
    return [
        Block(
            "facts",
            facts=[
                (_("Priority areas"), number(plan.areas.count())),
                (_("Sub-projects"), number(total)),
                (_("Status"), status_sentence(counts)),
            ],
        ),
        Block(
            "chart",
            caption=caption,
            svg=charts.bar_chart(
                title=caption,
                description=status_sentence(counts),
                categories=[str(Status(s).label) for s in shown],
                series=[
                    charts.Series(
                        caption, STATUS_COLOURS[Status.ONGOING], [counts[s] for s in shown]
                    )
                ],
                label=number,
            )
            if total
            else "",
        ),
        Block(
            "table",
            caption=caption,
            headers=[_("Status"), _("Sub-projects"), _("Share")],
            rows=[
                [str(Status(s).label), number(counts[s]), percent(counts[s], total)] for s in shown
            ],
            foot=[_("Total"), number(total), percent(total, total)],
            numeric=frozenset({1, 2}),
            empty=_("The plan has no sub-projects yet."),
        ),
    ]


def _area_block(plan: Plan) -> Block:
    areas = plan.areas.annotate(
        total=Count("sub_projects"),
        done=Count("sub_projects", filter=Q(sub_projects__status=Status.DONE)),
        ongoing=Count("sub_projects", filter=Q(sub_projects__status=Status.ONGOING)),
        waiting=Count("sub_projects", filter=Q(sub_projects__status=Status.NOT_STARTED)),
    )
    money = dict(
        (r["sub_project__area"], (r["planned"] or 0, r["spent"] or 0))
        for r in Funding.objects.filter(sub_project__plan=plan)
        .values("sub_project__area")
        .annotate(planned=Sum("planned_sek"), spent=Sum("spent_sek"))
    )
    rows = []
    for area in areas:
        planned, spent = money.get(area.pk, (0, 0))
        rows.append(
            [
                f"{area.code} {area.title}",
                number(area.total),
                number(area.done),
                number(area.ongoing),
                number(area.waiting),
                sek(planned),
                sek(spent),
            ]
        )
    return Block(
        "table",
        caption=_("Priority areas"),
        headers=[
            _("Priority area"),
            _("Sub-projects"),
            _("Done"),
            _("Ongoing"),
            _("Not started"),
            _("Planned"),
            _("Spent"),
        ],
        rows=rows,
        numeric=frozenset(range(1, 7)),
        empty=_("The plan has no priority areas yet."),
    )


def _budget_blocks(rows: list[tuple[str, int, int]]) -> list[Block]:
    caption = _("Budget by financier: planned and spent")
    planned = sum(r[1] for r in rows)
    spent = sum(r[2] for r in rows)
    description = _("%(planned)s planned and %(spent)s spent in all.") % {
        "planned": sek(planned),
        "spent": sek(spent),
    }
    return [
        Block(
            "chart",
            caption=caption,
            svg=charts.bar_chart(
                title=caption,
                description=description,
                categories=[r[0] for r in rows],
                series=[
                    charts.Series(_("Planned"), PLANNED_COLOUR, [r[1] for r in rows]),
                    charts.Series(_("Spent"), SPENT_COLOUR, [r[2] for r in rows]),
                ],
                label=sek,
            ),
        ),
        Block(
            "table",
            caption=caption,
            headers=[_("Financier"), _("Planned"), _("Spent"), _("Share spent")],
            rows=[[name, sek(p), sek(s), percent(s, p)] for name, p, s in rows],
            foot=[_("Total"), sek(planned), sek(spent), percent(spent, planned)] if rows else [],
            numeric=frozenset({1, 2, 3}),
            empty=_("No amounts have been entered for the sub-projects."),
        ),
    ]


# The other sections ------------------------------------------------------------------


def _communication_blocks(plan: Plan) -> list[Block]:
    updates = PlanUpdate.objects.filter(sub_project__plan=plan).select_related("sub_project")
    count = updates.count()
    return [
        Block(
            "facts",
            facts=[
                (_("Follow-up page"), _("Published") if plan.is_published else _("Not published")),
                (_("Updates on the timeline"), number(count)),
                (
                    _("Sub-projects with updates"),
                    number(updates.values("sub_project").distinct().count()),
                ),
            ],
        ),
        Block(
            "list",
            caption=_("Latest updates"),
            lines=[
                f"{day(u.date)} · {u.sub_project.code} {u.sub_project.title}: {u.text}"
                for u in updates[:LATEST_UPDATES]
            ],
        ),
    ]


def _continued_blocks(plan: Plan) -> list[Block]:
    remaining = (
        SubProject.objects.filter(plan=plan, status__in=OPEN_STATUSES)
        .select_related("owner")
        .order_by("area__position", "position", "code")
    )
    return [
        Block(
            "table",
            caption=_("Sub-projects not yet done"),
            headers=[_("Sub-project"), _("Status"), _("Owner"), _("Planned end")],
            rows=[
                [
                    f"{s.code} {s.title}",
                    str(s.get_status_display()),
                    " · ".join(filter(None, [str(s.owner or ""), s.responsible])) or "–",
                    day(s.end_date),
                ]
                for s in remaining
            ],
            empty=_("Every sub-project is done or cancelled."),
        )
    ]


def _evaluation_blocks(plan: Plan, budget: list[tuple[str, int, int]]) -> list[Block]:
    planned = sum(r[1] for r in budget)
    spent = sum(r[2] for r in budget)
    over = Funding.objects.filter(sub_project__plan=plan, spent_sek__gt=F("planned_sek"))
    return [
        Block(
            "facts",
            facts=[
                (_("Planned in all"), sek(planned)),
                (_("Spent in all"), sek(spent)),
                (_("Share spent"), percent(spent, planned)),
                (
                    _("Sub-projects over budget"),
                    number(over.values("sub_project").distinct().count()),
                ),
                (
                    _("Recorded changes to the plan"),
                    number(Change.objects.filter(plan=plan).count()),
                ),
            ],
        ),
        Block(
            "table",
            caption=_("Revisions of the plan"),
            headers=[_("Revision"), _("Date")],
            rows=[[r.label, day(r.date)] for r in Revision.objects.filter(plan=plan)],
            empty=_("No revision of the plan has been marked."),
        ),
    ]


def _knowledge_blocks(plan: Plan) -> list[Block]:
    linked = Link.objects.filter(sub_project__plan=plan)
    counts = participation.counts(plan.municipality, plan.process)
    facts = [(label, number(value)) for label, value in counts]
    facts += [
        (_("Inputs linked to sub-projects"), number(linked.count())),
        (
            _("Sub-projects motivated by residents' input"),
            number(linked.values("sub_project").distinct().count()),
        ),
    ]
    return [Block("facts", caption=_("Participation"), facts=facts)]


def build_report(plan: Plan) -> Report:
    counts = status_counts(plan)
    budget = budget_rows(plan)
    blocks = {
        "introduction": process_blocks(plan),
        "knowledge": _knowledge_blocks(plan),
        "initiatives": [*_status_blocks(plan, counts), _area_block(plan), *_budget_blocks(budget)],
        "communication": _communication_blocks(plan),
        "continued": _continued_blocks(plan),
        "evaluations": _evaluation_blocks(plan, budget),
        "experiences": [],
    }
    stored = {
        s.key: s for s in ReportSection.objects.filter(plan=plan).select_related("updated_by")
    }
    sections = []
    for number_, (key, title) in enumerate(SECTIONS, start=1):
        saved = stored.get(key)
        sections.append(
            ReportSectionView(
                key=key,
                number=number_,
                title=str(title),
                narrative=saved.narrative if saved else "",
                updated_at=saved.updated_at if saved else None,
                updated_by=saved.updated_by if saved else None,
                blocks=blocks[key],
            )
        )
    return Report(
        plan=plan,
        title=_("Final report: %(plan)s") % {"plan": plan.title},
        generated=date.today(),
        sections=sections,
        status_counts=counts,
    )
