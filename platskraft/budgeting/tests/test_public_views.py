"""Residents' citizen budget pages and the voting flow, through the test client against the
real database: every page, 404s across municipalities and for drafts, the eligibility
step, knapsack / at-most-k / cumulative ballots checked by the server (choices kept),
changing a vote, refusals after closing, and voting with a code from a letter."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from platskraft.accounts.tests.factories import UserFactory
from platskraft.budgeting.models import (
    Ballot,
    BallotKind,
    District,
    Eligibility,
    Project,
    ProjectStatus,
    Round,
    Stage,
    VoteEvent,
)
from platskraft.budgeting.services import voting
from platskraft.core.tests.pages import page_text as text
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory, ProcessFactory
from platskraft.proposals.tests.factories import ChannelFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def url(name, municipality, **kwargs):
    return reverse(f"budgeting:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def summary(response) -> str:
    """The error summary at the top of a refused ballot or form, as plain text."""
    found = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    assert found, "no error summary on the page"
    return text(found.group(0))


def in_swedish(message: str) -> str:
    with translation.override("sv"):
        return translation.gettext(message)


def make_round(municipality, **fields) -> Round:
    now = timezone.now()
    values = {
        "title": "Medborgarbudget 2026",
        "stage": Stage.VOTING,
        "budget_sek": 1_000_000,
        "ballot_kind": BallotKind.KNAPSACK,
        "eligibility": Eligibility.BOTH,
        "voting_opens_at": now - timedelta(days=1),
        "voting_closes_at": now + timedelta(days=14),
    }
    values.update(fields)
    process = values.pop("process", None) or ProcessFactory(municipality=municipality)
    return Round.objects.create(municipality=municipality, process=process, **values)


def make_project(round_, number, title, cost, **fields) -> Project:
    fields.setdefault("status", ProjectStatus.APPROVED)
    return Project.objects.create(round=round_, number=number, title=title, cost_sek=cost, **fields)


@pytest.fixture
def budget(kramfors):
    round_ = make_round(kramfors)
    round_.park = make_project(round_, 1, "Lekpark vid älven", 600_000, place_name="Älvstranden")
    round_.bench = make_project(round_, 2, "Bänkar på torget", 300_000)
    round_.light = make_project(round_, 3, "Belysning på gångvägen", 500_000)
    round_.idea = make_project(round_, 4, "Simhall", None, status=ProjectStatus.IDEA)
    round_.no = make_project(
        round_, 5, "Linbana", 9_000_000, status=ProjectStatus.REJECTED, review_notes="För dyr."
    )
    return round_


@pytest.fixture
def resident():
    return UserFactory(email="rut@example.org")


def confirm(client, round_, **extra):
    data = {"resident": "on", **extra}
    if round_.min_age:
        data["age"] = "on"
    return client.post(url("confirm", round_.municipality, pk=round_.pk), data)


def ballot_of(round_, user) -> Ballot | None:
    key = voting.voter_key_for_user(round_, user)
    return Ballot.objects.filter(round=round_, voter_key=key).first()


# --- the pages ----------------------------------------------------------------------------


def test_round_list_shows_public_rounds_of_this_municipality_only(client, kramfors, lund, budget):
    make_round(kramfors, title="Utkast till budget", stage=Stage.DRAFT)
    make_round(lund, title="Lunds budget")
    finished = make_round(kramfors, title="Budget 2024", stage=Stage.RESULTS)

    response = client.get(url("round_list", kramfors))

    page = text(response)
    assert response.status_code == 200
    assert "Medborgarbudget 2026" in page and "Budget 2024" in page
    assert "Utkast till budget" not in page and "Lunds budget" not in page
    assert url("round", kramfors, pk=finished.pk) in response.content.decode()


def test_round_page_during_voting_shows_approved_projects_budget_dates_and_how_to_vote(
    client, budget
):
    response = client.get(url("round", budget.municipality, pk=budget.pk))

    page = text(response)
    assert response.status_code == 200
    assert "Lekpark vid älven" in page and "Bänkar på torget" in page
    assert "Simhall" not in page  # an idea that never reached the ballot
    assert "Älvstranden" in page
    assert "1 000 000" in page and "600 000" in page
    assert budget.voting_closes_at.strftime("%Y") in page
    html = response.content.decode()
    assert url("vote", budget.municipality, pk=budget.pk) in html
    assert url("code", budget.municipality, pk=budget.pk) in html
    # The rejected idea is listed apart, with a link to its reason.
    assert url("project", budget.municipality, pk=budget.pk, project_pk=budget.no.pk) in html


def test_round_page_during_ideas_lists_ideas_with_their_state(client, kramfors):
    round_ = make_round(kramfors, stage=Stage.IDEAS, voting_opens_at=None, voting_closes_at=None)
    make_project(round_, 1, "Utegym", None, status=ProjectStatus.IDEA)
    make_project(round_, 2, "Ny brygga", None, status=ProjectStatus.WITHDRAWN)

    page = text(client.get(url("round", kramfors, pk=round_.pk)))

    assert "Utegym" in page and "Ny brygga" not in page
    assert "Project ideas" in page or "Projektidéer" in page
    assert url("vote", kramfors, pk=round_.pk) not in page


def test_round_page_filters_by_district_and_sorts_by_cost(client, kramfors):
    round_ = make_round(kramfors)
    north = District.objects.create(round=round_, name="Norra", budget_sek=400_000)
    south = District.objects.create(round=round_, name="Södra", budget_sek=700_000)
    make_project(round_, 1, "Dyr norr", 390_000, district=north)
    make_project(round_, 2, "Billig norr", 10_000, district=north)
    make_project(round_, 3, "Söder", 50_000, district=south)

    response = client.get(
        url("round", kramfors, pk=round_.pk), {"district": north.pk, "sort": "cost"}
    )

    page = text(response)
    assert "Billig norr" in page and "Dyr norr" in page and "Söder" not in page
    assert page.index("Billig norr") < page.index("Dyr norr")
    assert "400 000" in page and "700 000" in page  # each district's budget
    page = text(
        client.get(url("round", kramfors, pk=round_.pk), {"district": "x", "sort": "cost_desc"})
    )
    assert "Söder" in page and page.index("Dyr norr") < page.index("Billig norr")


def test_project_page_shows_review_notes_proposal_image_and_map_point(client, kramfors, budget):
    channel = ChannelFactory(municipality=kramfors)
    proposal = ProposalFactory(channel=channel, municipality=kramfors, title="Lekpark, tack!")
    image = BytesIO()
    Image.new("RGB", (40, 30), "green").save(image, "JPEG")
    project = budget.park
    project.image.save("park.jpg", ContentFile(image.getvalue()), save=False)
    project.image_alt = "Barn i en sandlåda"
    project.review_notes = "Marken är kommunens och kostnaden är rimlig."
    project.proposal = proposal
    project.latitude, project.longitude = 62.93, 17.78
    project.save()

    response = client.get(url("project", kramfors, pk=budget.pk, project_pk=project.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Marken är kommunens" in html
    assert proposal.get_absolute_url() in html
    assert 'alt="Barn i en sandlåda"' in html
    assert 'data-lat="62.930000"' in html and "point-map" in html
    image_response = client.get(url("project_image", kramfors, pk=budget.pk, project_pk=project.pk))
    assert image_response.status_code == 200
    assert b"".join(image_response.streaming_content)[:2] == b"\xff\xd8"


def test_review_notes_wait_until_the_project_is_reviewed(client, kramfors):
    round_ = make_round(kramfors, stage=Stage.REVIEW)
    idea = make_project(
        round_, 1, "Utegym", None, status=ProjectStatus.REVIEW, review_notes="Halvfärdig text"
    )

    response = client.get(url("project", kramfors, pk=round_.pk, project_pk=idea.pk))

    assert response.status_code == 200
    assert "Halvfärdig text" not in response.content.decode()


def test_drafts_other_municipalities_and_withdrawn_projects_are_404(
    client, kramfors, lund, budget, resident
):
    draft = make_round(kramfors, stage=Stage.DRAFT)
    draft_project = make_project(draft, 1, "Hemligt", 1000)
    withdrawn = make_project(budget, 9, "Återtaget", 1000, status=ProjectStatus.WITHDRAWN)
    client.force_login(resident)
    for name, kwargs in [
        ("round", {"pk": draft.pk}),
        ("project", {"pk": draft.pk, "project_pk": draft_project.pk}),
        ("vote", {"pk": draft.pk}),
        ("code", {"pk": draft.pk}),
        ("project", {"pk": budget.pk, "project_pk": withdrawn.pk}),
        ("project", {"pk": budget.pk, "project_pk": draft_project.pk}),
    ]:
        assert client.get(url(name, kramfors, **kwargs)).status_code == 404, (name, kwargs)
    # Kramfors' round seen through Lund's address does not exist.
    for name, kwargs in [
        ("round", {"pk": budget.pk}),
        ("project", {"pk": budget.pk, "project_pk": budget.park.pk}),
        ("project_image", {"pk": budget.pk, "project_pk": budget.park.pk}),
        ("vote", {"pk": budget.pk}),
        ("confirm", {"pk": budget.pk}),
        ("done", {"pk": budget.pk}),
        ("code", {"pk": budget.pk}),
    ]:
        assert client.get(url(name, lund, **kwargs)).status_code == 404, (name, kwargs)


def test_staff_of_another_municipality_do_not_see_a_draft(client, kramfors, lund):
    draft = make_round(kramfors, stage=Stage.DRAFT)
    editor = MembershipFactory(municipality=lund, role=Role.ADMIN).user
    client.force_login(editor)
    assert client.get(url("round", kramfors, pk=draft.pk)).status_code == 404


def test_process_page_lists_the_round(client, budget):
    response = client.get(budget.process.get_absolute_url())
    assert "Medborgarbudget 2026" in response.content.decode()
    assert url("round", budget.municipality, pk=budget.pk) in response.content.decode()


# --- signed-in residents vote ---------------------------------------------------------------


def test_anonymous_visitor_is_shown_both_ways_or_sent_to_log_in(client, kramfors, budget):
    response = client.get(url("vote", kramfors, pk=budget.pk))
    assert response.status_code == 200
    assert url("code", kramfors, pk=budget.pk) in response.content.decode()
    assert "/accounts/login/" in response.content.decode()

    residents_only = make_round(kramfors, eligibility=Eligibility.RESIDENTS)
    response = client.get(url("vote", kramfors, pk=residents_only.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(url("code", kramfors, pk=residents_only.pk)).status_code == 404

    codes_only = make_round(kramfors, eligibility=Eligibility.CODES)
    response = client.get(url("vote", kramfors, pk=codes_only.pk))
    assert response["Location"] == url("code", kramfors, pk=codes_only.pk)


def test_resident_confirms_residence_and_age_before_the_ballot(client, kramfors, resident):
    round_ = make_round(kramfors, min_age=16)
    make_project(round_, 1, "Lekpark", 100)
    client.force_login(resident)

    response = client.get(url("vote", kramfors, pk=round_.pk))
    assert response["Location"] == url("confirm", kramfors, pk=round_.pk)

    response = client.post(url("confirm", kramfors, pk=round_.pk), {"resident": "on"})
    assert response.status_code == 400
    assert "16" in text(response)
    assert client.get(url("vote", kramfors, pk=round_.pk)).status_code == 302

    response = confirm(client, round_)
    assert response["Location"] == url("vote", kramfors, pk=round_.pk)
    response = client.get(url("vote", kramfors, pk=round_.pk))
    assert response.status_code == 200
    assert 'name="project"' in response.content.decode()


def test_knapsack_over_budget_is_refused_and_keeps_the_choices(client, budget, resident):
    client.force_login(resident)
    confirm(client, budget)
    chosen = [budget.park.pk, budget.light.pk]  # 1 100 000 of 1 000 000

    response = client.post(url("vote", budget.municipality, pk=budget.pk), {"project": chosen})

    assert response.status_code == 400
    said = summary(response)
    assert "1 100 000" in said and "100 000" in said.replace("1 100 000", "")
    html = response.content.decode()
    for pk in chosen:
        assert re.search(rf'value="{pk}"[^>]*\bchecked\b', html), pk
    assert not re.search(rf'value="{budget.bench.pk}"[^>]*\bchecked\b', html)
    assert not Ballot.objects.filter(round=budget).exists()


def test_resident_votes_sees_the_confirmation_and_changes_the_vote(client, budget, resident):
    client.force_login(resident)
    confirm(client, budget)
    vote_url = url("vote", budget.municipality, pk=budget.pk)

    response = client.post(vote_url, {"project": [budget.park.pk, budget.bench.pk]})

    assert response["Location"] == url("done", budget.municipality, pk=budget.pk)
    ballot = ballot_of(budget, resident)
    assert {int(k) for k in ballot.choices} == {budget.park.pk, budget.bench.pk}
    done = client.get(response["Location"])
    page = text(done)
    assert "Lekpark vid älven" in page and "Bänkar på torget" in page
    assert "Belysning" not in page
    assert "900 000" in page
    assert str(budget.voting_closes_at.astimezone(timezone.get_current_timezone()).year) in page

    # Coming back shows the current ballot, ready to change.
    again = client.get(vote_url).content.decode()
    assert re.search(rf'value="{budget.park.pk}"[^>]*\bchecked\b', again)
    response = client.post(vote_url, {"project": [budget.light.pk, budget.bench.pk]})
    assert response.status_code == 302
    assert Ballot.objects.filter(round=budget).count() == 1
    ballot.refresh_from_db()
    assert {int(k) for k in ballot.choices} == {budget.light.pk, budget.bench.pk}
    # The round page knows this resident has voted.
    assert (
        url("done", budget.municipality, pk=budget.pk)
        in client.get(url("round", budget.municipality, pk=budget.pk)).content.decode()
    )


def test_voting_after_closing_is_refused_and_nothing_changes(client, budget, resident):
    client.force_login(resident)
    confirm(client, budget)
    client.post(url("vote", budget.municipality, pk=budget.pk), {"project": [budget.bench.pk]})
    Round.objects.filter(pk=budget.pk).update(
        voting_closes_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(
        url("vote", budget.municipality, pk=budget.pk), {"project": [budget.park.pk]}
    )

    assert response.status_code == 403
    assert 'id="vote-refusal"' in response.content.decode()
    assert ballot_of(budget, resident).choices == {str(budget.bench.pk): 1}
    assert client.get(url("vote", budget.municipality, pk=budget.pk)).status_code == 200
    assert (
        'name="project"'
        not in client.get(url("vote", budget.municipality, pk=budget.pk)).content.decode()
    )


def test_voting_not_yet_open_is_said(client, kramfors, resident):
    round_ = make_round(kramfors, voting_opens_at=timezone.now() + timedelta(days=2))
    make_project(round_, 1, "Lekpark", 100)
    client.force_login(resident)
    response = client.post(url("vote", kramfors, pk=round_.pk), {"project": []})
    assert response.status_code == 403
    assert round_.voting_opens_at.astimezone(timezone.get_current_timezone()).strftime(
        "%H:%M"
    ) in text(response)


def test_district_is_chosen_and_the_ballot_holds_its_projects_only(client, kramfors, resident):
    round_ = make_round(kramfors)
    north = District.objects.create(round=round_, name="Norra", budget_sek=400_000)
    south = District.objects.create(round=round_, name="Södra", budget_sek=700_000)
    make_project(round_, 1, "Norrprojekt", 300_000, district=north)
    south_project = make_project(round_, 2, "Söderprojekt", 600_000, district=south)
    client.force_login(resident)

    response = confirm(client, round_)
    assert response.status_code == 400  # the district is missing
    confirm(client, round_, district=south.pk)
    page = client.get(url("vote", kramfors, pk=round_.pk))
    assert "Söderprojekt" in text(page) and "Norrprojekt" not in text(page)
    assert "700 000" in text(page)

    client.post(url("vote", kramfors, pk=round_.pk), {"project": [south_project.pk]})
    ballot = ballot_of(round_, resident)
    assert ballot.district == south


def test_at_most_k_projects(client, budget, resident):
    Round.objects.filter(pk=budget.pk).update(ballot_kind=BallotKind.K_APPROVAL, max_projects=2)
    budget.refresh_from_db()
    client.force_login(resident)
    confirm(client, budget)
    three = [budget.park.pk, budget.bench.pk, budget.light.pk]

    response = client.post(url("vote", budget.municipality, pk=budget.pk), {"project": three})

    assert response.status_code == 400
    said = summary(response)
    assert "2" in said and "3" in said
    html = response.content.decode()
    assert all(re.search(rf'value="{pk}"[^>]*\bchecked\b', html) for pk in three)
    assert not Ballot.objects.filter(round=budget).exists()
    response = client.post(url("vote", budget.municipality, pk=budget.pk), {"project": three[:2]})
    assert response.status_code == 302


def test_cumulative_points_must_add_up_and_be_numbers(client, budget, resident):
    Round.objects.filter(pk=budget.pk).update(ballot_kind=BallotKind.CUMULATIVE, points=10)
    budget.refresh_from_db()
    client.force_login(resident)
    confirm(client, budget)
    vote_url = url("vote", budget.municipality, pk=budget.pk)

    response = client.post(vote_url, {f"points-{budget.park.pk}": "abc"})
    assert response.status_code == 400
    assert "Lekpark vid älven" in summary(response)
    assert 'value="abc"' in response.content.decode()

    response = client.post(
        vote_url, {f"points-{budget.park.pk}": "8", f"points-{budget.bench.pk}": "7"}
    )
    assert response.status_code == 400
    assert "15" in summary(response) and "10" in summary(response)
    assert 'value="8"' in response.content.decode() and 'value="7"' in response.content.decode()
    assert not Ballot.objects.filter(round=budget).exists()

    response = client.post(
        vote_url, {f"points-{budget.park.pk}": "6", f"points-{budget.bench.pk}": "4"}
    )
    assert response.status_code == 302
    assert ballot_of(budget, resident).choices == {
        str(budget.park.pk): 6,
        str(budget.bench.pk): 4,
    }


# --- voting codes -----------------------------------------------------------------------------


@pytest.fixture
def editor(kramfors):
    return MembershipFactory(municipality=kramfors, role=Role.EDITOR).user


def test_code_voter_votes_changes_and_the_session_keeps_no_code(client, budget, editor):
    [code] = voting.codes_create(round=budget, district=None, count=1, by=editor)
    code_url = url("code", budget.municipality, pk=budget.pk)

    response = client.post(code_url, {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 400
    assert in_swedish("This code is not valid for this vote.") in summary(response)
    assert 'value="AAAA-BBBB-CCCC"' in response.content.decode()

    response = client.post(code_url, {"code": code.lower()})
    assert response["Location"] == url("vote", budget.municipality, pk=budget.pk)
    stored = str(dict(client.session.items()))
    assert code not in stored and code.replace("-", "") not in stored

    response = client.post(
        url("vote", budget.municipality, pk=budget.pk), {"project": [budget.bench.pk]}
    )
    assert response["Location"] == url("done", budget.municipality, pk=budget.pk)
    ballot = Ballot.objects.get(round=budget)
    assert ballot.channel == "code"
    assert budget.codes.get().used_at is not None

    # The same code on another device: the earlier ballot is changed, not a second one.
    other = client.__class__()
    response = other.post(code_url, {"code": code})
    assert response.status_code == 302
    other.post(url("vote", budget.municipality, pk=budget.pk), {"project": [budget.park.pk]})
    assert Ballot.objects.filter(round=budget).count() == 1
    ballot.refresh_from_db()
    assert ballot.choices == {str(budget.park.pk): 1}

    # Forgetting the code on a shared device.
    client.post(url("code_leave", budget.municipality, pk=budget.pk))
    response = client.get(url("vote", budget.municipality, pk=budget.pk))
    assert response.status_code == 200 and 'name="project"' not in response.content.decode()


def test_code_with_a_district_goes_straight_to_that_district(client, kramfors, editor):
    round_ = make_round(kramfors, eligibility=Eligibility.CODES)
    north = District.objects.create(round=round_, name="Norra", budget_sek=400_000)
    south = District.objects.create(round=round_, name="Södra", budget_sek=700_000)
    make_project(round_, 1, "Norrprojekt", 300_000, district=north)
    make_project(round_, 2, "Söderprojekt", 600_000, district=south)
    [code] = voting.codes_create(round=round_, district=north, count=1, by=editor)

    client.post(url("code", kramfors, pk=round_.pk), {"code": code})
    page = client.get(url("vote", kramfors, pk=round_.pk))

    assert page.status_code == 200
    assert "Norrprojekt" in text(page) and "Söderprojekt" not in text(page)


def test_code_before_opening_and_after_closing_is_refused(client, kramfors, editor):
    round_ = make_round(kramfors, voting_opens_at=timezone.now() + timedelta(days=1))
    [code] = voting.codes_create(round=round_, district=None, count=1, by=editor)

    response = client.post(url("code", kramfors, pk=round_.pk), {"code": code})
    assert response.status_code == 403
    assert 'id="vote-refusal"' in response.content.decode()
    assert round_.codes.get().used_at is None

    Round.objects.filter(pk=round_.pk).update(
        voting_opens_at=timezone.now() - timedelta(days=3),
        voting_closes_at=timezone.now() - timedelta(days=1),
    )
    response = client.post(url("code", kramfors, pk=round_.pk), {"code": code})
    assert response.status_code == 403
    assert round_.codes.get().used_at is None
    assert not VoteEvent.objects.filter(round=round_, kind="cast").exists()


def test_code_voter_session_ends_when_voting_closes(client, budget, editor):
    [code] = voting.codes_create(round=budget, district=None, count=1, by=editor)
    client.post(url("code", budget.municipality, pk=budget.pk), {"code": code})
    Round.objects.filter(pk=budget.pk).update(
        voting_closes_at=timezone.now() - timedelta(seconds=1)
    )

    response = client.post(
        url("vote", budget.municipality, pk=budget.pk), {"project": [budget.bench.pk]}
    )

    assert response.status_code == 403
    assert not Ballot.objects.filter(round=budget).exists()
