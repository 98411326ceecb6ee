"""Interviews in a real browser: an official starts the codebook from Kramfors', records
two interviews (one with a personal identity number, which is masked and warned about),
codes a passage of the first by selecting it with the mouse and a passage of the second
by pasting its text (the way without JavaScript), and reads the counts of codes by
locality. axe-core on the interview form, the interview page and the counts page."""

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.analysis.text_privacy import luhn_check_digit
from platskraft.interviews.models import Code, Interview, Passage
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.surveys.tests.factories import LocalityFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NINE = "811218987"
PNR = f"{NINE[:6]}-{NINE[6:]}{luhn_check_digit(NINE)}"
FIRST_NOTES = (
    "We came here first for the river and the High Coast.\n"
    f"My personal number is {PNR}, write it down.\n"
    "Now I show the bridge to every visitor."
)
SECOND_NOTES = (
    "People visit us for the festival in July.\n"
    "I am proud of the old sawmill and of our association."
)


def drag_select(page, selector: str, phrase: str) -> None:
    """Select `phrase` inside `selector` with the mouse, from its first to its last letter."""
    box = page.evaluate(
        """([selector, phrase]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(phrase);
                if (at < 0) continue;
                const rect = (from, to) => {
                    const range = document.createRange();
                    range.setStart(node, from);
                    range.setEnd(node, to);
                    return range.getBoundingClientRect();
                };
                const first = rect(at, at + 1), last = rect(at + phrase.length - 1, at + phrase.length);
                return {x1: first.left + 1, y1: first.top + first.height / 2,
                        x2: last.right - 1, y2: last.top + last.height / 2};
            }
            return null;
        }""",
        [selector, phrase],
    )
    assert box is not None, phrase
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=5)
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def record(page, *, date, locality, title, notes):
    page.goto("/kramfors/staff/interviews/new/")
    assert axe_violations(page) == []
    page.select_option("#id_kind", "interview")
    page.fill("#id_date", date)
    page.fill("#id_interviewer", "Eva Lind")
    page.select_option("#id_segment", "resident")
    page.select_option("#id_locality", label=locality)
    page.fill("#id_title", title)
    page.fill("#id_notes", notes)
    with page.expect_navigation():
        page.click("#interview-form button[type=submit]")
    return Interview.objects.get(title=title)


def code_pk(path: tuple[str, ...]) -> int:
    code = Code.objects.get(name=path[-1], parent__name=path[0] if len(path) > 1 else None)
    return code.pk


def cell(page, code: int, column) -> str:
    return page.get_attribute(
        f"#counts td[data-code='{code}'][data-column='{column}']", "data-passages"
    )


def test_interviewer_records_and_codes_two_interviews_and_reads_counts(browsers, kramfors):
    # English pages: the codebook's names and the messages are compared in English.
    page = browsers(english=True, locale="sv-SE")
    nyland = LocalityFactory(municipality=kramfors, name="Nyland", position=1)
    bollsta = LocalityFactory(municipality=kramfors, name="Bollstabruk", position=2)
    user = UserFactory(email="eva@example.org", display_name="Eva", preferred_language="en")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=user)
    log_in(page, "eva@example.org", PASSWORD)

    # The codebook, started from Kramfors'.
    page.goto("/kramfors/staff/")
    with page.expect_navigation():
        page.click(".staff-nav a[href='/kramfors/staff/interviews/']")
    page.goto("/kramfors/staff/interviews/codebook/")
    with page.expect_navigation():
        page.click("form[action$='/codebook/start/'] button")
    assert page.locator(".code-tree li").count() > 10
    visits = code_pk(("Movement", "Reasons for visiting"))
    movement = code_pk(("Movement",))
    pride = code_pk(("Pride",))

    # The first interview: the personal identity number is masked and warned about.
    first = record(
        page, date="2026-03-14", locality="Nyland", title="Café owner", notes=FIRST_NOTES
    )
    assert page.url.endswith(f"/staff/interviews/{first.pk}/")
    assert page.locator(".message-warning").count() == 1
    assert "1 personal identity number" in page.locator(".messages").inner_text()
    assert PNR not in page.locator("#notes").inner_text()
    first.refresh_from_db()
    assert first.masked_count == 1
    assert axe_violations(page) == []

    # Code a passage by selecting it with the mouse.
    drag_select(page, "#notes", "for the river and the High Coast")
    page.wait_for_function("document.querySelector('#id_end').value !== ''")
    assert page.input_value("#id_text") == "for the river and the High Coast"
    assert page.locator("#selection-status").inner_text() != ""
    page.check(f"input[name=codes][value='{visits}']")
    page.fill("#id_memo", "Nature brings visitors")
    with page.expect_navigation():
        page.click("#coding-form button[type=submit]")
    passage = Passage.objects.get(interview=first)
    assert passage.text == "for the river and the High Coast"
    mark = page.locator(f"mark#passage-{passage.pk}")
    assert mark.inner_text() == "for the river and the High Coast"
    assert axe_violations(page) == []

    # The second interview, coded by pasting the passage (no selection needed).
    second = record(
        page,
        date="2026-04-02",
        locality="Bollstabruk",
        title="Association chair",
        notes=SECOND_NOTES,
    )
    page.fill("#id_text", "visit us for the festival in July")
    page.check(f"input[name=codes][value='{visits}']")
    page.check(f"input[name=codes][value='{pride}']")
    with page.expect_navigation():
        page.click("#coding-form button[type=submit]")
    passage = Passage.objects.get(interview=second)
    assert passage.text == "visit us for the festival in July"
    assert page.locator(f"mark#passage-{passage.pk}").count() == 1
    # An ambiguous paste is refused with a message, and nothing is stored.
    page.fill("#id_text", "of")
    page.check(f"input[name=codes][value='{pride}']")
    with page.expect_navigation():
        page.click("#coding-form button[type=submit]")
    assert page.locator("#error-summary").count() == 1
    assert Passage.objects.filter(interview=second).count() == 1
    assert axe_violations(page) == []

    # Counts of codes by locality.
    page.goto("/kramfors/staff/interviews/counts/")
    page.check("input[name=by][value=locality]")
    with page.expect_navigation():
        page.click("form.counts-filters button[type=submit]")
    assert cell(page, visits, nyland.pk) == "1"
    assert cell(page, visits, bollsta.pk) == "1"
    assert cell(page, movement, "total") == "2"  # rolled up from "Reasons for visiting"
    assert cell(page, pride, bollsta.pk) == "1"
    assert cell(page, pride, nyland.pk) == "0"
    assert axe_violations(page) == []
    # A cell leads to its quotes.
    with page.expect_navigation():
        page.click(f"#counts td[data-code='{visits}'][data-column='{nyland.pk}'] a")
    assert "for the river and the High Coast" in page.locator("main").inner_text()
    assert "festival" not in page.locator("main").inner_text()
    assert page.script_errors == []
