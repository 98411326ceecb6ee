"""A live OPERA workshop in a real browser, with several browser contexts at once: a
facilitator starts a workshop from the meeting's staff page and runs it through all five
steps with six participants on phones (pairs formed automatically, points given, themes
arranged: one idea by drag and drop, one with the select and button). One participant
reloads mid-step and carries on. The result appears as the meeting's outcomes. axe-core
on the participant's screens: join, own ideas, ranking."""

from __future__ import annotations

from functools import partial

import pytest

from platskraft.accounts.tests.factories import PASSWORD
from platskraft.meetings.models import Idea, IdeaStage, OperaSession, Outcome, Step, Vote
from platskraft.meetings.tests.factories import MeetingFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from .conftest import TIMEOUT_MS, axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts(browsers):
    """A new browser with English pages, each time it is called."""
    return partial(browsers, english=True)


def wait_for_step(page, step: str) -> None:
    """The page follows the workshop by itself (htmx polls every two seconds)."""
    page.wait_for_selector(f"#opera-task[data-step='{step}']", timeout=TIMEOUT_MS)


def next_step(facilitator, session) -> None:
    facilitator.goto(f"/kramfors/staff/opera/{session.pk}/")
    facilitator.click("#opera-next")
    facilitator.click("#opera-confirm-step")
    facilitator.wait_for_url(f"**/staff/opera/{session.pk}/")


def test_a_facilitator_runs_a_workshop_with_six_participants(contexts, kramfors):
    meeting = MeetingFactory(municipality=kramfors, title="Dialogue evening on the centre")
    # English pages: logging in switches to the person's own language.
    user = MembershipFactory(
        municipality=kramfors, role=Role.EDITOR, user__preferred_language="en"
    ).user
    facilitator = contexts(viewport={"width": 1280, "height": 900})
    log_in(facilitator, user.email, PASSWORD)

    # Start the workshop from the meeting's staff page.
    facilitator.goto(f"/kramfors/staff/meetings/{meeting.pk}/")
    facilitator.click("#opera-start")
    facilitator.fill("#id_question", "What would make the centre alive?")
    facilitator.fill("#id_minutes_own", "3")
    facilitator.click("main form button[type=submit]")
    session = OperaSession.objects.get(meeting=meeting)
    facilitator.wait_for_url(f"**/staff/opera/{session.pk}/")
    code = session.join_code

    screen = facilitator.context.new_page()
    screen.goto(f"/kramfors/staff/opera/{session.pk}/screen/")
    assert screen.locator("#opera-screen-code").inner_text() == code
    assert screen.locator(".opera-qr svg").count() == 1

    # Six phones join: the first with the code on the join page, the rest by the QR link.
    phones = [contexts(phone=True) for _ in range(6)]
    first = phones[0]
    first.goto("/kramfors/opera/")
    assert axe_violations(first) == []
    first.fill("#id_code", code.lower())
    first.click("main form button[type=submit]")
    first.wait_for_selector("#opera-task[data-step='lobby']")
    for phone in phones[1:]:
        phone.goto(f"/kramfors/opera/{code}/")
        phone.click("#opera-join-button")
        phone.wait_for_selector("#opera-task[data-step='lobby']")
    assert session.participants.count() == 6
    screen.wait_for_selector("#opera-screen-live:has-text('6 have joined')")

    # O: own ideas. The pages change by themselves when the facilitator moves on.
    next_step(facilitator, session)
    for n, phone in enumerate(phones):
        wait_for_step(phone, "own")
        phone.fill("#id_text", f"Idea {n}: a café by the river")
        phone.click("#opera-idea-form button[type=submit]")
        phone.wait_for_selector(f"#opera-own-ideas li:has-text('Idea {n}:')")
        assert "Your idea is saved." in phone.locator("#site-messages").inner_text()
    assert axe_violations(phones[0]) == []
    # A participant reloads mid-step: the cookie brings their ideas back, and they go on.
    phones[1].reload()
    assert "Idea 1: a café by the river" in phones[1].locator("#opera-own-ideas").inner_text()
    phones[1].fill("#id_text", "Idea 1b: benches in the square")
    phones[1].click("#opera-idea-form button[type=submit]")
    phones[1].wait_for_selector("#opera-own-ideas li:has-text('Idea 1b')")
    assert Idea.objects.filter(stage=IdeaStage.OWN).count() == 7

    # P: pairs, formed automatically (three pairs of two). A second facilitator's control
    # page, open meanwhile, follows the change of step by itself.
    co_facilitator = facilitator.context.new_page()
    co_facilitator.goto(f"/kramfors/staff/opera/{session.pk}/")
    assert co_facilitator.locator("main h2", has_text="Now:").inner_text() == "Now: Own ideas"
    next_step(facilitator, session)
    co_facilitator.wait_for_selector("main h2:has-text('Now: Pairs')", timeout=TIMEOUT_MS)
    assert co_facilitator.locator("#opera-next").inner_text().startswith("Next step: Exposé")
    co_facilitator.close()
    assert sorted(p.members.count() for p in session.pairs.all()) == [2, 2, 2]
    done_pairs = set()
    for phone in phones:
        wait_for_step(phone, "pairs")
        # What the page said about the last step went with it.
        assert phone.locator("#site-messages").count() == 0
        number = int(
            phone.locator("[data-opera-participant]").get_attribute("data-opera-participant")
        )
        pair = session.participants.get(number=number).pair_id
        if pair in done_pairs:
            continue
        done_pairs.add(pair)
        # Carry one own idea on as it is ...
        phone.locator("#opera-pair-form input[type=checkbox]").first.check()
        phone.click("#opera-pair-form button[type=submit]")
        phone.wait_for_selector("#opera-pair-ideas li")
        # ... and merge two into one written together.
        boxes = phone.locator("#opera-pair-form input[type=checkbox]")
        boxes.nth(0).check()
        boxes.nth(1).check()
        phone.fill("#id_text", f"Pair {pair}: a meeting place with benches and coffee")
        phone.click("#opera-pair-form button[type=submit]")
        phone.wait_for_selector("#opera-pair-ideas li:nth-child(2)")
    pair_ideas = Idea.objects.filter(stage=IdeaStage.PAIR)
    assert pair_ideas.count() == 6
    assert all(i.sources.exists() for i in pair_ideas)

    # E: the exposé shows the pairs' ideas, numbered, without names.
    next_step(facilitator, session)
    wait_for_step(phones[0], "expose")
    screen.wait_for_selector("#opera-screen-ideas li >> nth=5")

    # R: ranking. Over the limit is refused with the idea named; then points go in.
    next_step(facilitator, session)
    for phone in phones:
        wait_for_step(phone, "ranking")
    ranker = phones[2]
    assert axe_violations(ranker) == []
    first_field = ranker.locator("#opera-points-form input[type=number]").first
    first_field.fill("4")
    ranker.click("#opera-points-form button[type=submit]")
    ranker.wait_for_selector("#error-summary")
    assert "At most 3 points on one idea: idea 1" in ranker.locator("#error-summary").inner_text()
    assert axe_violations(ranker) == []
    for n, phone in enumerate(phones):
        fields = phone.locator("#opera-points-form input[type=number]")
        fields.nth(0).fill("3")
        fields.nth(n % 5 + 1).fill("2")
        phone.click("#opera-points-form button[type=submit]")
        phone.wait_for_selector(".message-success:has-text('Your points are saved')")
    assert Vote.objects.filter(session=session).count() == 12
    assert sum(Vote.objects.values_list("points", flat=True)) == 30

    # A: arrange into themes: one idea by drag and drop, another with the select.
    next_step(facilitator, session)
    for name in ("Meeting places", "Green river banks"):
        facilitator.fill("#id_theme_name", name)
        facilitator.click("#opera-theme-add button[type=submit]")
        facilitator.wait_for_selector(f".opera-zone h3:has-text('{name}')")
    places, green = session.themes.order_by("position")
    top = Idea.objects.get(stage=IdeaStage.PAIR, number=1)
    facilitator.wait_for_load_state()  # the drag-and-drop script has run by then
    # Take the card by its text (not by its select or button) and drop it on the theme.
    facilitator.drag_and_drop(
        f"#idea-{top.pk}", f"#theme-{places.pk}", source_position={"x": 12, "y": 10}
    )
    facilitator.wait_for_selector(f"#theme-{places.pk} #idea-{top.pk}")
    facilitator.wait_for_function(
        "document.getElementById('arrange-status').textContent.includes('moved')"
    )
    assert Idea.objects.get(pk=top.pk).theme == places
    other = Idea.objects.get(stage=IdeaStage.PAIR, number=2)
    facilitator.select_option(f"#move-{other.pk}", str(green.pk))
    facilitator.click(f"#idea-{other.pk} button[type=submit]")
    facilitator.wait_for_selector(f"#theme-{green.pk} #idea-{other.pk}")
    assert Idea.objects.get(pk=other.pk).theme == green
    wait_for_step(phones[3], "arrange")

    # Done: the result is saved as the meeting's outcomes.
    next_step(facilitator, session)
    session.refresh_from_db()
    assert session.step == Step.DONE and session.outcomes_saved_at
    outcomes = list(Outcome.objects.filter(meeting=meeting).order_by("position"))
    assert "Meeting places" in [o.text for o in outcomes]
    assert next(o for o in outcomes if o.text == "Meeting places").points == 18
    assert len(outcomes) == 6  # two themes and four ideas without one
    facilitator.goto(f"/kramfors/staff/meetings/{meeting.pk}/")
    assert "Meeting places" in facilitator.locator("main").inner_text()
    wait_for_step(phones[4], "done")
    assert "Meeting places" in phones[4].locator("#opera-task").inner_text()
    for page in [*phones, facilitator]:
        assert page.script_errors == []
