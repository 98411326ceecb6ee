"""Action plans for tests: a published plan, priority areas, sub-projects, funding, updates.

`PlanFactory()` is a published plan of a process in a fresh municipality.
`AreaFactory(plan=p)` is the next priority area (code "1", "2", …). `SubProjectFactory(area=a)`
is an ongoing sub-project of that area's plan (code "1.1"-style, unique per plan), with no
manual progress (rolled up). `FundingFactory(sub_project=s)` plans 100 000 kr from the
municipality and has spent 40 000 kr. `UpdateFactory(sub_project=s)` is a dated text entry.

The factories write rows directly: no `Change` rows are recorded (use the services for that).
"""

from datetime import date

import factory

from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory
from platskraft.plans.models import (
    Funding,
    Milestone,
    Plan,
    PriorityArea,
    Status,
    SubProject,
    Update,
)


class PlanFactory(factory.django.DjangoModelFactory):
    """A published action plan of a process."""

    class Meta:
        model = Plan

    municipality = factory.SubFactory(MunicipalityFactory)
    process = factory.SubFactory(
        ProcessFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Action plan {n}")
    description = "What we will do together, and when."
    is_published = True


class AreaFactory(factory.django.DjangoModelFactory):
    """A priority area; its code and position follow the plan's last one."""

    class Meta:
        model = PriorityArea

    plan = factory.SubFactory(PlanFactory)
    code = factory.LazyAttribute(
        lambda o: str(PriorityArea.objects.filter(plan=o.plan).count() + 1)
    )
    position = factory.LazyAttribute(lambda o: PriorityArea.objects.filter(plan=o.plan).count())
    title = factory.Sequence(lambda n: f"Priority area {n}")
    goal = "A living centre."


def _sub_project_code(o) -> str:
    taken = set(SubProject.objects.filter(plan=o.plan).values_list("code", flat=True))
    n = SubProject.objects.filter(area=o.area).count() + 1
    while f"{o.area.code}.{n}" in taken:
        n += 1
    return f"{o.area.code}.{n}"


class SubProjectFactory(factory.django.DjangoModelFactory):
    """An ongoing sub-project of `area` (its plan is the area's), progress rolled up."""

    class Meta:
        model = SubProject

    area = factory.SubFactory(AreaFactory)
    plan = factory.LazyAttribute(lambda o: o.area.plan)
    parent = None
    code = factory.LazyAttribute(_sub_project_code)
    title = factory.Sequence(lambda n: f"Sub-project {n}")
    description = "Benches, trees and a lamp along the river."
    responsible = "Kim Andersson"
    start_date = date(2026, 3, 1)
    end_date = date(2026, 11, 30)
    status = Status.ONGOING
    progress = None


class FundingFactory(factory.django.DjangoModelFactory):
    """100 000 kr planned, 40 000 kr spent."""

    class Meta:
        model = Funding

    sub_project = factory.SubFactory(SubProjectFactory)
    financier = factory.Sequence(lambda n: f"Financier {n}")
    planned_sek = 100_000
    spent_sek = 40_000


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    sub_project = factory.SubFactory(SubProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = date(2026, 6, 1)
    done = False


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    sub_project = factory.SubFactory(SubProjectFactory)
    date = date(2026, 5, 4)
    text = factory.Sequence(lambda n: f"The benches are in place ({n}).")
