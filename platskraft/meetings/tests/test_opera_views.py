"""OPERA pages through the test client: joining by code (unknown and expired codes), the
participant's page surviving a reload, the status poll (204 until something changes),
forms that keep what was typed, late and repeated submissions, and the facilitator's
pages (another municipality's staff get 404), CSV and summary."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.meetings.models import Idea, OperaSession, Outcome, Step, Theme
from platskraft.meetings.services import opera_ideas as ideas
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from .factories import MeetingFactory
from .factories_opera import OperaSessionFactory, join, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["platskraft_language"] = "en"


def url(name, session, **kwargs):
    return reverse(
        f"meetings:{name}",
        kwargs={
            "municipality_slug": session.meeting.municipality.slug,
            "code": session.join_code,
            **kwargs,
        },
    )


def staff(name, session, **kwargs):
    return reverse(
        f"meetings:{name}",
        kwargs={"municipality_slug": session.meeting.municipality.slug, "pk": session.pk, **kwargs},
    )


def joined(client, session):
    response = client.post(url("opera_join_session", session))
    assert response.status_code == 302
    return response


@pytest.fixture
def session():
    return OperaSessionFactory()


@pytest.fixture
def facilitator(client, session):
    user = MembershipFactory(municipality=session.meeting.municipality, role=Role.EDITOR).user
    client.force_login(user)
    return user


def test_join_page_with_a_code_joins_and_sets_an_http_only_cookie(client, session):
    join_url = reverse(
        "meetings:opera_join", kwargs={"municipality_slug": session.meeting.municipality.slug}
    )
    page = client.get(join_url)
    assert page.status_code == 200 and b'name="code"' in page.content
    response = client.post(join_url, {"code": session.join_code.lower()})
    assert response.status_code == 302 and response["Location"] == url("opera_participant", session)
    cookie = response.cookies[f"platskraft_opera_{session.join_code}"]
    assert cookie["httponly"]
    assert session.participants.count() == 1
    # Joining again from the same phone does not make a second participant.
    client.post(join_url, {"code": session.join_code})
    assert session.participants.count() == 1


def test_unknown_and_expired_codes_get_a_clear_message(client, session):
    join_url = reverse(
        "meetings:opera_join", kwargs={"municipality_slug": session.meeting.municipality.slug}
    )
    response = client.post(join_url, {"code": "ZZZ ZZZ"})
    assert "No workshop has the code ZZZZZZ" in response.content.decode()
    assert 'value="ZZZ ZZZ"' in response.content.decode()
    OperaSession.objects.filter(pk=session.pk).update(
        code_expires_at=timezone.now() - timedelta(hours=1)
    )
    response = client.post(join_url, {"code": session.join_code})
    assert "has expired" in response.content.decode()
    assert client.get(url("opera_participant", session)).status_code == 410
    assert not session.participants.exists()


def test_the_direct_link_asks_before_joining_and_an_unknown_code_is_404(client, session):
    response = client.get(url("opera_participant", session))
    assert response.status_code == 200
    assert b'id="opera-join-button"' in response.content
    assert not session.participants.exists()
    missing = reverse(
        "meetings:opera_participant",
        kwargs={"municipality_slug": session.meeting.municipality.slug, "code": "QQQQQQ"},
    )
    assert client.get(missing).status_code == 404


def test_reload_brings_the_participant_back_to_their_ideas(client, session):
    joined(client, session)
    session = walk_to(session, Step.OWN)
    page = client.get(url("opera_participant", session))
    key = page.context["idea_form"].initial["client_key"]
    response = client.post(
        url("opera_idea", session), {"text": "A night market", "client_key": key}
    )
    assert response.status_code == 302
    # A retry of the same form (weak connection) stores the idea once.
    client.post(url("opera_idea", session), {"text": "A night market", "client_key": key})
    assert Idea.objects.filter(text="A night market").count() == 1
    page = client.get(url("opera_participant", session))
    assert "A night market" in page.content.decode()
    assert "You can write 4 more" in page.content.decode()


def test_status_answers_204_until_the_participants_screen_changes(client, session):
    joined(client, session)
    page = client.get(url("opera_participant", session))
    key = page.context["state_key"]
    status = url("opera_status", session)
    assert client.get(status, {"k": key}).status_code == 204
    walk_to(session, Step.OWN)
    changed = client.get(status, {"k": key})
    assert changed.status_code == 200
    assert b'id="opera-task"' in changed.content and b'data-step="own"' in changed.content
    assert b"hx-swap-oob" in changed.content
    assert client.get(status, {"k": changed.context["state_key"]}).status_code == 204


@pytest.mark.parametrize("step", [Step.OWN, Step.PAIRS, Step.RANKING])
def test_a_poll_with_nothing_new_reads_little_and_writes_nothing(
    client, session, step, django_assert_num_queries
):
    """Two hundred phones poll every two seconds: an unchanged screen costs the
    municipality, the workshop, the participant and (while pairs work, or ideas are shown
    for ranking) one count of ideas, however many ideas and participants there are."""
    joined(client, session)
    join(session, 5)
    walk_to(session, step)
    key = client.get(url("opera_participant", session)).context["state_key"]
    with django_assert_num_queries(3 if step == Step.OWN else 4):
        assert client.get(url("opera_status", session), {"k": key}).status_code == 204


def test_status_without_the_cookie_sends_the_page_to_join(client, session):
    response = client.get(url("opera_status", session), {"k": "x"})
    assert response.status_code == 204 and response["HX-Redirect"] == url(
        "opera_participant", session
    )


def test_an_idea_sent_after_the_step_is_kept_and_the_participant_is_told(client, session):
    joined(client, session)
    walk_to(session, Step.PAIRS)
    response = client.post(
        url("opera_idea", session), {"text": "Slow phone idea", "client_key": "abc"}, follow=True
    )
    assert "kept and marked as late" in response.content.decode()
    assert Idea.objects.get(text="Slow phone idea").is_late


def test_bad_idea_keeps_what_was_typed(client, session):
    joined(client, session)
    walk_to(session, Step.LOBBY)
    response = client.post(
        url("opera_idea", session), {"text": "Too early idea", "client_key": "k"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "has not started yet" in body and "Too early idea" in body
    assert not Idea.objects.exists()


def test_points_over_the_limit_name_the_idea_and_keep_the_numbers(client, session):
    joined(client, session)
    walk_to(session, Step.PAIRS)
    participant = session.participants.get()
    idea = ideas.opera_pair_idea_submit(
        session=session, participant=participant, text="Benches"
    ).ideas[0]
    other = ideas.opera_pair_idea_submit(
        session=session, participant=participant, text="<b>Trees</b> & shade"
    ).ideas[0]
    walk_to(session, Step.RANKING)
    body = client.get(url("opera_participant", session)).content.decode()
    assert "&lt;b&gt;Trees&lt;/b&gt; &amp; shade" in body and "<b>Trees" not in body
    assert f'name="idea_{other.pk}" id="id_idea_{other.pk}" value="0" min="0" max="3"' in body
    response = client.post(
        url("opera_points", session), {f"idea_{idea.pk}": "4", f"idea_{other.pk}": "1"}
    )
    body = response.content.decode()
    assert "At most 3 points on one idea: idea 1 (“Benches”) has 4." in body
    # The summary links to the field, which says what is wrong; the other keeps its number.
    assert f'href="#id_idea_{idea.pk}"' in body
    assert 'value="4" min="0" max="3" inputmode="numeric" aria-invalid="true"' in body
    assert f'aria-describedby="id_idea_{idea.pk}_error"' in body
    assert f'id="id_idea_{other.pk}" value="1" min="0" max="3" inputmode="numeric">' in body
    assert not participant.votes.exists()
    response = client.post(url("opera_points", session), {f"idea_{idea.pk}": "3"}, follow=True)
    body = response.content.decode()
    assert "Your points are saved" in body and "You have given 3 points" in body
    assert f'id="id_idea_{idea.pk}" value="3"' in body
    assert participant.votes.get().points == 3


def test_staff_pages_need_the_right_to_facilitate(client, session):
    pages = [
        staff("staff_opera", session),
        staff("staff_opera_screen", session),
        staff("staff_opera_step", session),
        staff("staff_opera_summary", session),
        staff("staff_opera_csv", session),
        reverse(
            "meetings:staff_opera_add",
            kwargs={
                "municipality_slug": session.meeting.municipality.slug,
                "meeting_pk": session.meeting.pk,
            },
        ),
    ]
    for page in pages:
        assert client.get(page).status_code == 302  # log in first
    other = MembershipFactory(
        municipality=MeetingFactory(municipality__code="1281").municipality, role=Role.ADMIN
    ).user
    client.force_login(other)
    for page in pages:
        assert client.get(page).status_code == 404
    observer = MembershipFactory(municipality=session.meeting.municipality, role=Role.OBSERVER).user
    client.force_login(observer)
    assert client.get(pages[0]).status_code == 404
    client.force_login(UserFactory())
    assert client.get(pages[0]).status_code in (302, 404)


def test_facilitator_creates_and_runs_a_workshop(client, facilitator, session):
    meeting = session.meeting
    add = reverse(
        "meetings:staff_opera_add",
        kwargs={"municipality_slug": meeting.municipality.slug, "meeting_pk": meeting.pk},
    )
    bad = client.post(
        add,
        {
            "question": "",
            "ideas_per_participant": 5,
            "ideas_per_pair": 3,
            "points_per_participant": 5,
            "max_points_per_idea": 3,
        },
    )
    assert bad.status_code == 200 and b"error-summary" in bad.content
    form = {
        "question": "What would you change?",
        "ideas_per_participant": 4,
        "ideas_per_pair": 2,
        "points_per_participant": 6,
        "max_points_per_idea": 3,
        "minutes_own": 3,
        "minutes_pairs": 8,
        "minutes_expose": 4,
        "minutes_ranking": 4,
        "minutes_arrange": 6,
    }
    response = client.post(add, form)
    created = OperaSession.objects.get(question="What would you change?")
    assert response["Location"] == staff("staff_opera", created)
    assert created.durations["own"] == 3 and created.ideas_per_pair == 2
    control = client.get(staff("staff_opera", created))
    assert created.join_code in control.content.decode()
    confirm = client.get(staff("staff_opera_step", created))
    assert "Move on to “Own ideas”?" in confirm.content.decode()
    client.post(staff("staff_opera_step", created), {"step": "lobby"})
    client.post(staff("staff_opera_step", created), {"step": "lobby"})  # a second click
    created.refresh_from_db()
    assert created.step == Step.OWN
    ends = created.step_ends_at
    client.post(staff("staff_opera_timer", created))
    created.refresh_from_db()
    assert created.step_ends_at == ends + timedelta(minutes=1)
    screen = client.get(staff("staff_opera_screen", created))
    assert b"<svg" in screen.content and created.join_code.encode() in screen.content
    live = staff("staff_opera_screen_live", created)
    assert client.get(live, {"r": created.revision}).status_code == 204
    assert client.get(live, {"r": created.revision - 1}).status_code == 200
    # A second facilitator's control page follows a change of step by loading again.
    figures = staff("staff_opera_live", created)
    assert f'?r={created.revision}&amp;s=own"' in control_page(client, created)
    same = client.get(figures, {"r": created.revision - 1, "s": "own"})
    assert same.status_code == 200 and "HX-Refresh" not in same
    moved = client.get(figures, {"r": created.revision - 1, "s": "lobby"})
    assert moved.status_code == 204 and moved["HX-Refresh"] == "true"


def control_page(client, session) -> str:
    return client.get(staff("staff_opera", session)).content.decode()


def test_arrange_by_select_then_outcomes_csv_and_summary(client, facilitator, session):
    (a, _k), (_b, _k2) = join(session, 2)
    walk_to(session, Step.PAIRS)
    a.refresh_from_db()
    made = [
        ideas.opera_pair_idea_submit(session=session, participant=a, text=t).ideas[0]
        for t in ("=Benches", "Trees")
    ]
    walk_to(session, Step.RANKING)
    made = [Idea.objects.get(pk=i.pk) for i in made]
    ideas.opera_points_submit(session=session, participant=a, points={made[0].pk: 3, made[1].pk: 2})
    walk_to(session, Step.ARRANGE)
    client.post(staff("staff_opera_theme_add", session), {"name": "Seating"})
    bad = client.post(staff("staff_opera_theme_add", session), {"name": " "}, follow=True)
    assert "Give the theme a name." in bad.content.decode()
    theme = Theme.objects.get(session=session)
    page = client.get(staff("staff_opera", session)).content.decode()
    assert f'id="move-{made[0].pk}"' in page and 'draggable="true"' in page
    client.post(staff("staff_opera_move", session), {"idea": made[0].pk, "theme": theme.pk})
    assert Idea.objects.get(pk=made[0].pk).theme == theme
    moved = client.post(
        staff("staff_opera_move", session),
        {"idea": made[1].pk, "theme": theme.pk},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert moved.status_code == 200 and "moved to" in moved.json()["message"]
    client.post(staff("staff_opera_move", session), {"idea": made[1].pk, "theme": ""})
    assert Idea.objects.get(pk=made[1].pk).theme is None
    client.post(
        staff("staff_opera_step", session), {"step": "arrange", "unthemed_as_outcomes": "on"}
    )
    assert list(Outcome.objects.values_list("text", "points")) == [("Seating", 3), ("Trees", 2)]
    rows = list(
        csv.reader(
            io.StringIO(client.get(staff("staff_opera_csv", session)).content.decode("utf-8-sig"))
        )
    )
    assert rows[1][:4] == ["1", "1", "'=Benches", "3"] and rows[1][5] == "Seating"
    summary = client.get(staff("staff_opera_summary", session)).content.decode()
    assert "Seating" in summary and "Trees" in summary
