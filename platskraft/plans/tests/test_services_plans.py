"""Plans and priority areas: creating, changing, publishing, ordering, removing — each
recorded in the history."""

import pytest
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory

from ..models import Change, PriorityArea
from ..services import plans
from .factories import AreaFactory, PlanFactory, SubProjectFactory

pytestmark = pytest.mark.django_db


def test_a_plan_is_created_with_its_history():
    municipality = MunicipalityFactory()
    official = UserFactory()
    plan = plans.plan_create(municipality=municipality, by=official, title="  Handlingsplan ")
    assert plan.title == "Handlingsplan" and not plan.is_published
    change = Change.objects.get(plan=plan)
    assert (change.by, change.action, change.item) == (official, "created", "plan")
    assert change.fields == {"title": [None, "Handlingsplan"]}


def test_a_plan_needs_a_title_and_a_process_of_its_municipality():
    municipality = MunicipalityFactory(code="1781")
    with pytest.raises(ValidationError) as caught:
        plans.plan_create(municipality=municipality, by=UserFactory(), title=" ")
    assert "title" in caught.value.message_dict
    foreign = ProcessFactory(municipality=MunicipalityFactory(code="1281"))
    with pytest.raises(ValidationError) as caught:
        plans.plan_create(municipality=municipality, by=UserFactory(), title="P", process=foreign)
    assert "process" in caught.value.message_dict


def test_plan_update_records_old_and_new_values_and_publish_is_recorded():
    plan = PlanFactory(title="Old", is_published=False)
    official = UserFactory()
    plans.plan_update(plan=plan, by=official, title="New", description="Why")
    plans.plan_update(plan=plan, by=official, title="New")  # nothing changed: no row
    plans.plan_publish(plan=plan, by=official, published=True)
    plan.refresh_from_db()
    assert plan.title == "New" and plan.is_published
    history = list(Change.objects.filter(plan=plan).order_by("pk").values_list("fields", flat=True))
    assert history == [
        {"title": ["Old", "New"], "description": ["What we will do together, and when.", "Why"]},
        {"is_published": [False, True]},
    ]
    with pytest.raises(TypeError):
        plans.plan_update(plan=plan, by=official, municipality=MunicipalityFactory())


def test_areas_are_placed_last_and_codes_are_unique_per_plan():
    plan = PlanFactory()
    official = UserFactory()
    first = plans.area_create(plan=plan, by=official, code="1", title="Housing")
    second = plans.area_create(plan=plan, by=official, code="2", title="Jobs", goal="More jobs")
    assert (first.position, second.position) == (0, 1)
    with pytest.raises(ValidationError) as caught:
        plans.area_create(plan=plan, by=official, code=" 1 ", title="Again")
    assert "code" in caught.value.message_dict
    assert PriorityArea.objects.filter(plan=plan).count() == 2
    # Another plan may use the same code.
    plans.area_create(
        plan=PlanFactory(municipality=plan.municipality), by=official, code="1", title="X"
    )
    created = Change.objects.get(plan=plan, item="area:2")
    assert created.fields == {
        "code": [None, "2"],
        "title": [None, "Jobs"],
        "goal": [None, "More jobs"],
    }


@pytest.mark.parametrize("code", ["", "   ", "a b", "1:2", "1/2", "x" * 21])
def test_bad_area_codes_are_refused(code):
    with pytest.raises(ValidationError) as caught:
        plans.area_create(plan=PlanFactory(), by=UserFactory(), code=code, title="T")
    assert "code" in caught.value.message_dict
    assert not PriorityArea.objects.exists()


def test_area_update_and_move():
    plan = PlanFactory()
    official = UserFactory()
    a, b, c = (AreaFactory(plan=plan) for _ in range(3))
    plans.area_update(area=b, by=official, title="Renamed", indicator_target="200 more")
    plans.area_move(area=c, by=official, direction="up")
    assert list(PriorityArea.objects.filter(plan=plan).values_list("pk", flat=True)) == [
        a.pk,
        c.pk,
        b.pk,
    ]
    plans.area_move(area=a, by=official, direction="up")  # already first: stays
    assert list(PriorityArea.objects.filter(plan=plan).values_list("pk", flat=True)) == [
        a.pk,
        c.pk,
        b.pk,
    ]
    with pytest.raises(ValidationError):
        plans.area_move(area=a, by=official, direction="sideways")
    with pytest.raises(ValidationError) as caught:
        plans.area_update(area=b, by=official, code=a.code)
    assert "code" in caught.value.message_dict
    moved = Change.objects.filter(plan=plan, item=f"area:{c.code}").get()
    assert moved.fields == {"position": [3, 2]}


def test_an_area_with_sub_projects_is_not_removed():
    area = AreaFactory()
    official = UserFactory()
    SubProjectFactory(area=area)
    with pytest.raises(ValidationError):
        plans.area_delete(area=area, by=official)
    assert PriorityArea.objects.filter(pk=area.pk).exists()
    empty = AreaFactory(plan=area.plan)
    plans.area_delete(area=empty, by=official)
    assert not PriorityArea.objects.filter(pk=empty.pk).exists()
    assert Change.objects.filter(
        plan=area.plan, action="removed", item=f"area:{empty.code}"
    ).exists()
