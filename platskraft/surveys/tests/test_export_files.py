"""The CSV and Excel exports of responses: what they hold, and who may have them."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from platskraft.municipalities.models import Role

from .results_helpers import RESPONSES, answered_survey, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def url(name, survey):
    return reverse(
        f"surveys:{name}", kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk}
    )


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


HEADER = [
    "response_id",
    "channel",
    "submitted_at",
    "role",
    "age",
    "reasons_1",
    "reasons_2",
    "reasons_3",
    "reasons_99",
    "reasons_other",
    "area",
    "since",
    "overall",
    "recommend",
    "services_1",
    "services_2",
    "services_3",
    "priorities_1",
    "priorities_2",
    "priorities_3",
    "commute",
    "leisure",
    "leisure_other",
    "wish",
]


def expected_cells(spec: dict) -> list:
    """The answer columns of one response, as the export writes them (HEADER[3:])."""
    reasons = spec.get("reasons")
    places = {code: place for place, code in enumerate(spec.get("priorities") or [], start=1)}
    services = spec.get("services") or {}
    return [
        spec.get("role", ""),
        spec.get("age", ""),
        *([int(code in reasons) for code in (1, 2, 3, 99)] if reasons else [""] * 4),
        spec.get("reasons.other", ""),
        spec.get("area", ""),
        spec.get("since", ""),
        spec.get("overall", ""),
        spec.get("recommend", ""),
        *[services.get(row, "") for row in ("1", "2", "3")],
        *[places.get(code, "") for code in (1, 2, 3)],
        spec.get("commute", ""),
        spec.get("leisure", ""),
        spec.get("leisure_other", ""),
        spec.get("wish", ""),
    ]


def test_csv_has_one_row_per_complete_response_with_stable_codes(client, kramfors):
    survey, _q = answered_survey(kramfors)
    client.force_login(member(kramfors, Role.EDITOR))
    response = client.get(url("staff_export_csv", survey))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"survey-{survey.pk}-" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(RESPONSES)  # the started response is not exported
    for row, spec in zip(rows[1:], RESPONSES, strict=True):
        expected = [str(cell) for cell in expected_cells(spec)]
        assert row[3:] == ["'" + c if c.startswith("=") else c for c in expected]
        assert row[1] == "web"
        assert row[2].startswith(timezone.localdate().isoformat()[:4])
    assert [int(row[0]) for row in rows[1:]] == sorted(int(row[0]) for row in rows[1:])


def test_csv_guards_against_formulas(client, kramfors):
    survey, _q = answered_survey(kramfors)
    client.force_login(member(kramfors, Role.ADMIN))
    text = body(client.get(url("staff_export_csv", survey))).decode()
    assert "'=A cinema" in text
    assert ",=A cinema" not in text


def test_excel_export_holds_the_responses_and_a_code_book(client, kramfors):
    survey, _q = answered_survey(kramfors)
    client.force_login(member(kramfors, Role.EDITOR))
    response = client.get(url("staff_export_xlsx", survey))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(body(response)), read_only=True)
    assert workbook.sheetnames == ["Responses", "Code book"]
    rows = [
        list(row) + [None] * (len(HEADER) - len(row))  # empty cells at the end are not written
        for row in workbook["Responses"].iter_rows(values_only=True)
    ]
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(RESPONSES)
    for row, spec in zip(rows[1:], RESPONSES, strict=True):
        assert row[3:] == [None if cell == "" else cell for cell in expected_cells(spec)]
        assert row[1] == "web"
    book = list(workbook["Code book"].iter_rows(values_only=True))
    assert book[0] == ("column", "code", "meaning")
    assert ("role", 1, "I live here") in book
    assert ("leisure", 0, "No") in book
    assert ("reasons_99", "0/1", "Why do you live here?: Other") in book
    assert ("channel", "paper", "paper form") in book
    # A text that looks like a formula stays a text (Excel never runs it).
    assert "=A cinema" in [row[HEADER.index("leisure_other")] for row in rows]


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.MODERATOR, Role.CASE_HANDLER])
def test_only_admins_and_editors_export(client, kramfors, role):
    survey, _q = answered_survey(kramfors)
    client.force_login(member(kramfors, role))
    assert client.get(url("staff_export_csv", survey)).status_code == 404
    assert client.get(url("staff_export_xlsx", survey)).status_code == 404


def test_another_municipalitys_staff_gets_404(client, kramfors, lund):
    survey, _q = answered_survey(kramfors)
    client.force_login(member(lund, Role.ADMIN))
    assert client.get(url("staff_export_csv", survey)).status_code == 404
    assert client.get(url("staff_export_xlsx", survey)).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in(client, kramfors):
    survey, _q = answered_survey(kramfors)
    response = client.get(url("staff_export_csv", survey))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
