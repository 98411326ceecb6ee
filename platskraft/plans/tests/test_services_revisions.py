"""The plan as a tree (`selectors.tree`): items, rollup, the nested tree for templates,
revision snapshots and comparing two revisions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory
from platskraft.analysis.progress import Kind, Status

from ..models import Change, Revision
from ..selectors.tree import (
    plan_items,
    plan_rollup,
    plan_tree,
    revisions_compare,
    snapshot_items,
)
from ..services import revisions, subprojects
from .factories import (
    AreaFactory,
    FundingFactory,
    MilestoneFactory,
    PlanFactory,
    SubProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    """Area 1 with 1.1 (done, 100 000 planned by Kommunen, 120 000 spent) and 1.2
    (ongoing, two milestones of weights 1 and 3, the heavier done); area 2 with 2.1 (not
    started) and its part 2.1.1 (manual progress 50)."""
    plan = PlanFactory()
    one = AreaFactory(plan=plan, code="1")
    two = AreaFactory(plan=plan, code="2")
    done = SubProjectFactory(area=one, code="1.1", status="done")
    FundingFactory(sub_project=done, financier="Kommunen", planned_sek=100_000, spent_sek=120_000)
    ongoing = SubProjectFactory(area=one, code="1.2", status="ongoing")
    MilestoneFactory(sub_project=ongoing, title="Drawings", weight=1, done=False)
    MilestoneFactory(sub_project=ongoing, title="Permit", weight=3, done=True)
    parent = SubProjectFactory(area=two, code="2.1", status="not_started")
    SubProjectFactory(area=two, code="2.1.1", parent=parent, status="ongoing", progress=50)
    return plan


def test_plan_items_are_areas_sub_projects_and_milestones(plan):
    items = {item.id: item for item in plan_items(plan)}
    assert items["area:1"].kind == Kind.AREA
    assert items["1.1"].parent == "area:1" and items["2.1.1"].parent == "2.1"
    milestones = [i for i in items.values() if i.kind == Kind.MILESTONE]
    assert sorted(m.title for m in milestones) == ["Drawings", "Permit"]
    assert {m.parent for m in milestones} == {"1.2"}
    assert items["1.1"].planned == {"Kommunen": 100_000}


def test_rollup_counts_and_progress(plan):
    rolled = plan_rollup(plan)
    assert rolled.progress_of("1.2") == 75.0  # milestones 1 × 0 + 3 × 100, over 4
    assert rolled.progress_of("2.1") == 50.0  # from its part
    assert rolled.progress_of("area:1") == 87.5
    counts = rolled.overall.counts
    assert (counts[Status.DONE], counts[Status.ONGOING], counts[Status.NOT_STARTED]) == (1, 2, 1)
    assert rolled.areas["area:1"].over_budget == ("Kommunen",)


def test_plan_tree_nests_sub_projects_under_areas(plan):
    tree = plan_tree(plan)
    assert [node.area.code for node in tree] == ["1", "2"]
    first, second = tree.areas
    assert [n.sub_project.code for n in first.sub_projects] == ["1.1", "1.2"]
    assert first.sub_projects[0].over_budget == ("Kommunen",)  # spent over planned: flagged
    assert first.sub_projects[1].percent == 75 and first.sub_projects[1].rolled_up
    (top,) = second.sub_projects
    assert [c.sub_project.code for c in top.children] == ["2.1.1"]
    assert top.children[0].depth == 1 and top.percent == 50
    assert tree.overall.total == 4 and first.percent == 88


def test_a_revision_keeps_a_snapshot_and_records_it(plan):
    official = UserFactory()
    revision = revisions.revision_create(
        plan=plan, by=official, label=" Steering  group ", date=date(2017, 3, 14)
    )
    assert revision.label == "Steering group" and revision.created_by == official
    rows = {s["code"]: s for s in revision.snapshot["sub_projects"]}
    assert rows["1.2"]["progress"] == 75.0 and rows["1.2"]["manual_progress"] is None
    assert rows["1.1"]["planned"] == {"Kommunen": 100_000}
    assert rows["2.1.1"]["parent"] == "2.1" and rows["1.1"]["start"] == "2026-03-01"
    assert [a["code"] for a in revision.snapshot["areas"]] == ["1", "2"]
    items = {i.id: i for i in snapshot_items(revision)}
    assert items["1.2"].progress == 75.0 and items["2.1"].parent == "area:2"
    assert Change.objects.filter(plan=plan, item="revision", by=official).exists()


def test_a_revision_needs_a_name_and_a_date(plan):
    with pytest.raises(ValidationError) as caught:
        revisions.revision_create(plan=plan, by=UserFactory(), label=" ", date="yesterday")
    assert {"label", "date"} <= set(caught.value.message_dict)
    assert not Revision.objects.exists()


def test_two_revisions_compared_show_added_removed_and_changed(plan):
    official = UserFactory()
    first = revisions.revision_create(plan=plan, by=official, label="A", date=date(2017, 3, 14))
    ongoing = plan.sub_projects.get(code="1.2")
    subprojects.subproject_update(
        sub_project=ongoing, by=official, expected_version=ongoing.version, status="done"
    )
    subprojects.funding_set(
        sub_project=plan.sub_projects.get(code="1.1"),
        by=official,
        rows=[("Kommunen", 150_000, 120_000)],
    )
    subprojects.subproject_delete(sub_project=plan.sub_projects.get(code="2.1.1"), by=official)
    subprojects.subproject_create(
        plan=plan, area=plan.areas.get(code="2"), by=official, code="2.2", title="New"
    )
    second = revisions.revision_create(plan=plan, by=official, label="B", date=date(2017, 9, 1))

    diff = revisions_compare(second, first)  # either order: the earlier is the old one
    assert [i.id for i in diff.added] == ["2.2"]
    assert [i.id for i in diff.removed] == ["2.1.1"]
    changed = {c.id: c for c in diff.changed}
    assert set(changed["1.2"].fields()) == {"status"}  # progress stays 75: milestones decide
    assert [(c.field, c.old, c.new, c.financier) for c in changed["1.1"].changes] == [
        ("planned", 100_000, 150_000, "Kommunen")
    ]
    assert changed["2.1"].fields() == ("progress",)  # its part is gone: 50 → 0
    # The plan now compared with the second revision: the same.
    assert not revisions_compare(second)
