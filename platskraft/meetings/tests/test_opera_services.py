"""OPERA services: codes, joining, step order, pairing, ideas (idempotent, late), points
(limits, replacement), themes and the outcomes saved once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from platskraft.meetings.models import (
    Idea,
    IdeaStage,
    OperaSession,
    Outcome,
    OutcomeSource,
    Participant,
    Step,
    Vote,
)
from platskraft.meetings.services import opera as services
from platskraft.meetings.services import opera_arrange as arrange
from platskraft.meetings.services import opera_ideas as ideas

from .factories import MeetingFactory
from .factories_opera import OperaSessionFactory, join, walk_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def sizes(session):
    return sorted(pair.members.count() for pair in session.pairs.all())


def test_create_makes_an_unambiguous_code_that_expires_after_the_meeting():
    meeting = MeetingFactory()
    session = services.opera_session_create(meeting=meeting, question="  What now? ", by=None)
    assert len(session.join_code) == 6
    assert not set(session.join_code) & set("01OI")
    assert session.question == "What now?"
    assert session.code_expires_at == meeting.ends_at + timedelta(hours=12)
    assert session.step == Step.LOBBY
    assert session.durations == {"own": 5, "pairs": 10, "expose": 5, "ranking": 5, "arrange": 10}


def test_create_refuses_a_blank_question_and_points_above_the_total():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        services.opera_session_create(meeting=meeting, question=" ", by=None)
    assert "question" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.opera_session_create(
            meeting=meeting, question="Q", by=None, points_per_participant=3, max_points_per_idea=4
        )
    assert "max_points_per_idea" in error.value.message_dict
    assert not OperaSession.objects.exists()


def test_code_lookup_unknown_and_expired_say_so():
    session = OperaSessionFactory()
    municipality = session.meeting.municipality
    found = services.opera_session_for_code(
        municipality=municipality, code=f" {session.join_code.lower()[:3]}-{session.join_code[3:]}"
    )
    assert found == session
    with pytest.raises(ValidationError, match="No workshop has the code"):
        services.opera_session_for_code(municipality=municipality, code="ZZZZZZ")
    OperaSession.objects.filter(pk=session.pk).update(
        code_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="has expired"):
        services.opera_session_for_code(municipality=municipality, code=session.join_code)
    with pytest.raises(ValidationError, match="has expired"):
        services.opera_join(session=session)
    # Those already in may still look (joining=False).
    assert services.opera_session_for_code(
        municipality=municipality, code=session.join_code, joining=False
    )


def test_another_municipalitys_code_is_unknown():
    session = OperaSessionFactory()
    other = MeetingFactory(municipality__code="1281").municipality
    with pytest.raises(ValidationError, match="No workshop"):
        services.opera_session_for_code(municipality=other, code=session.join_code)


def test_join_stores_only_a_hash_of_the_key_and_finds_the_participant_again():
    session = OperaSessionFactory()
    participant, key = services.opera_join(session=session)
    assert key not in participant.key_hash
    assert participant.key_hash == services.participant_key_hash(key)
    assert services.participant_for_key(session=session, key=key) == participant
    assert services.participant_for_key(session=session, key="forged") is None
    assert participant.number == 1
    session.refresh_from_db()
    assert session.revision == 1


def test_steps_go_in_order_once_and_the_timer_runs():
    session = OperaSessionFactory()
    steps = []
    for _ in range(6):
        session = services.opera_step_advance(session=session, by=None, expected_step=session.step)
        steps.append(session.step)
    assert steps == ["own", "pairs", "expose", "ranking", "arrange", "done"]
    with pytest.raises(ValidationError, match="finished"):
        services.opera_step_advance(session=session, by=None)


def test_a_second_click_on_next_step_does_nothing():
    session = OperaSessionFactory()
    services.opera_step_advance(session=session, by=None, expected_step="lobby")
    with pytest.raises(ValidationError, match="already moved on"):
        services.opera_step_advance(session=session, by=None, expected_step="lobby")
    session.refresh_from_db()
    assert session.step == Step.OWN
    assert session.step_ends_at - session.step_started_at == timedelta(minutes=5)


def test_timer_gets_one_more_minute_and_the_revision_rises():
    session = walk_to(OperaSessionFactory(), Step.OWN)
    before, revision = session.step_ends_at, session.revision
    session = services.opera_timer_extend(session=session)
    assert session.step_ends_at == before + timedelta(minutes=1)
    assert session.revision == revision + 1


@pytest.mark.parametrize(("count", "expected"), [(6, [2, 2, 2]), (7, [2, 2, 3]), (1, [1])])
def test_pairs_are_formed_at_random_with_one_trio_when_odd(count, expected):
    session = OperaSessionFactory()
    join(session, count)
    session = walk_to(session, Step.PAIRS)
    assert sizes(session) == expected
    assert not Participant.objects.filter(session=session, pair__isnull=True).exists()


def test_pairing_is_shuffled():
    orders = set()
    for seed in range(6):
        session = OperaSessionFactory()
        join(session, 6)
        walk_to(session, Step.PAIRS, seed=seed)
        orders.add(
            tuple(session.participants.order_by("number").values_list("pair__number", flat=True))
        )
    assert len(orders) > 1


def test_latecomers_are_added_to_a_pair():
    session = OperaSessionFactory()
    join(session, 4)
    session = walk_to(session, Step.PAIRS)
    late, _key = services.opera_join(session=session)
    assert late.pair is not None
    assert sizes(session) == [2, 3]
    # Once every pair is a trio, the next one waits alone for the one after.
    services.opera_join(session=session)
    assert sizes(session) == [3, 3]
    services.opera_join(session=session)
    services.opera_join(session=session)
    assert sizes(session) == [2, 3, 3]


def test_an_idea_sent_twice_with_the_same_key_is_stored_once():
    session = walk_to(OperaSessionFactory(), Step.OWN)
    ((participant, _key),) = join(session, 1)
    first = ideas.opera_idea_submit(
        session=session, participant=participant, text="More benches", client_key="k1"
    )
    again = ideas.opera_idea_submit(
        session=session, participant=participant, text="More benches", client_key="k1"
    )
    assert again.repeated and again.ideas == first.ideas
    assert Idea.objects.filter(participant=participant).count() == 1


def test_own_ideas_are_limited_and_checked():
    session = walk_to(OperaSessionFactory(ideas_per_participant=2), Step.OWN)
    ((participant, _key),) = join(session, 1)
    with pytest.raises(ValidationError, match="Write your idea"):
        ideas.opera_idea_submit(session=session, participant=participant, text="   ")
    for text in ("One", "Two"):
        ideas.opera_idea_submit(session=session, participant=participant, text=text)
    with pytest.raises(ValidationError, match="You have written the 2 ideas"):
        ideas.opera_idea_submit(session=session, participant=participant, text="Three")


def test_an_idea_after_its_step_is_kept_and_marked_late():
    session = OperaSessionFactory()
    (participant, _key), (_other, _k2) = join(session, 2)
    with pytest.raises(ValidationError, match="not started yet"):
        ideas.opera_idea_submit(session=session, participant=participant, text="Too early")
    session = walk_to(session, Step.PAIRS)
    sent = ideas.opera_idea_submit(session=session, participant=participant, text="Late idea")
    assert sent.late and sent.ideas[0].is_late
    assert Idea.objects.get(text="Late idea").is_late
    session = walk_to(session, Step.DONE)
    with pytest.raises(ValidationError, match="finished"):
        ideas.opera_idea_submit(session=session, participant=participant, text="After the end")


def _pair_setup(n=2):
    session = walk_to(OperaSessionFactory(), Step.OWN)
    people = [p for p, _k in join(session, n)]
    for k, person in enumerate(people):
        ideas.opera_idea_submit(session=session, participant=person, text=f"Idea {k}a")
        ideas.opera_idea_submit(session=session, participant=person, text=f"Idea {k}b")
    session = walk_to(session, Step.PAIRS)
    people = [Participant.objects.get(pk=p.pk) for p in people]
    return session, people


def test_a_pair_carries_on_and_merges_ideas_with_their_sources():
    session, (a, b) = _pair_setup()
    own = {i.text: i for i in ideas.pair_own_ideas(a)}
    assert set(own) == {"Idea 0a", "Idea 0b", "Idea 1a", "Idea 1b"}
    carried = ideas.opera_pair_idea_submit(
        session=session, participant=a, sources=[own["Idea 1a"].pk], client_key="c"
    )
    merged = ideas.opera_pair_idea_submit(
        session=session,
        participant=b,
        sources=[own["Idea 0a"].pk, own["Idea 1b"].pk],
        text="A square with benches",
        client_key="m",
    )
    assert carried.ideas[0].text == "Idea 1a"
    assert list(carried.ideas[0].sources.all()) == [own["Idea 1a"]]
    assert set(merged.ideas[0].sources.all()) == {own["Idea 0a"], own["Idea 1b"]}
    again = ideas.opera_pair_idea_submit(
        session=session, participant=a, sources=[own["Idea 1a"].pk], client_key="c"
    )
    assert again.repeated
    assert Idea.objects.filter(stage=IdeaStage.PAIR).count() == 2
    with pytest.raises(ValidationError, match="already among"):
        ideas.opera_pair_idea_submit(session=session, participant=b, sources=[own["Idea 1a"].pk])
    ideas.opera_pair_idea_submit(session=session, participant=b, text="Third")
    with pytest.raises(ValidationError, match="at most 3 ideas"):
        ideas.opera_pair_idea_submit(session=session, participant=b, text="Fourth")


def test_a_pair_cannot_use_another_pairs_ideas():
    session, (a, _b, _c, _d) = _pair_setup(4)
    strangers = Idea.objects.filter(stage=IdeaStage.OWN).exclude(participant__pair_id=a.pair_id)
    with pytest.raises(ValidationError) as error:
        ideas.opera_pair_idea_submit(session=session, participant=a, sources=[strangers.first().pk])
    assert "sources" in error.value.message_dict


def test_expose_numbers_the_pair_ideas_and_a_late_pair_idea_gets_the_next_number():
    session, (a, b) = _pair_setup()
    ideas.opera_pair_idea_submit(session=session, participant=a, text="First")
    ideas.opera_pair_idea_submit(session=session, participant=b, text="Second")
    session = walk_to(session, Step.EXPOSE)
    assert list(
        Idea.objects.filter(stage=IdeaStage.PAIR).order_by("number").values_list("number", "text")
    ) == [(1, "First"), (2, "Second")]
    late = ideas.opera_pair_idea_submit(session=session, participant=a, text="Late one")
    assert late.late and late.ideas[0].number == 3


def _ranking(points=5, most=3):
    session = walk_to(
        OperaSessionFactory(points_per_participant=points, max_points_per_idea=most), Step.OWN
    )
    people = [p for p, _k in join(session, 2)]
    session = walk_to(session, Step.PAIRS)
    a = Participant.objects.get(pk=people[0].pk)
    made = [
        ideas.opera_pair_idea_submit(session=session, participant=a, text=t).ideas[0]
        for t in ("Benches", "Trees", "Market")
    ]
    session = walk_to(session, Step.RANKING)
    return session, people, [Idea.objects.get(pk=i.pk) for i in made]


def test_points_are_limited_per_idea_and_in_total_with_a_message_naming_the_idea():
    session, (a, _b), (benches, trees, _market) = _ranking()
    with pytest.raises(ValidationError) as error:
        ideas.opera_points_submit(session=session, participant=a, points={benches.pk: 4})
    message = error.value.message_dict[f"idea_{benches.pk}"][0]
    assert "At most 3 points" in message and "Benches" in message and "idea 1" in message
    with pytest.raises(ValidationError) as error:
        ideas.opera_points_submit(
            session=session, participant=a, points={benches.pk: 3, trees.pk: 3}
        )
    assert "You gave 6 points; you have 5" in error.value.message_dict["points"][0]
    assert not Vote.objects.exists()


def test_points_sent_again_replace_the_earlier_ones():
    session, (a, _b), (benches, trees, market) = _ranking()
    ideas.opera_points_submit(session=session, participant=a, points={benches.pk: 3, trees.pk: 2})
    ideas.opera_points_submit(
        session=session, participant=a, points={trees.pk: 1, market.pk: 3, benches.pk: 0}
    )
    assert dict(Vote.objects.values_list("idea__text", "points")) == {"Trees": 1, "Market": 3}


def test_points_too_early_are_refused_and_after_ranking_kept_as_late():
    session, (_a, b), (benches, _t, _m) = _ranking()
    session = walk_to(session, Step.ARRANGE)
    sent = ideas.opera_points_submit(session=session, participant=b, points={benches.pk: 2})
    assert sent.late
    assert Vote.objects.get(participant=b).is_late
    early = walk_to(OperaSessionFactory(), Step.OWN)
    ((person, _k),) = join(early, 1)
    with pytest.raises(ValidationError, match="not started"):
        ideas.opera_points_submit(session=early, participant=person, points={})


def test_themes_only_in_arrange_and_outcomes_saved_once():
    session, (a, b), (benches, trees, market) = _ranking()
    ideas.opera_points_submit(session=session, participant=a, points={benches.pk: 3, trees.pk: 2})
    ideas.opera_points_submit(session=session, participant=b, points={market.pk: 3, trees.pk: 1})
    with pytest.raises(ValidationError, match="Arrange step"):
        arrange.opera_theme_create(session=session, name="Too early")
    session = walk_to(session, Step.ARRANGE)
    places = arrange.opera_theme_create(session=session, name="Places to sit")
    with pytest.raises(ValidationError, match="already a theme"):
        arrange.opera_theme_create(session=session, name="places to sit")
    green = arrange.opera_theme_create(session=session, name="Green")
    arrange.opera_theme_rename(theme=green, name="Greenery")
    arrange.opera_idea_move(session=session, idea=benches, theme=places)
    arrange.opera_idea_move(session=session, idea=trees, theme=green)
    doomed = arrange.opera_theme_create(session=session, name="Doomed")
    arrange.opera_theme_delete(theme=doomed)
    session = walk_to(session, Step.DONE)
    outcomes = list(Outcome.objects.filter(meeting=session.meeting).order_by("position"))
    assert [(o.text, o.points, o.source) for o in outcomes] == [
        ("Places to sit", 3, OutcomeSource.OPERA),
        ("Greenery", 3, OutcomeSource.OPERA),
        ("Market", 3, OutcomeSource.OPERA),
    ]
    assert outcomes[0].theme == places
    again = arrange.opera_outcomes_save(session=session, by=None)
    assert len(again) == 3
    assert Outcome.objects.filter(meeting=session.meeting).count() == 3
    session.refresh_from_db()
    assert session.finished_at and session.code_expires_at <= timezone.now()


def test_unthemed_ideas_can_be_left_out_of_the_outcomes():
    session, (a, _b), (benches, _t, _m) = _ranking()
    ideas.opera_points_submit(session=session, participant=a, points={benches.pk: 2})
    session = walk_to(session, Step.ARRANGE)
    theme = arrange.opera_theme_create(session=session, name="Seats")
    arrange.opera_idea_move(session=session, idea=benches, theme=theme)
    services.opera_step_advance(session=session, by=None, unthemed_as_outcomes=False)
    assert list(Outcome.objects.values_list("text", "points")) == [("Seats", 2)]
