"""Answering a survey in a real browser: a resident on a 360 px phone with the keyboard
only, who leaves mid-way and finishes from the resume link in another browser; an
official typing in two paper forms in field mode; and axe-core on the answering pages."""

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory, ProcessFactory
from platskraft.surveys.models import Channel, Response, ResponseStatus
from platskraft.surveys.tests.factories import survey_with_every_kind

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}  # without touch


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def press_on(page, selector: str, key: str) -> None:
    tab_to(page, selector)
    page.keyboard.press(key)


def fits_the_phone(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 360px"


def ids(survey):
    return {q.code: q.pk for q in survey.questions.all()}


def test_a_resident_answers_with_the_keyboard_leaves_and_resumes(browsers, kramfors):
    process = ProcessFactory(municipality=kramfors, title="Framtidens Kramfors")
    survey = survey_with_every_kind(kramfors, process=process, title="Att bo i Kramfors")
    q = ids(survey)
    page = browsers(viewport=SMALL_PHONE)

    page.goto(f"/kramfors/surveys/{survey.pk}/")
    assert axe_violations(page) == []
    fits_the_phone(page)
    press_on(page, f"main a[href$='/surveys/{survey.pk}/answer/1/']", "Enter")
    page.wait_for_url(f"**/surveys/{survey.pk}/answer/1/")
    fits_the_phone(page)

    # Next without the required answer: the error summary links to the question.
    press_on(page, "button[value=next]", "Enter")
    page.wait_for_selector(".error-summary")
    assert page.locator(f".error-summary a[href='#id_q{q['role']}_0']").count() == 1
    assert axe_violations(page) == []
    fits_the_phone(page)

    press_on(page, f"#id_q{q['role']}_0", "Space")  # I live here
    press_on(page, f"#id_q{q['age']}_0", "ArrowDown")  # 30–64
    press_on(page, f"#id_q{q['reasons']}_0", "Space")  # Nature
    press_on(page, f"#id_q{q['reasons']}_3", "Space")  # Other, namely …
    tab_to(page, f"#id_q{q['reasons']}_other")
    page.keyboard.type("Älven")
    press_on(page, "button[value=next]", "Enter")
    page.wait_for_url(f"**/surveys/{survey.pk}/answer/2/")
    fits_the_phone(page)
    assert page.locator("progress").get_attribute("value") == "2"

    # Rate the place to live 5 and, in the matrix, “Schools” 4 (arrow keys choose).
    tab_to(page, f"#id_q{q['overall']}_0")
    for _step in range(4):
        page.keyboard.press("ArrowRight")
    press_on(page, f"#id_q{q['services']}_1_0", "ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, f"#id_q{q['commute']}")
    page.keyboard.type("25")
    # The follow-up question waits until “No” is chosen.
    assert page.locator(f"#id_q{q['leisure_other']}").is_hidden()

    # Leave mid-way: save and take the link.
    press_on(page, "button[value=save]", "Enter")
    page.wait_for_url(f"**/surveys/{survey.pk}/saved/")
    fits_the_phone(page)
    assert axe_violations(page) == []
    link = page.locator("#resume-url").input_value()
    assert "/resume/" in link
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.STARTED
    assert saved.answers[str(q["commute"])] == 25
    assert saved.answers[str(q["reasons"]) + ".other"] == "Älven"
    page.context.close()

    # Another browser, the link: on with section 2, where the answers wait.
    later = browsers(viewport=SMALL_PHONE)
    later.goto(link)
    later.wait_for_url(f"**/surveys/{survey.pk}/answer/2/")
    assert later.locator(f"#id_q{q['commute']}").input_value() == "25"
    assert later.locator(f"#id_q{q['overall']}_4").is_checked()
    tab_to(later, f"#id_q{q['leisure']}_0")
    later.keyboard.press("ArrowDown")  # No
    assert later.locator(f"#id_q{q['leisure_other']}").is_visible()
    tab_to(later, f"#id_q{q['leisure_other']}")
    later.keyboard.type("Ett badhus")
    press_on(later, "button[value=next]", "Enter")
    later.wait_for_url(f"**/surveys/{survey.pk}/thanks/")
    assert "The answers go into the action plan." in later.inner_text("main")
    assert later.locator(f"main a[href='{process.get_absolute_url()}']").count() == 1
    assert axe_violations(later) == []
    fits_the_phone(later)

    sent = Response.objects.get()
    assert sent.status == ResponseStatus.COMPLETE
    answers = sent.answers
    assert answers[str(q["role"])] == 1 and answers[str(q["age"])] == 2
    assert answers[str(q["reasons"])] == [1, 99]
    assert answers[str(q["overall"])] == 5
    assert answers[str(q["services"])] == {"1": 4}
    assert answers[str(q["leisure"])] == 0
    assert answers[str(q["leisure_other"])] == "Ett badhus"


def test_an_official_enters_two_paper_forms(page, kramfors):
    survey = survey_with_every_kind(kramfors, title="Att bo i Kramfors")
    q = ids(survey)
    official = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=official)
    log_in(page, "eva@example.org", PASSWORD)

    page.goto(f"/kramfors/staff/surveys/{survey.pk}/field/")
    assert axe_violations(page) == []
    page.select_option("#id_channel", Channel.PAPER)
    page.check(f"#id_q{q['role']}_1")
    page.check(f"#id_q{q['overall']}_2")
    page.fill(f"#id_q{q['wish']}", "Fler bänkar vid älven")
    page.click("form.field-form button[type=submit]")
    page.wait_for_selector(".message-success")
    first = Response.objects.get()
    assert str(first.pk) in page.inner_text(".message-success")
    # The channel stays; the answers are cleared for the next form.
    assert page.locator("#id_channel").input_value() == Channel.PAPER
    assert page.locator(f"#id_q{q['wish']}").input_value() == ""

    page.check(f"#id_q{q['role']}_0")
    page.fill(f"#id_q{q['commute']}", "40")
    page.click("form.field-form button[type=submit]")
    page.wait_for_selector(f".message-success:has-text('{first.pk + 1}')")

    entered = Response.objects.order_by("pk")
    assert entered.count() == 2
    assert [r.channel for r in entered] == [Channel.PAPER, Channel.PAPER]
    assert all(r.entered_by == official and r.status == ResponseStatus.COMPLETE for r in entered)
    assert entered[0].answers[str(q["wish"])] == "Fler bänkar vid älven"
    assert entered[1].answers == {str(q["role"]): 1, str(q["commute"]): 40}

    page.goto(f"/kramfors/staff/surveys/{survey.pk}/responses/")
    assert page.locator("main table tbody tr").count() == 2
    assert axe_violations(page) == []
