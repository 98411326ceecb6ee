"""The report's introduction: the process's facts, phases, financing and governance."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from platskraft.core.templatetags.money import sek

from ..models import Plan
from .blocks import Block, day, number


def process_blocks(plan: Plan) -> list[Block]:
    process = plan.process
    facts = [(_("Municipality"), plan.municipality.name), (_("Action plan"), plan.title)]
    if process is None:
        facts.append((_("Process"), _("The plan belongs to the municipality as a whole.")))
        return [Block("facts", facts=facts)]
    facts += [
        (_("Process"), process.title),
        (_("Summary"), process.summary),
        (_("Period"), f"{day(process.start_date)} – {day(process.end_date)}"),
        (_("Status"), str(process.get_status_display())),
    ]
    groups = process.groups.annotate(members_count=Count("members"))
    return [
        Block("facts", facts=facts),
        Block(
            "table",
            caption=_("Phases"),
            headers=[_("Phase"), _("Kind"), _("From"), _("To")],
            rows=[
                [p.name, str(p.get_kind_display()), day(p.start_date), day(p.end_date)]
                for p in process.phases.all()
            ],
            empty=_("The process has no phases."),
        ),
        Block(
            "table",
            caption=_("Financing of the process"),
            headers=[_("Financier"), _("Years"), _("Amount")],
            rows=[
                [
                    f.name,
                    "–".join(str(y) for y in (f.start_year, f.end_year) if y) or "–",
                    sek(f.amount_sek),
                ]
                for f in process.financiers.all()
            ],
            foot=[_("Total"), "", sek(sum(f.amount_sek for f in process.financiers.all()))],
            numeric=frozenset({2}),
            empty=_("No financiers have been entered for the process."),
        ),
        Block(
            "table",
            caption=_("Governance"),
            headers=[_("Group"), _("Kind"), _("Members")],
            rows=[[g.name, str(g.get_kind_display()), number(g.members_count)] for g in groups],
            numeric=frozenset({2}),
            empty=_("No governance groups have been entered."),
        ),
    ]
