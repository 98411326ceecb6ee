"""An official builds a survey in a real browser: every question type, one display
condition, an “other, namely” option; previews it and publishes it. Every builder page
passes axe."""

import re

import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory, ProcessFactory
from platskraft.surveys.kinds import REGISTRY
from platskraft.surveys.models import Question, Section, Survey
from platskraft.surveys.tests.factories import LocalityFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURVEY_PAGE = re.compile(r"/kramfors/staff/surveys/\d+/(#.*)?$")

# (type, question, options or rows typed one a line, settings fields to fill)
FIRST = [
    ("segment", "Vem är du?", None, {"select:#id_setting_segment": "role"}),
    ("single", "Vilken del av kommunen?", "Norr\nSöder", {}),
    ("multiple", "Varför bor du här?", "Naturen\nJobbet\nFamiljen", {}),
    ("date", "När flyttade du hit?", None, {}),
    ("yes_no", "Finns det tillräckligt att göra på fritiden?", None, {}),
]
SECOND = [
    (
        "rating",
        "Hur bra är det att bo här?",
        None,
        {"#id_setting_low_label": "Mycket dåligt", "#id_setting_high_label": "Mycket bra"},
    ),
    ("nps", "Skulle du rekommendera en vän att flytta hit?", None, {}),
    ("matrix", "Hur bra är servicen?", "Skolor\nBussar\nKultur", {}),
    ("ranking", "Vad är viktigast?", "Bostäder\nJobb\nVägar", {}),
    ("number", "Hur många minuter tar resan till jobbet?", None, {"#id_setting_min": "0"}),
    ("short_text", "Vad saknas?", None, {}),
    ("long_text", "Något mer du vill säga?", None, {}),
    ("map", "Rita din mentala karta", None, {"select:#id_setting_preset": "mental_map"}),
]


def check(page, where: str) -> None:
    assert axe_violations(page) == [], where


def add_question(page, section: Section, kind: str, text: str, lines, settings, audit: bool):
    page.click(f"main a[href$='/sections/{section.pk}/questions/new/']")
    page.wait_for_url(re.compile(r"/questions/new/$"))
    if audit:
        check(page, "the choice of question type")
    page.check(f"input[name=kind][value={kind}]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/questions/new/\?kind={kind}$"))
    if audit:
        check(page, f"the new question form ({kind})")
    page.fill("#id_text", text)
    if lines:
        page.fill("#id_rows" if REGISTRY[kind].uses_rows else "#id_options", lines)
    for target, value in settings.items():
        if target.startswith("select:"):
            page.select_option(target.removeprefix("select:"), value)
        else:
            page.fill(target, value)
    page.click("main form button[type=submit]")
    page.wait_for_url(SURVEY_PAGE)
    assert page.locator(".message-success").is_visible()


def test_an_official_builds_a_survey_with_every_question_type_and_publishes_it(page, kramfors):
    user = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=user)
    process = ProcessFactory(municipality=kramfors, title="Bo, verka, leva")
    LocalityFactory(municipality=kramfors, name="Kramfors", position=1)
    log_in(page, "eva@example.org", PASSWORD)

    # From the staff area to the surveys, and a new one inside the process.
    page.goto("/kramfors/staff/")
    page.click("nav.staff-nav a[href='/kramfors/staff/surveys/']")
    page.wait_for_url("**/kramfors/staff/surveys/")
    check(page, "the list of surveys")
    page.click("main a[href='/kramfors/staff/surveys/new/']")
    check(page, "the new survey form")
    page.fill("#id_title", "Att bo i Kramfors")
    page.select_option("#id_process", str(process.pk))
    page.fill("#id_intro", "Berätta vad du tycker om att bo, verka och leva här.")
    page.fill("#id_thanks", "Svaren går in i handlingsplanen för Bo, verka, leva.")
    page.fill("#id_closes_at", "2099-06-30T18:00")
    page.fill("#id_target_responses", "300")
    page.click("main form button[type=submit]")
    page.wait_for_url(SURVEY_PAGE)
    survey = Survey.objects.get(title="Att bo i Kramfors")
    assert survey.status == "draft" and survey.process == process
    check(page, "the builder page of an empty survey")

    first = survey.sections.get()
    page.click(f"main a[href$='/sections/{first.pk}/']")
    page.fill("#id_title", "Om dig")
    page.click("main form button[type=submit]")
    page.wait_for_url(SURVEY_PAGE)
    for i, (kind, text, lines, settings) in enumerate(FIRST):
        add_question(page, first, kind, text, lines, settings, audit=i < 2)

    page.click("main a[href$='/sections/new/']")
    check(page, "the new section form")
    page.fill("#id_title", "Att bo här")
    page.click("main form button[type=submit]")
    page.wait_for_url(SURVEY_PAGE)
    second = survey.sections.get(title="Att bo här")
    for kind, text, lines, settings in SECOND:
        add_question(page, second, kind, text, lines, settings, audit=kind == "rating")

    questions = {q.kind: q for q in Question.objects.filter(survey=survey)}
    assert set(questions) == set(REGISTRY)  # every type
    assert questions["segment"].options.count() == 4  # the preset “who are you”
    assert questions["rating"].settings == {
        "low_label": "Mycket dåligt",
        "high_label": "Mycket bra",
    }

    # “Other, namely” for the multiple choice question, from its options editor.
    multiple = questions["multiple"]
    page.click(f"main a[href$='/questions/{multiple.pk}/']")
    page.wait_for_url(re.compile(rf"/questions/{multiple.pk}/$"))
    check(page, "the question page with its options")
    page.click(f"main a[href$='/questions/{multiple.pk}/options/new/choice/']")
    page.fill("#id_label", "Annat")
    page.check("#id_is_other")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/questions/{multiple.pk}/#options$"))
    assert multiple.options.get(label="Annat").is_other

    # The map question got the seven ready-made layers; one more is added on its page.
    map_question = questions["map"]
    assert len(map_question.settings["layers"]) == 7
    page.goto(f"/kramfors/staff/surveys/{survey.pk}/questions/{map_question.pk}/layers/")
    check(page, "the map question's layers")
    page.click(f"main a[href$='/questions/{map_question.pk}/layers/new/']")
    check(page, "the new layer form")
    page.fill("#id_label", "Där jag fikar")
    page.select_option("#id_geometry", "point")
    page.select_option("#id_role", "visit")
    page.fill("#id_max", "3")
    page.fill("#id_text_label", "Vad heter stället?")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/questions/{map_question.pk}/layers/(#.*)?$"))
    map_question.refresh_from_db()
    added = map_question.settings["layers"][-1]
    assert (added["label"], added["geometry"], added["max"]) == ("Där jag fikar", "point", 3)

    # The follow-up is shown only to those who answer “No” to the yes/no question.
    follow_up, source = questions["short_text"], questions["yes_no"]
    page.goto(f"/kramfors/staff/surveys/{survey.pk}/#question-{follow_up.pk}")
    page.click(f"main a[href$='/questions/{follow_up.pk}/condition/']")
    check(page, "the display condition form")
    page.check(f"input[name=answers][value='{source.pk}:0']")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(re.compile(rf"/questions/{follow_up.pk}/$"))
    follow_up.refresh_from_db()
    assert follow_up.condition_question == source and follow_up.condition_values == [0]

    # Moved one step up with the buttons (no JavaScript needed).
    page.goto(f"/kramfors/staff/surveys/{survey.pk}/")
    page.click(f"form[action$='/questions/{follow_up.pk}/move/']:has(input[value=up]) button")
    page.wait_for_url(SURVEY_PAGE)
    order = list(second.questions.order_by("position").values_list("kind", flat=True))
    assert order.index("short_text") < order.index("number")
    page.goto(f"/kramfors/staff/surveys/{survey.pk}/")
    check(page, "the builder page with every type")

    # The preview shows the first page and stores nothing.
    page.click(f"main a[href='/kramfors/staff/surveys/{survey.pk}/preview/']")
    assert page.locator(".preview-banner").is_visible()
    check(page, "the preview")
    page.check(f"input[name=q{questions['segment'].pk}][value='1']")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_selector(f"#question-{questions['rating'].pk}")
    check(page, "the second page of the preview")
    assert not survey.responses.exists()

    # Published.
    page.goto(f"/kramfors/staff/surveys/{survey.pk}/")
    page.click("button[name=action][value=publish]")
    page.wait_for_url(SURVEY_PAGE)
    assert page.locator(".message-success").is_visible()
    survey.refresh_from_db()
    assert survey.status == "published"
    check(page, "the builder page of a published survey")


def test_the_list_of_localities_passes_axe(page, kramfors):
    user = UserFactory(email="ada@example.org", display_name="Ada")
    MembershipFactory(municipality=kramfors, role=Role.ADMIN, user=user)
    log_in(page, "ada@example.org", PASSWORD)
    page.goto("/kramfors/staff/surveys/localities/")
    page.fill("#locality-name", "Nyland")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/kramfors/staff/surveys/localities/")
    page.fill("#locality-name", "Bollstabruk")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/kramfors/staff/surveys/localities/")
    page.click("main form[action$='/move/']:has(input[value=up]) button")
    page.wait_for_url(re.compile(r"/localities/(#.*)?$"))
    assert page.locator("main tbody th").all_inner_texts() == ["Bollstabruk", "Nyland"]
    check(page, "the list of localities")
