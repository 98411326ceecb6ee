"""Sub-projects: the rules of the issue's "bad input", the tree, optimistic concurrency,
funding, milestones, updates, links and making one from a citizen proposal."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import DepartmentFactory, MunicipalityFactory
from platskraft.proposals.models import Status as CaseStatus
from platskraft.proposals.models import StatusChange, Visibility
from platskraft.proposals.tests.factories import ChannelFactory, ProposalFactory
from platskraft.surveys.tests.factories import QuestionFactory, SurveyFactory

from ..models import Change, Funding, Link, Milestone, SubProject, Update
from ..services import links, subprojects
from ..services.subprojects import EditConflict
from .factories import AreaFactory, FundingFactory, PlanFactory, SubProjectFactory

pytestmark = pytest.mark.django_db


def elsewhere(municipality):
    """Another municipality than `municipality` (the factory reuses municipalities by code)."""
    return MunicipalityFactory(code="0480" if municipality.code != "0480" else "2361")


def create(area, **fields):
    fields.setdefault("code", "1.1")
    fields.setdefault("title", "Benches by the river")
    return subprojects.subproject_create(plan=area.plan, area=area, by=UserFactory(), **fields)


def update(sub_project, by=None, **fields):
    return subprojects.subproject_update(
        sub_project=sub_project,
        by=by or UserFactory(),
        expected_version=fields.pop("expected_version", sub_project.version),
        **fields,
    )


def test_create_records_the_history():
    area = AreaFactory()
    owner = DepartmentFactory(municipality=area.plan.municipality, name="Tekniska nämnden")
    official = UserFactory()
    sub_project = subprojects.subproject_create(
        plan=area.plan,
        area=area,
        by=official,
        code="1.1",
        title="Benches",
        owner=owner,
        progress="40",
        start_date=date(2026, 3, 1),
    )
    assert (sub_project.progress, sub_project.version, sub_project.updated_by) == (40, 1, official)
    change = Change.objects.get(plan=area.plan, item="1.1")
    assert change.action == "created" and change.by == official
    assert change.fields["owner"] == [None, "Tekniska nämnden"]
    assert change.fields["start_date"] == [None, "2026-03-01"]
    assert change.fields["progress"] == [None, 40]


@pytest.mark.parametrize("progress", [-1, 101, "150", 12.5, "many", True])
def test_progress_outside_0_to_100_is_refused(progress):
    area = AreaFactory()
    with pytest.raises(ValidationError) as caught:
        create(area, progress=progress)
    assert "progress" in caught.value.message_dict
    assert not SubProject.objects.exists()


@pytest.mark.parametrize("progress", [0, 100, "55", "55 %", None, ""])
def test_progress_from_0_to_100_or_empty_is_kept(progress):
    sub_project = create(AreaFactory(), progress=progress)
    assert sub_project.progress == (
        None if progress in (None, "") else int(str(progress).strip(" %"))
    )


def test_an_end_before_the_start_is_refused_on_create_and_update():
    area = AreaFactory()
    with pytest.raises(ValidationError) as caught:
        create(area, start_date=date(2026, 5, 1), end_date=date(2026, 4, 30))
    assert "end_date" in caught.value.message_dict
    assert "2026-04-30" in caught.value.message_dict["end_date"][0]
    sub_project = SubProjectFactory(area=area)
    with pytest.raises(ValidationError) as caught:
        update(sub_project, end_date=date(2020, 1, 1))
    assert "end_date" in caught.value.message_dict
    sub_project.refresh_from_db()
    assert sub_project.end_date == date(2026, 11, 30) and sub_project.version == 1


def test_duplicate_code_negative_weight_foreign_owner_and_bad_status_name_their_fields():
    area = AreaFactory()
    SubProjectFactory(area=area, code="1.1")
    foreign = DepartmentFactory(municipality=elsewhere(area.plan.municipality))
    with pytest.raises(ValidationError) as caught:
        create(area, code="1.1", weight=-1, owner=foreign, status="finished")
    assert {"weight", "owner", "status"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        create(area, code="1.1")
    assert "code" in caught.value.message_dict


def test_a_parent_in_another_plan_or_area_is_refused():
    area = AreaFactory()
    elsewhere = SubProjectFactory(
        area=AreaFactory(plan=PlanFactory(municipality=area.plan.municipality))
    )
    with pytest.raises(ValidationError) as caught:
        create(area, parent=elsewhere)
    assert "parent" in caught.value.message_dict
    other_area = SubProjectFactory(area=AreaFactory(plan=area.plan))
    with pytest.raises(ValidationError) as caught:
        create(area, parent=other_area)
    assert "parent" in caught.value.message_dict
    assert not SubProject.objects.filter(area=area).exists()


def test_a_parent_that_would_make_a_cycle_is_refused_and_names_the_loop():
    area = AreaFactory()
    a = SubProjectFactory(area=area, code="1.1")
    b = SubProjectFactory(area=area, code="1.1.1", parent=a)
    c = SubProjectFactory(area=area, code="1.1.1.1", parent=b)
    with pytest.raises(ValidationError) as caught:
        update(a, parent=c)
    message = caught.value.message_dict["parent"][0]
    assert "(1.1 → 1.1.1.1 → 1.1.1 → 1.1)" in message  # each part of the next
    with pytest.raises(ValidationError) as caught:
        update(a, parent=a)
    assert "parent" in caught.value.message_dict
    a.refresh_from_db()
    assert a.parent is None and a.version == 1


def test_moving_a_sub_project_to_another_area_takes_its_parts_along():
    area = AreaFactory()
    a = SubProjectFactory(area=area)
    part = SubProjectFactory(area=area, parent=a)
    new_area = AreaFactory(plan=area.plan)
    update(a, area=new_area)
    part.refresh_from_db()
    assert part.area == new_area
    assert Change.objects.filter(item=part.code, fields__area__1=str(new_area)).exists()


def test_a_stale_version_is_a_conflict_naming_who_saved_and_nothing_is_lost():
    sub_project = SubProjectFactory(title="Benches")
    anna = UserFactory(display_name="Anna Berg")
    opened = sub_project.version
    update(sub_project, by=anna, title="Benches and lamps", expected_version=opened)
    with pytest.raises(EditConflict) as caught:
        update(sub_project, by=UserFactory(), title="Benches and trees", expected_version=opened)
    conflict = caught.value
    assert isinstance(conflict, ValidationError) and conflict.code == "conflict"
    assert "Anna Berg" in conflict.messages[0]
    assert conflict.changed_by == anna and conflict.current.title == "Benches and lamps"
    sub_project.refresh_from_db()
    assert sub_project.title == "Benches and lamps" and sub_project.version == opened + 1
    assert Change.objects.filter(item=sub_project.code, action="changed").count() == 1
    # Saving again on the current version works.
    update(sub_project, title="Benches and trees", expected_version=sub_project.version)
    sub_project.refresh_from_db()
    assert sub_project.title == "Benches and trees" and sub_project.version == opened + 2


def test_update_records_old_and_new_values():
    sub_project = SubProjectFactory(status="ongoing", progress=None)
    official = UserFactory()
    update(sub_project, by=official, status="done", progress=100)
    change = Change.objects.get(item=sub_project.code, action="changed")
    assert change.by == official
    assert change.fields == {"status": ["ongoing", "done"], "progress": [None, 100]}


def test_delete_refuses_a_sub_project_with_parts_and_records_removal():
    a = SubProjectFactory()
    part = SubProjectFactory(area=a.area, parent=a)
    with pytest.raises(ValidationError):
        subprojects.subproject_delete(sub_project=a, by=UserFactory())
    subprojects.subproject_delete(sub_project=part, by=UserFactory())
    assert not SubProject.objects.filter(pk=part.pk).exists()
    assert Change.objects.get(item=part.code, action="removed").fields["title"][1] is None


# --- Funding -------------------------------------------------------------------------------


def test_funding_replaces_rows_flags_spent_over_planned_and_records_changes():
    sub_project = SubProjectFactory()
    FundingFactory(sub_project=sub_project, financier="Leader", planned_sek=50_000, spent_sek=0)
    rows = subprojects.funding_set(
        sub_project=sub_project,
        by=UserFactory(),
        rows=[("Kommunen", "850 000", 900_000), ("Tillväxtverket", 350_000, None)],
    )
    assert {(f.financier, f.planned_sek, f.spent_sek, f.is_over) for f in rows} == {
        ("Kommunen", 850_000, 900_000, True),
        ("Tillväxtverket", 350_000, 0, False),
    }
    change = Change.objects.get(item=sub_project.code)
    assert change.fields == {
        "funding:Leader": [[50_000, 0], None],
        "funding:Kommunen": [None, [850_000, 900_000]],
        "funding:Tillväxtverket": [None, [350_000, 0]],
    }
    sub_project.refresh_from_db()
    assert sub_project.version == 1  # no expected_version given: the version stays


def test_bad_funding_rows_name_row_and_column_and_nothing_is_written():
    sub_project = SubProjectFactory()
    FundingFactory(sub_project=sub_project, financier="Leader")
    with pytest.raises(ValidationError) as caught:
        subprojects.funding_set(
            sub_project=sub_project,
            by=UserFactory(),
            rows=[("Kommunen", -5, 0), ("", 1, 1), ("kommunen", 1, 1), ("EU", 1, "1.5")],
        )
    messages = caught.value.message_dict["funding"]
    assert len(messages) == 4
    assert messages[0].startswith("Row 1, planned") and "cannot be negative" in messages[0]
    assert messages[1].startswith("Row 2") and messages[2].startswith("Row 3")
    assert messages[3].startswith("Row 4, spent")
    assert list(
        Funding.objects.filter(sub_project=sub_project).values_list("financier", flat=True)
    ) == ["Leader"]
    assert not Change.objects.exists()


def test_funding_with_a_stale_version_is_a_conflict():
    sub_project = SubProjectFactory()
    update(sub_project, title="Changed")
    with pytest.raises(EditConflict):
        subprojects.funding_set(
            sub_project=sub_project, by=UserFactory(), rows=[("K", 1, 0)], expected_version=1
        )
    assert not Funding.objects.exists()


# --- Milestones and updates --------------------------------------------------------------


def test_milestones_are_created_changed_and_removed_with_history():
    sub_project = SubProjectFactory()
    official = UserFactory()
    first = subprojects.milestone_create(
        sub_project=sub_project, by=official, title="Drawings", weight=2
    )
    subprojects.milestone_create(sub_project=sub_project, by=official, title="Building")
    subprojects.milestone_update(milestone=first, by=official, done=True)
    assert Milestone.objects.get(pk=first.pk).done
    with pytest.raises(ValidationError):
        subprojects.milestone_update(milestone=first, by=official, weight=-1)
    subprojects.milestone_delete(milestone=first, by=official)
    fields = list(
        Change.objects.filter(item=sub_project.code).order_by("pk").values_list("fields", flat=True)
    )
    assert fields == [
        {"milestone": [None, "Drawings"]},
        {"milestone": [None, "Building"]},
        {"milestone": ["Drawings", "Drawings"], "milestone.done": [False, True]},
        {"milestone": ["Drawings", None]},
    ]


def test_an_update_needs_a_date_and_text_and_a_photo_needs_a_description():
    sub_project = SubProjectFactory()
    with pytest.raises(ValidationError) as caught:
        subprojects.update_add(sub_project=sub_project, by=UserFactory(), date="soon", text=" ")
    assert {"date", "text"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        subprojects.update_add(
            sub_project=sub_project,
            by=UserFactory(),
            date=date(2026, 5, 4),
            text="Done",
            photo=object(),
        )
    assert "photo_alt" in caught.value.message_dict
    assert not Update.objects.exists()
    official = UserFactory()
    entry = subprojects.update_add(
        sub_project=sub_project, by=official, date=date(2026, 5, 4), text="Benches are in"
    )
    assert entry.author == official
    subprojects.update_delete(update=entry, by=official)
    assert not Update.objects.exists()
    history = list(
        Change.objects.filter(item=sub_project.code).order_by("pk").values_list("fields", flat=True)
    )
    assert history == [
        {"update": [None, "2026-05-04: Benches are in"]},
        {"update": ["2026-05-04: Benches are in", None]},
    ]


# --- Links and proposals ------------------------------------------------------------------


def test_links_to_proposals_and_survey_questions_of_the_municipality_only():
    sub_project = SubProjectFactory()
    municipality = sub_project.plan.municipality
    proposal = ProposalFactory(channel=ChannelFactory(municipality=municipality), title="A bench")
    question = QuestionFactory(
        section__survey=SurveyFactory(municipality=municipality, title="Life here")
    )
    official = UserFactory()
    link = links.link_add(
        sub_project=sub_project, target=proposal, by=official, note="Asked for it"
    )
    assert (link.label, link.target) == ("A bench", proposal)
    assert links.link_add(sub_project=sub_project, target=question, by=official).label.startswith(
        "Life here: "
    )
    with pytest.raises(ValidationError):
        links.link_add(sub_project=sub_project, target=proposal, by=official)
    foreign = ProposalFactory(channel=ChannelFactory(municipality=elsewhere(municipality)))
    with pytest.raises(ValidationError):
        links.link_add(sub_project=sub_project, target=foreign, by=official)
    draft = ProposalFactory(
        channel=ChannelFactory(municipality=municipality), visibility=Visibility.DRAFT
    )
    with pytest.raises(ValidationError):
        links.link_add(sub_project=sub_project, target=draft, by=official)
    with pytest.raises(ValidationError):
        links.link_add(sub_project=sub_project, target=official, by=official)
    links.link_remove(link=link, by=official)
    assert Link.objects.filter(sub_project=sub_project).count() == 1
    removed = Change.objects.filter(item=sub_project.code).order_by("pk").last()
    assert removed.fields == {"link": ["Citizen proposal: A bench", None]}


def test_a_proposal_becomes_a_sub_project_in_one_step():
    area = AreaFactory()
    area.code = "3"
    area.save()
    SubProjectFactory(area=area, code="3.1")
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=area.plan.municipality),
        title="A <b>bench</b>",
        body="<p>By the river.</p>",
    )
    official = UserFactory()
    sub_project = subprojects.subproject_from_proposal(proposal=proposal, area=area, by=official)
    assert (sub_project.code, sub_project.title, sub_project.description) == (
        "3.2",
        "A bench",
        "By the river.",
    )
    assert sub_project.links.get().target == proposal
    proposal.refresh_from_db()
    assert proposal.status == CaseStatus.APPROVED
    assert "3.2" in proposal.answer and area.plan.title in proposal.answer
    assert StatusChange.objects.filter(proposal=proposal, new_status=CaseStatus.APPROVED).exists()
    with pytest.raises(ValidationError) as caught:
        subprojects.subproject_from_proposal(proposal=proposal, area=area, by=official, code="3.9")
    assert "3.2" in caught.value.messages[0]


def test_an_approved_proposal_keeps_its_status_and_bad_proposals_are_refused():
    area = AreaFactory()
    channel = ChannelFactory(municipality=area.plan.municipality)
    approved = ProposalFactory(channel=channel, status=CaseStatus.APPROVED, answer="Yes")
    sub_project = subprojects.subproject_from_proposal(
        proposal=approved, area=area, by=UserFactory(), code="X1"
    )
    approved.refresh_from_db()
    assert (
        sub_project.code == "X1"
        and approved.status == CaseStatus.APPROVED
        and approved.answer == "Yes"
    )
    foreign = ProposalFactory(channel=ChannelFactory(municipality=elsewhere(channel.municipality)))
    draft = ProposalFactory(channel=channel, visibility=Visibility.DRAFT)
    for proposal in (foreign, draft):
        with pytest.raises(ValidationError):
            subprojects.subproject_from_proposal(proposal=proposal, area=area, by=UserFactory())
    # A taken code: nothing is written, the case stays as it was.
    fresh = ProposalFactory(channel=channel)
    with pytest.raises(ValidationError):
        subprojects.subproject_from_proposal(proposal=fresh, area=area, by=UserFactory(), code="X1")
    fresh.refresh_from_db()
    assert (
        fresh.status == CaseStatus.RECEIVED and not Link.objects.filter(object_id=fresh.pk).exists()
    )
