"""Survey results in a real browser: charts drawn by Vega, a cross-tabulation by segment
with a small group hidden, no axe-core violations, and exports that open and match."""

import csv
import io

import pytest
from openpyxl import load_workbook

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.surveys.models import Response
from platskraft.surveys.tests.factories import ResponseFactory, survey_with_every_kind
from platskraft.surveys.tests.results_helpers import answers_for, questions_of

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed(kramfors):
    """Twelve residents, eight visitors and two commuters, half of each group with enough
    to do in their free time: with a threshold of five, only the residents' figures show
    in that cross-tabulation."""
    kramfors.publication_threshold = 5
    kramfors.save()
    survey = survey_with_every_kind(kramfors, title="Leva i Kramfors", results_public=True)
    q = questions_of(survey)
    groups = [(1, 12), (2, 8), (3, 2)]
    n = 0
    for role, count in groups:
        for _ in range(count):
            n += 1
            spec = {
                "role": role,
                "age": 1 + n % 3,
                "reasons": [1 + n % 3] + ([99] if n % 5 == 0 else []),
                "overall": 1 + n % 5,
                "recommend": n % 11,
                "services": {"1": 1 + n % 5, "2": 1 + (n + 2) % 5},
                "priorities": [1 + n % 3, 1 + (n + 1) % 3],
                "commute": 5 * n,
                "since": f"2021-{1 + n % 12:02d}-01",
                "leisure": n % 2,
                "wish": f"Önskan nummer {n}" if n % 4 == 0 else None,
            }
            if n % 5 == 0:
                spec["reasons.other"] = "Släkten"
            if spec["leisure"] == 0:
                spec["leisure_other"] = "=Simhall"
            ResponseFactory(
                survey=survey,
                answers=answers_for(q, {k: v for k, v in spec.items() if v is not None}),
            )
    return survey, q


def official(kramfors):
    user = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=user)
    return user


def test_results_page_draws_charts_and_hides_a_small_group(page, kramfors):
    survey, q = seed(kramfors)
    official(kramfors)
    log_in(page, "eva@example.org", PASSWORD)
    base = f"/kramfors/staff/surveys/{survey.pk}"
    page.goto(f"{base}/results/?by={q['role'].pk}&question={q['leisure'].pk}")

    # Vega draws every chart as SVG.
    page.wait_for_selector(".result-chart.is-drawn svg")
    drawn = page.locator(".result-chart.is-drawn svg").count()
    assert drawn == page.locator("[data-chart]").count() >= 10
    assert page.locator("#crosstab .result-chart.is-drawn svg").count() == 1

    # The cross-tabulation: the commuters' column (two respondents) is hidden.
    table = page.locator("#crosstab table")
    assert table.locator("thead th").count() == 6  # answer, four roles, all
    totals = [text.strip() for text in table.locator("tfoot td").all_inner_texts()]
    cells = [text.split()[0] for text in table.locator("tbody td").all_inner_texts()]
    assert cells[0] == cells[5] == "6"  # residents: six yes, six no
    assert cells[1] == cells[6] == "–"  # visitors: four and four
    assert totals[0] == "12"  # residents
    assert totals[2].split()[0] == "–"  # commuters: two (and “hidden” for screen readers)
    assert totals[4] == "22"
    assert table.locator("tbody .visually-hidden").count() >= 1
    assert page.locator("#crosstab .meta").first.inner_text().startswith("–")

    assert axe_violations(page) == []

    # The residents' page, published: charts, and again no violations.
    page.goto(f"/kramfors/surveys/{survey.pk}/results/")
    page.wait_for_selector(".result-chart.is-drawn svg")
    assert "Önskan nummer" not in page.content()
    assert axe_violations(page) == []


def test_results_work_without_javascript(browsers, kramfors):
    survey, _q = seed(kramfors)
    # Chromium's own language and window size.
    page = browsers(locale=None, viewport=None, java_script_enabled=False)
    page.goto(f"/kramfors/surveys/{survey.pk}/results/")
    assert page.locator(".result-chart svg").count() == 0
    assert page.locator("table.data-table caption").count() >= 12


def test_csv_and_excel_downloads_open_and_match_the_answers(page, kramfors):
    survey, q = seed(kramfors)
    official(kramfors)
    log_in(page, "eva@example.org", PASSWORD)
    page.goto(f"/kramfors/staff/surveys/{survey.pk}/results/")
    stored = {r.pk: r.answers for r in Response.objects.filter(survey=survey)}

    with page.expect_download() as download:
        page.click("a[href$='/export.csv']")
    assert download.value.suggested_filename.endswith(".csv")
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(stored) == 22
    for row in rows:
        answers = stored[int(row["response_id"])]
        assert row["role"] == str(answers[q["role"].key])
        assert row["overall"] == str(answers[q["overall"].key])
        assert row["commute"] == str(answers[q["commute"].key])
        chosen = answers.get(q["reasons"].key, [])
        assert [row[f"reasons_{code}"] for code in (1, 2, 3, 99)] == [
            str(int(code in chosen)) for code in (1, 2, 3, 99)
        ]
        assert row["leisure_other"] == ("'=Simhall" if q["leisure_other"].key in answers else "")

    with page.expect_download() as download:
        page.click("a[href$='/export.xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    sheet, book = workbook.worksheets
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    assert len(table) == 23
    for values in table[1:]:
        row = dict(zip(header, list(values) + [None] * (len(header) - len(values)), strict=True))
        answers = stored[row["response_id"]]
        assert row["role"] == answers[q["role"].key]
        assert row["recommend"] == answers[q["recommend"].key]
        assert row["since"] == answers[q["since"].key]
        assert row["services_2"] == answers[q["services"].key]["2"]
    assert ("role", 1) in [(line[0], line[1]) for line in book.iter_rows(values_only=True)]
