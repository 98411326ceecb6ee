import pytest
from django.core.management import call_command

from platskraft.accounts.models import User
from platskraft.municipalities.models import Membership, Municipality, Role
from platskraft.municipalities.selectors import process_timeline

pytestmark = pytest.mark.django_db


def test_demo_builds_twice_with_every_role_and_a_current_phase(capsys):
    call_command("demo")
    call_command("demo")  # rebuilding replaces the demo instead of failing
    out = capsys.readouterr().out
    assert "platskraft-demo" in out and "admin.kramfors@demo.platskraft.se" in out
    kramfors = Municipality.objects.get(slug="kramfors")
    assert Municipality.objects.filter(is_demo=True).count() == 2
    assert set(
        Membership.objects.filter(municipality=kramfors).values_list("role", flat=True)
    ) == set(Role.values)
    assert User.objects.filter(is_programme_observer=True).count() == 1
    ongoing = kramfors.processes.get(status="published")
    assert process_timeline(ongoing).current.kind == "arena"
    framtid = kramfors.processes.get(title__startswith="Framtidsbygget")
    assert sum(f.amount_sek for f in framtid.financiers.all()) == 3_800_000
    for email in ["admin.kramfors@demo.platskraft.se", "invanare@demo.platskraft.se"]:
        assert User.objects.get(email=email).check_password("platskraft-demo")


def test_demo_has_proposals_in_every_state_with_consistent_counters():

    from platskraft.demo.builder import build_demo
    from platskraft.proposals import selectors
    from platskraft.proposals.models import Channel, Proposal, Status, Visibility

    build_demo()
    build_demo()  # idempotent: the second build replaces the first
    kramfors = Municipality.objects.get(slug="kramfors")
    channel = Channel.objects.get(municipality=kramfors, title="Förslag till Kramfors")
    assert channel.is_always_open and channel.is_published
    assert list(channel.categories.values_list("name", flat=True)) == [
        "Näringslivsklimat",
        "Värdskap och mottagande av nyinflyttade",
        "Sysselsättning",
        "Skolor",
        "Samverkan skola–näringsliv",
        "Boende",
        "Turism och besök",
        "Hela kommunen",
        "En attraktiv centrumkärna",
        "Medborgardelaktighet",
    ]
    assert dict(channel.criteria.values_list("name", "weight")) == {
        "Effekt på attraktionskraften": 3,
        "Kostnad": 1,
        "Genomförbarhet": 2,
        "Passar strategin": 2,
    }
    proposals = Proposal.objects.filter(municipality=kramfors)
    assert Proposal.objects.filter(channel=channel).count() >= 12
    assert proposals.filter(is_demo=True).count() == proposals.count()

    answered = proposals.filter(visibility=Visibility.PUBLISHED).exclude(answer="")
    assert answered.exists() and all(p.answered_at for p in answered)
    assert proposals.filter(status=Status.IMPLEMENTED).count() == 1
    assert proposals.filter(visibility=Visibility.PENDING).count() == 1
    hidden = proposals.get(visibility=Visibility.HIDDEN)
    assert hidden.hidden_reason and hidden.moderated_by
    assert selectors.overdue_count(kramfors) == 1
    routed = proposals.exclude(department=None)
    assert routed.exists()
    assert all(p.case_number.startswith("KS 20") for p in routed)
    assert all(p.department.municipality == kramfors for p in routed)
    assert proposals.filter(is_anonymous=True, visibility=Visibility.PUBLISHED).exists()
    near_centre = proposals.exclude(latitude=None)
    assert near_centre.count() >= 3
    assert all(
        abs(p.latitude - 62.93) < 0.1 and abs(p.longitude - 17.78) < 0.1 for p in near_centre
    )
    assert proposals.filter(latitude=None).exclude(place_name="").exists()

    for proposal in proposals:
        assert proposal.support_count == proposal.supports.count()
        assert proposal.comment_count == proposal.comments.filter(is_hidden=False).count()
        assert proposal.follower_count == proposal.follows.count()
        history = list(proposal.status_changes.all())
        if history:
            assert history[-1].new_status == proposal.status
            assert all(h.created_at <= history[-1].created_at for h in history)

    call = Channel.objects.get(municipality=kramfors, phase__isnull=False)
    resident = User.objects.get(email="invanare@demo.platskraft.se")
    assert resident.has_perm("proposals.add_proposal", call)
    assert resident.has_perm("proposals.add_proposal", channel)
    assert call.proposals.filter(visibility=Visibility.PUBLISHED).exists()

    ranked = selectors.ranking(channel)
    assert ranked[0][0].priority >= ranked[-1][0].priority and not ranked[0][0].unscored


def test_demo_proposals_are_served_by_the_api(client):
    from platskraft.demo.builder import build_demo

    build_demo()
    data = client.get("/api/v1/municipalities/kramfors/proposals?status=decided").json()
    assert data["count"] >= 3
    assert all(item["answer"] for item in data["items"] if item["status"] != "implemented")
    text = client.get("/api/v1/municipalities/kramfors/proposals").content.decode()
    assert "Solpanel" not in text and "Praktikplatser" not in text  # hidden, pending
    assert "@demo.platskraft.se" not in text
