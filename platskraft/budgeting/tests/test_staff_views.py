"""The staff pages of the citizen budget through the test client: who may open what (every
page × every kind of visitor, another municipality's staff get 404), every form's bad
input (a clear message, what was typed kept, nothing written), voting codes that are never
stored in plain text, double entry of paper ballots, the audit log, and the Pabulib `.pb`
export and import (a round trip gives the same projects and votes; a bad file names its
section and line)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from platskraft.accounts.tests.factories import UserFactory
from platskraft.analysis.pabulib import parse_pb
from platskraft.budgeting import pb_io
from platskraft.budgeting.models import (
    Ballot,
    BallotKind,
    Channel,
    District,
    PaperEntry,
    Project,
    ProjectStatus,
    Round,
    Rule,
    Stage,
    VoteEvent,
    VotingCode,
)
from platskraft.budgeting.services import voting
from platskraft.core.tests.pages import page_text as text
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory, ProcessFactory
from platskraft.proposals.models import Visibility
from platskraft.proposals.tests.factories import ChannelFactory, ProposalFactory

from .factories import BallotFactory, DistrictFactory, ProjectFactory, RoundFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


def url(name, municipality, **kwargs):
    return reverse(f"budgeting:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


STAFF = ["admin", "editor", "moderator", "handler", "observer"]
MANAGERS = ["admin", "editor"]
PAPER = ["admin", "editor", "handler"]
EVERYONE = [*STAFF, "resident", "anonymous", "lund_admin"]


@dataclass
class World:
    municipality: object
    users: dict
    round: Round
    district: District
    project: Project
    proposal: object


@pytest.fixture
def world(kramfors, lund):
    def member(role, municipality=kramfors):
        return MembershipFactory(municipality=municipality, role=role).user

    users = {
        "admin": member(Role.ADMIN),
        "editor": member(Role.EDITOR),
        "moderator": member(Role.MODERATOR),
        "handler": member(Role.CASE_HANDLER),
        "observer": member(Role.OBSERVER),
        "resident": UserFactory(),
        "anonymous": None,
        "lund_admin": member(Role.ADMIN, municipality=lund),
    }
    round_ = RoundFactory(municipality=kramfors, title="Medborgarbudget 2026", stage=Stage.VOTING)
    district = DistrictFactory(round=round_, name="Nyland", budget_sek=500_000)
    project = ProjectFactory(round=round_, district=district, title="Lekpark", cost_sek=200_000)
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=kramfors), title="Bänk vid älven"
    )
    return World(kramfors, users, round_, district, project, proposal)


R = {"pk": "round"}
D = {"pk": "round", "district_id": "district"}
P = {"pk": "round", "project_id": "project"}

# name: (method, url name, kwargs, data, who may)
VIEWS = {
    "rounds": ("get", "staff_rounds", {}, None, STAFF),
    "round": ("get", "staff_round", R, None, STAFF),
    "projects": ("get", "staff_projects", R, None, STAFF),
    "codes": ("get", "staff_codes", R, None, STAFF),
    "audit": ("get", "staff_audit", R, None, STAFF),
    "export": ("get", "staff_export_pb", R, None, STAFF),
    "round_add": ("get", "staff_round_add", {}, None, MANAGERS),
    "import": ("get", "staff_import_pb", {}, None, MANAGERS),
    "round_edit": ("get", "staff_round_edit", R, None, MANAGERS),
    "stage": ("get", "staff_round_stage", R, None, MANAGERS),
    "stage_post": ("post", "staff_round_stage", R, {"stage": "counting"}, MANAGERS),
    "district_add": ("get", "staff_district_add", R, None, MANAGERS),
    "district_edit": ("get", "staff_district_edit", D, None, MANAGERS),
    "district_delete": ("get", "staff_district_delete", D, None, MANAGERS),
    "project_add": ("get", "staff_project_add", R, None, MANAGERS),
    "project_edit": ("get", "staff_project", P, None, MANAGERS),
    "project_review": ("get", "staff_project_review", P, None, MANAGERS),
    "from_proposal": ("get", "staff_project_from_proposal", R, None, MANAGERS),
    "codes_post": ("post", "staff_codes", R, {"count": "2"}, MANAGERS),
    "paper": ("get", "staff_paper", R, None, PAPER),
    "to_project": ("get", "staff_proposal_to_project", {"proposal_id": "proposal"}, None, MANAGERS),
}


def resolve(world, kwargs):
    objects = {
        "round": world.round,
        "district": world.district,
        "project": world.project,
        "proposal": world.proposal,
    }
    return {k: objects[v].pk for k, v in kwargs.items()}


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_who_may_open_each_page(client, world, view, who):
    method, name, kwargs, data, allowed = VIEWS[view]
    user = world.users[who]
    if user is not None:
        client.force_login(user)
    address = url(name, world.municipality, **resolve(world, kwargs))
    if view == "stage":
        address += "?stage=counting"
    if view == "export":
        address += f"?district={world.district.pk}"
    if view == "codes_post":
        data = {**data, "district": world.district.pk}
    response = getattr(client, method)(address, data or {})

    if who in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_staff_nav_lists_the_citizen_budget_for_staff_only(client, world):
    client.force_login(world.users["observer"])
    page = client.get(reverse("municipalities:staff", kwargs={"municipality_slug": "kramfors"}))
    assert url("staff_rounds", world.municipality) in page.content.decode()


def test_observer_reads_without_buttons_to_change(client, world):
    client.force_login(world.users["observer"])
    page = client.get(url("staff_round", world.municipality, pk=world.round.pk))
    body = page.content.decode()
    assert "You can read here but not change anything." in text(page)
    assert url("staff_round_edit", world.municipality, pk=world.round.pk) not in body
    assert url("staff_project_add", world.municipality, pk=world.round.pk) not in body


def test_another_municipality_round_is_404_even_for_its_parts(client, world, lund):
    other = RoundFactory(municipality=lund)
    other_district = DistrictFactory(round=other)
    client.force_login(world.users["admin"])
    assert client.get(url("staff_round", world.municipality, pk=other.pk)).status_code == 404
    # a district of another round, through this round's address
    address = url(
        "staff_district_edit",
        world.municipality,
        pk=world.round.pk,
        district_id=other_district.pk,
    )
    assert client.get(address).status_code == 404


# --- rounds -------------------------------------------------------------------------------


def round_data(process, **changes):
    data = {
        "title": "Budget för Nyland",
        "process": process.pk,
        "description": "",
        "budget_sek": "1000000",
        "ballot_kind": "knapsack",
        "min_projects": "1",
        "max_projects": "",
        "points": "",
        "eligibility": "both",
        "min_age": "",
        "rule": "mes-cost-add1",
        "min_support": "",
        "tie_seed": "7",
        "voting_opens_at": "",
        "voting_closes_at": "",
    }
    data.update(changes)
    return data


def test_new_round_is_a_draft_with_every_setting(client, world):
    client.force_login(world.users["editor"])
    process = ProcessFactory(municipality=world.municipality)
    response = client.post(
        url("staff_round_add", world.municipality),
        round_data(
            process,
            ballot_kind="cumulative",
            points="10",
            min_age="16",
            rule="greedy-threshold",
            min_support="25",
            voting_opens_at="2026-05-01T08:00",
            voting_closes_at="2026-05-31T20:00",
        ),
    )
    round_ = Round.objects.get(title="Budget för Nyland")
    assert response.status_code == 302
    assert response["Location"] == url("staff_round", world.municipality, pk=round_.pk)
    assert round_.stage == Stage.DRAFT and round_.municipality == world.municipality
    assert (round_.ballot_kind, round_.points, round_.min_age) == ("cumulative", 10, 16)
    assert (round_.rule, round_.min_support, round_.tie_seed) == ("greedy-threshold", 25, 7)
    assert round_.voting_closes_at > round_.voting_opens_at


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "This field is required."),
        ({"budget_sek": "0"}, "budget_sek", "The amount must be more than 0 kronor."),
        ({"budget_sek": "-5"}, "budget_sek", "The amount must be more than 0 kronor."),
        ({"budget_sek": "1,5 milj"}, "budget_sek", "Write the amount in whole kronor"),
        (
            {"min_projects": "3", "max_projects": "2"},
            "max_projects",
            "The most projects (2) cannot be fewer than the fewest (3).",
        ),
        (
            {"ballot_kind": "k_approval"},
            "max_projects",
            "Say how many projects a voter may approve at most.",
        ),
        ({"ballot_kind": "cumulative"}, "points", "Say how many points each voter spreads."),
        (
            {"rule": "greedy-threshold"},
            "min_support",
            "Say how many votes a project needs at least to be funded.",
        ),
        (
            {"voting_opens_at": "2026-05-31T08:00", "voting_closes_at": "2026-05-01T08:00"},
            "voting_closes_at",
            "Voting must close after it opens.",
        ),
        ({"process": "999999"}, "process", "Select a valid choice."),
    ],
)
def test_bad_round_settings_are_explained_and_kept(client, world, changes, field, message):
    client.force_login(world.users["editor"])
    process = ProcessFactory(municipality=world.municipality)
    before = Round.objects.count()
    response = client.post(
        url("staff_round_add", world.municipality), {**round_data(process), **changes}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert Round.objects.count() == before
    for name, value in changes.items():
        if value and name not in ("process", "voting_opens_at", "voting_closes_at"):
            assert f'value="{value}"' in response.content.decode() or value in text(response)


def test_a_process_of_another_municipality_cannot_be_chosen(client, world, lund):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_round_add", world.municipality), round_data(ProcessFactory(municipality=lund))
    )
    assert "process" in response.context["form"].errors
    assert not Round.objects.filter(title="Budget för Nyland").exists()


def test_settings_are_saved_and_ballot_shape_refused_once_ballots_exist(client, world):
    client.force_login(world.users["editor"])
    BallotFactory(round=world.round, district=world.district, choices={world.project.pk: 1})
    address = url("staff_round_edit", world.municipality, pk=world.round.pk)
    data = round_data(world.round.process, title="Nytt namn", budget_sek="1000000")
    response = client.post(address, data)
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.title == "Nytt namn" and world.round.tie_seed == 7

    response = client.post(address, {**data, "budget_sek": "2000000"})
    assert response.status_code == 200
    assert "Ballots have been cast" in text(response)
    world.round.refresh_from_db()
    assert world.round.budget_sek == 1_000_000


def test_stage_moves_with_a_confirmation_and_the_service_message(client, world):
    client.force_login(world.users["editor"])
    round_ = RoundFactory(municipality=world.municipality, stage=Stage.REVIEW)
    page = client.get(url("staff_round", world.municipality, pk=round_.pk))
    confirm = url("staff_round_stage", world.municipality, pk=round_.pk) + "?stage=voting"
    assert confirm.replace("&", "&amp;") in page.content.decode()

    asked = client.get(confirm)
    assert "Move the round on to “Voting”?" in text(asked)
    # No approved project: the service refuses, with its message, and nothing moves.
    refused = client.post(confirm, {"stage": "voting"}, follow=True)
    round_.refresh_from_db()
    assert round_.stage == Stage.REVIEW
    assert any(m.level_tag == "error" for m in refused.context["messages"])

    ProjectFactory(round=round_)
    moved = client.post(confirm, {"stage": "voting"}, follow=True)
    round_.refresh_from_db()
    assert round_.stage == Stage.VOTING
    assert "Voting is on." in text(moved)


def test_a_stage_that_is_not_one_step_away_is_404(client, world):
    client.force_login(world.users["editor"])
    address = url("staff_round_stage", world.municipality, pk=world.round.pk)
    assert client.post(address, {"stage": "results"}).status_code == 404
    assert client.post(address, {"stage": "draft"}).status_code == 404
    world.round.refresh_from_db()
    assert world.round.stage == Stage.VOTING


def test_districts_are_added_edited_and_removed(client, world):
    client.force_login(world.users["editor"])
    round_ = RoundFactory(municipality=world.municipality, stage=Stage.DRAFT)
    add = url("staff_district_add", world.municipality, pk=round_.pk)
    assert client.post(add, {"name": "Bollstabruk", "budget_sek": "300000"}).status_code == 302
    district = District.objects.get(round=round_, name="Bollstabruk")

    same = client.post(add, {"name": "bollstabruk", "budget_sek": "1"})
    assert "already has a district called" in text(same)
    zero = client.post(add, {"name": "Ytterlännäs", "budget_sek": "0"})
    assert "The amount must be more than 0 kronor." in text(zero)
    assert 'value="Ytterlännäs"' in zero.content.decode()
    assert District.objects.filter(round=round_).count() == 1

    edit = url("staff_district_edit", world.municipality, pk=round_.pk, district_id=district.pk)
    client.post(edit, {"name": "Bollsta", "budget_sek": "400000"})
    district.refresh_from_db()
    assert (district.name, district.budget_sek) == ("Bollsta", 400_000)

    delete = url("staff_district_delete", world.municipality, pk=round_.pk, district_id=district.pk)
    assert "Remove “Bollsta”?" in text(client.get(delete))
    client.post(delete)
    assert not District.objects.filter(pk=district.pk).exists()


# --- projects -----------------------------------------------------------------------------


def png(name="bild.png") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def open_round(world):
    round_ = RoundFactory(municipality=world.municipality, stage=Stage.REVIEW)
    round_.north = DistrictFactory(round=round_, name="Norr")
    return round_


def project_data(**changes):
    data = {
        "title": "Utegym",
        "description": "Ett gym i parken.",
        "cost_sek": "250000",
        "district": "",
        "place_name": "Parken",
        "latitude": "62.93",
        "longitude": "17.78",
        "image_alt": "",
    }
    data.update(changes)
    return data


def test_a_project_is_added_with_place_and_image(client, world, open_round):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_project_add", world.municipality, pk=open_round.pk),
        {**project_data(district=open_round.north.pk, image_alt="Ett grönt gym"), "image": png()},
    )
    assert response.status_code == 302
    project = Project.objects.get(round=open_round, title="Utegym")
    assert (project.number, project.cost_sek, project.district) == (1, 250_000, open_round.north)
    assert (project.latitude, project.longitude) == (62.93, 17.78)
    assert project.image and project.image_alt == "Ett grönt gym"
    assert project.status == ProjectStatus.IDEA


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "This field is required."),
        ({"cost_sek": "0"}, "cost_sek", "The amount must be more than 0 kronor."),
        ({"cost_sek": "-100"}, "cost_sek", "The amount must be more than 0 kronor."),
        ({"longitude": ""}, "longitude", "A place on the map needs both latitude and longitude."),
        ({"latitude": "95"}, "latitude", "less than or equal to 90"),
    ],
)
def test_bad_project_input_is_explained_and_kept(
    client, world, open_round, changes, field, message
):
    client.force_login(world.users["editor"])
    response = client.post(
        url("staff_project_add", world.municipality, pk=open_round.pk), project_data(**changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="Parken"' in response.content.decode()
    assert not Project.objects.filter(round=open_round).exists()


def test_an_image_needs_a_description_and_must_be_an_image(client, world, open_round):
    client.force_login(world.users["editor"])
    address = url("staff_project_add", world.municipality, pk=open_round.pk)
    no_alt = client.post(address, {**project_data(), "image": png()})
    assert "Describe the image" in " ".join(no_alt.context["form"].errors["image_alt"])
    junk = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    bad = client.post(address, {**project_data(image_alt="Bild"), "image": junk})
    assert "could not be read as an image" in " ".join(bad.context["form"].errors["image"])
    assert not Project.objects.filter(round=open_round).exists()


def test_project_list_filters_by_status_with_counts(client, world, open_round):
    ProjectFactory(round=open_round, title="Godkänd", status=ProjectStatus.APPROVED)
    ProjectFactory(round=open_round, title="Idé ett", status=ProjectStatus.IDEA, cost_sek=None)
    ProjectFactory(round=open_round, title="Idé två", status=ProjectStatus.IDEA, cost_sek=None)
    client.force_login(world.users["observer"])
    address = url("staff_projects", world.municipality, pk=open_round.pk)
    ideas = client.get(address + "?status=idea")
    page = text(ideas)
    assert "Idé ett" in page and "Idé två" in page and "Godkänd" not in page
    assert "Idea, not yet reviewed (2)" in page and "Approved for the ballot (1)" in page
    assert "All (3)" in page


def test_review_approves_rejects_and_sends_back(client, world, open_round):
    project = ProjectFactory(
        round=open_round, district=open_round.north, status=ProjectStatus.IDEA, cost_sek=None
    )
    client.force_login(world.users["editor"])
    address = url(
        "staff_project_review", world.municipality, pk=open_round.pk, project_id=project.pk
    )

    for cost, message in [
        ("", "An approved project needs its cost."),
        ("0", "The cost must be more than 0 kronor; 0 is not a cost."),
        ("-20000", "The cost must be more than 0 kronor; -20000 is not a cost."),
    ]:
        response = client.post(
            address, {"status": "approved", "cost_sek": cost, "review_notes": "Ok"}
        )
        assert message in " ".join(response.context["form"].errors["cost_sek"])
        project.refresh_from_db()
        assert project.status == ProjectStatus.IDEA and project.cost_sek is None

    client.post(address, {"status": "approved", "cost_sek": "180000", "review_notes": "Rimlig."})
    project.refresh_from_db()
    assert (project.status, project.cost_sek, project.review_notes) == (
        "approved",
        180_000,
        "Rimlig.",
    )

    no_reason = client.post(address, {"status": "rejected", "cost_sek": "", "review_notes": ""})
    assert "Say why the project is not feasible." in text(no_reason)

    client.post(address, {"status": "review", "cost_sek": "", "review_notes": "Ses över."})
    project.refresh_from_db()
    assert project.status == ProjectStatus.REVIEW


def test_a_published_proposal_becomes_a_project_from_the_round(client, world, open_round):
    draft = ProposalFactory(
        channel=world.proposal.channel, title="Hemligt utkast", visibility=Visibility.DRAFT
    )
    client.force_login(world.users["editor"])
    address = url("staff_project_from_proposal", world.municipality, pk=open_round.pk)
    page = client.get(address)
    assert "Bänk vid älven" in text(page) and "Hemligt utkast" not in text(page)
    nothing = client.post(address, {"proposal": ""})
    assert "Choose the proposal to make a project of." in text(nothing)
    hidden = client.post(address, {"proposal": draft.pk})
    assert "proposal" in hidden.context["form"].errors

    response = client.post(
        address, {"proposal": world.proposal.pk, "district": open_round.north.pk}
    )
    project = Project.objects.get(round=open_round, proposal=world.proposal)
    assert response["Location"] == url(
        "staff_project", world.municipality, pk=open_round.pk, project_id=project.pk
    )
    assert project.title == "Bänk vid älven" and project.district == open_round.north


def test_the_proposal_case_page_offers_to_make_a_budget_project(client, world, open_round):
    client.force_login(world.users["editor"])
    case = reverse(
        "proposals:staff_case", kwargs={"municipality_slug": "kramfors", "pk": world.proposal.pk}
    )
    action = url("staff_proposal_to_project", world.municipality, proposal_id=world.proposal.pk)
    assert action in client.get(case).content.decode()

    other = RoundFactory(municipality=world.municipality, stage=Stage.IDEAS)
    wrong = client.post(action, {"round": other.pk, "district": open_round.north.pk})
    assert "is a district of another round" in text(wrong)
    assert not Project.objects.filter(proposal=world.proposal).exists()

    client.post(action, {"round": open_round.pk, "district": open_round.north.pk})
    project = Project.objects.get(proposal=world.proposal)
    assert project.round == open_round
    after = client.get(case)
    assert f"project {project.number} of" in text(after)

    # A moderator reads the case but is not offered the action.
    client.force_login(world.users["moderator"])
    assert action not in client.get(case).content.decode()


# --- voting codes -------------------------------------------------------------------------


def test_codes_are_shown_once_and_never_stored_plain(client, world):
    client.force_login(world.users["editor"])
    address = url("staff_codes", world.municipality, pk=world.round.pk)
    response = client.post(address, {"district": world.district.pk, "count": "5"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    codes = re.findall(r'<span class="letter-code">([^<]+)</span>', body)
    assert len(codes) == 5 and len(set(codes)) == 5
    assert body.count('class="letter"') == 5
    assert "Nyland" in text(response) and "Medborgarbudget 2026" in text(response)
    assert url("code", world.municipality, pk=world.round.pk) in body

    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', body).group(1)
    csv_text = unquote(href.replace("&amp;", "&"))
    assert all(code in csv_text for code in codes)

    stored = VotingCode.objects.filter(round=world.round)
    assert stored.count() == 5 and set(stored.values_list("district", flat=True)) == {
        world.district.pk
    }
    every_value = " ".join(str(v) for row in stored.values_list() for v in row) + " ".join(
        str(s.session_data) for s in Session.objects.all()
    )
    for code in codes:
        assert code not in every_value and code.replace("-", "") not in every_value
        assert voting.code_use(round=world.round, raw_code=code)  # the hash finds it

    counts = client.get(address)
    row = counts.context["districts"][0]
    assert (row.name, row.codes, row.codes_used, row.codes_unused) == ("Nyland", 5, 5, 0)
    assert codes[0] not in counts.content.decode()


def test_bad_code_requests_are_explained(client, world):
    client.force_login(world.users["editor"])
    address = url("staff_codes", world.municipality, pk=world.round.pk)
    for data, message in [
        ({"district": world.district.pk, "count": "0"}, "Create at least one code."),
        ({"district": world.district.pk, "count": "100000"}, "At most 20000 codes at a time."),
        ({"district": "", "count": "3"}, "Choose the district the codes are for."),
    ]:
        response = client.post(address, data)
        assert message in text(response)
    assert not VotingCode.objects.exists()


# --- paper ballots ------------------------------------------------------------------------


def test_paper_ballots_count_when_two_officials_agree(client, world):
    address = url("staff_paper", world.municipality, pk=world.round.pk)
    picked = address + f"?district={world.district.pk}"
    key = f"project_{world.project.pk}"
    other = ProjectFactory(round=world.round, district=world.district, title="Bänkar")
    client.force_login(world.users["editor"])
    page = client.get(picked)
    assert f'name="{key}"' in page.content.decode()

    first = client.post(picked, {"sheet": "17", key: "on"}, follow=True)
    assert "waiting" in text(first).lower()
    again = client.post(picked, {"sheet": "17", key: "on"})
    assert again.status_code == 200 and again.context["form"].errors
    assert PaperEntry.objects.filter(sheet="17").count() == 1

    client.force_login(world.users["handler"])
    second = client.post(picked, {"sheet": "17", key: "on"}, follow=True)
    assert Ballot.objects.filter(round=world.round, channel=Channel.PAPER).count() == 1
    assert "counted" in text(second).lower()

    # A different sheet entered differently by two officials: a conflict, nothing counted.
    client.post(picked, {"sheet": "18", key: "on"})
    client.force_login(world.users["admin"])
    conflict = client.post(picked, {"sheet": "18", f"project_{other.pk}": "on"}, follow=True)
    assert Ballot.objects.filter(round=world.round, channel=Channel.PAPER).count() == 1
    assert any(m.level_tag == "error" for m in conflict.context["messages"])
    listed = conflict.context["sheets"]
    assert [s.sheet for s in listed["conflict"]] == ["18"] and listed["counted"] == 1
    listing = text(conflict).split("Entries that differ")[-1]
    assert "Lekpark" not in listing and "Bänkar" not in listing


def test_paper_page_needs_a_district_of_this_round(client, world, lund):
    client.force_login(world.users["editor"])
    address = url("staff_paper", world.municipality, pk=world.round.pk)
    assert client.get(address).context["form"] is None  # first choose the district
    other = DistrictFactory(round=RoundFactory(municipality=lund))
    assert client.get(address + f"?district={other.pk}").status_code == 404
    assert client.post(address, {"sheet": "1"}).status_code == 404


# --- the audit log ------------------------------------------------------------------------


def test_audit_log_shows_events_and_channels_never_ballots(client, world):
    secret = ProjectFactory(round=world.round, district=world.district, title="Hemlig satsning")
    voting.ballot_cast(
        round=world.round,
        voter_key="k1",
        channel=Channel.ONLINE,
        district=world.district,
        choices={secret.pk: 1},
    )
    BallotFactory(round=world.round, channel=Channel.PAPER, district=world.district)
    VoteEvent.objects.create(
        round=world.round, kind="paper_entered", channel="paper", staff=world.users["handler"]
    )
    client.force_login(world.users["observer"])
    page = client.get(url("staff_audit", world.municipality, pk=world.round.pk))
    body = text(page)
    assert "Ballot cast" in body and "Paper ballot entered" in body
    assert world.users["handler"].display_name in body
    assert ("online", "Signed in", 1) in page.context["channels"]
    assert ("paper", "Paper ballot", 1) in page.context["channels"]
    assert "Hemlig satsning" not in body and "k1" not in body


# --- Pabulib ------------------------------------------------------------------------------


@pytest.fixture
def counted_round(world):
    round_ = RoundFactory(
        municipality=world.municipality,
        title="Kramfors budget",
        stage=Stage.COUNTING,
        budget_sek=600_000,
        rule=Rule.GREEDY,
        tie_seed=3,
        voting_opens_at=timezone.now() - timedelta(days=10),
        voting_closes_at=timezone.now() - timedelta(days=1),
    )
    a = ProjectFactory(
        round=round_, title="Lekpark", cost_sek=200_000, latitude=62.9, longitude=17.8
    )
    b = ProjectFactory(round=round_, title="Bänkar; två", cost_sek=150_000)
    c = ProjectFactory(round=round_, title="Belysning", cost_sek=400_000)
    ProjectFactory(round=round_, title="Idé", status=ProjectStatus.IDEA, cost_sek=None)
    for choices in [{a.pk: 1, b.pk: 1}, {c.pk: 1}, {a.pk: 1}, {}, {b.pk: 1, c.pk: 1}]:
        BallotFactory(round=round_, choices=choices)
    BallotFactory(round=round_, choices={a.pk: 1}, channel=Channel.PAPER)
    return round_


def ballots_by_number(round_) -> Counter:
    numbers = dict(Project.objects.filter(round=round_).values_list("pk", "number"))
    return Counter(
        tuple(sorted((numbers[int(k)], v) for k, v in b.choices.items()))
        for b in Ballot.objects.filter(round=round_)
    )


def test_export_has_meta_projects_and_anonymous_votes(client, world, counted_round):
    client.force_login(world.users["observer"])
    response = client.get(url("staff_export_pb", world.municipality, pk=counted_round.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.pb"')
    content = response.content.decode()
    election = parse_pb(content)
    assert election.meta["country"] == "Sweden" and election.meta["unit"] == "Kramfors"
    assert election.meta["budget"] == "600000" and election.meta["vote_type"] == "approval"
    assert election.meta["rule"] == "greedy" and election.meta["currency"] == "SEK"
    assert election.project_ids == ["1", "2", "3"]  # approved only
    assert election.project_column("name") == ["Lekpark", "Bänkar; två", "Belysning"]
    assert election.project_column("votes") == ["3", "2", "2"]
    assert election.voter_ids == [str(i) for i in range(1, 7)]
    keys = Ballot.objects.filter(round=counted_round).values_list("voter_key", flat=True)
    assert not any(key in content for key in keys)
    assert sorted(election.voter_extra) == [["internet"]] * 5 + [["paper"]]


def test_no_votes_leave_while_voting_is_on(client, world):
    BallotFactory(round=world.round, district=world.district, choices={world.project.pk: 1})
    client.force_login(world.users["editor"])
    response = client.get(
        url("staff_export_pb", world.municipality, pk=world.round.pk)
        + f"?district={world.district.pk}"
    )
    election = parse_pb(response.content.decode())
    assert election.n_voters == 0 and election.meta["district"] == "Nyland"
    assert election.project_column("votes") == ["0"]


def test_export_and_import_give_back_the_same_projects_and_votes(client, world, counted_round):
    client.force_login(world.users["editor"])
    exported = client.get(url("staff_export_pb", world.municipality, pk=counted_round.pk))
    upload = SimpleUploadedFile("runda.pb", exported.content, content_type="text/plain")
    response = client.post(
        url("staff_import_pb", world.municipality),
        {"process": counted_round.process.pk, "title": "", "file": upload},
    )
    imported = Round.objects.exclude(pk__in=[counted_round.pk, world.round.pk]).get()
    assert response["Location"] == url("staff_round", world.municipality, pk=imported.pk)
    assert imported.stage == Stage.DRAFT and imported.title == "Kramfors budget"
    assert (imported.budget_sek, imported.rule, imported.tie_seed) == (600_000, "greedy", 3)

    def projects(round_):
        return list(
            Project.objects.filter(round=round_, status=ProjectStatus.APPROVED)
            .order_by("number")
            .values_list("number", "title", "cost_sek", "latitude", "longitude")
        )

    assert projects(imported) == projects(counted_round)
    assert ballots_by_number(imported) == ballots_by_number(counted_round)
    assert set(Ballot.objects.filter(round=imported).values_list("channel", flat=True)) == {"paper"}
    assert not set(Ballot.objects.filter(round=imported).values_list("voter_key", flat=True)) & set(
        Ballot.objects.filter(round=counted_round).values_list("voter_key", flat=True)
    )
    again = pb_io.export_pb(round=imported)
    first = parse_pb(exported.content.decode())
    second = parse_pb(again)
    assert second.project_ids == first.project_ids and list(second.costs) == list(first.costs)
    assert second.project_column("votes") == first.project_column("votes")


def test_cumulative_round_trip_keeps_points(world):
    round_ = RoundFactory(
        municipality=world.municipality,
        stage=Stage.COUNTING,
        ballot_kind=BallotKind.CUMULATIVE,
        points=5,
    )
    a, b = ProjectFactory(round=round_), ProjectFactory(round=round_)
    BallotFactory(round=round_, choices={a.pk: 3, b.pk: 2})
    BallotFactory(round=round_, choices={b.pk: 5})
    text_pb = pb_io.export_pb(round=round_)
    assert "max_sum_points;5" in text_pb
    imported = pb_io.import_pb(
        text=text_pb, municipality=world.municipality, process=round_.process, by=None
    )
    assert imported.ballot_kind == BallotKind.CUMULATIVE and imported.points == 5
    assert ballots_by_number(imported) == ballots_by_number(round_)


GOOD_PB = """META
key;value
description;Test
country;Sweden
unit;Kramfors
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name
1;400;Park
2;{cost};Bänk
VOTES
voter_id;vote
a;1,2
b;{vote}
"""


@pytest.mark.parametrize(
    "cost, vote, message",
    [
        ("0", "1", "Line 11 (section PROJECTS): cost of project 2 must be positive, got 0"),
        ("-50", "1", "Line 11 (section PROJECTS): cost of project 2 must be positive"),
        ("12.5", "1", "Line 11 (section PROJECTS): the cost of project 2 must be a whole amount"),
        ("300", "9", "Line 15 (section VOTES): voter b votes for unknown project '9'"),
    ],
)
def test_a_bad_pb_file_names_section_and_line_and_imports_nothing(
    client, world, cost, vote, message
):
    client.force_login(world.users["editor"])
    before = (Round.objects.count(), Project.objects.count(), Ballot.objects.count())
    upload = SimpleUploadedFile(
        "bad.pb", GOOD_PB.format(cost=cost, vote=vote).encode(), content_type="text/plain"
    )
    response = client.post(
        url("staff_import_pb", world.municipality),
        {"process": world.round.process.pk, "title": "Prov", "file": upload},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert 'value="Prov"' in response.content.decode()
    assert (Round.objects.count(), Project.objects.count(), Ballot.objects.count()) == before


def test_import_refuses_ordinal_ballots_and_text_that_is_not_utf8(client, world):
    client.force_login(world.users["editor"])
    address = url("staff_import_pb", world.municipality)
    ordinal = GOOD_PB.format(cost="300", vote="1").replace("approval", "ordinal")
    response = client.post(
        address,
        {
            "process": world.round.process.pk,
            "file": SimpleUploadedFile("o.pb", ordinal.encode()),
        },
    )
    assert "Line 7 (section META): ballots of the kind “ordinal” cannot be imported" in text(
        response
    )
    latin = client.post(
        address,
        {
            "process": world.round.process.pk,
            "file": SimpleUploadedFile("l.pb", "META\nkey;value\nunit;Malmö\n".encode("latin-1")),
        },
    )
    assert "The file is not UTF-8 text." in text(latin)
    assert Round.objects.count() == 1
