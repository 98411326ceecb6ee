"""An official imports an action plan from the template in a real browser: downloads the
template, fills it in, sees the preview, confirms and sees the plan; a broken file shows each
problem's row and column and imports nothing. Every page visited passes axe."""

import pytest
from openpyxl import load_workbook

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import DepartmentFactory, MembershipFactory
from platskraft.plans.models import Plan, SubProject

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def official(municipality):
    user = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=municipality, role=Role.EDITOR, user=user)
    DepartmentFactory(municipality=municipality, name="Tekniska nämnden")
    log_in_as = user.email
    return log_in_as


def download_template(page, tmp_path):
    with page.expect_download() as info:
        page.click("a[href$='template.xlsx']")
    path = tmp_path / "template.xlsx"
    info.value.save_as(path)
    return path


def fill(path, sub_projects):
    book = load_workbook(path)
    header = [cell.value for cell in book["sub_projects"][1]]
    book["areas"].append(["1", "Ett levande centrum", "Torget och ån", "Fler besökare", ""])
    book["areas"].append(["2", "Företagande", "", "", ""])
    for values in sub_projects:
        book["sub_projects"].append([values.get(column, "") for column in header])
    book.save(path)
    return header


def test_an_official_imports_a_plan_from_the_template(page, kramfors, tmp_path):
    log_in(page, official(kramfors), PASSWORD)
    page.goto("/kramfors/staff/plans/import/")
    assert axe_violations(page) == []
    path = download_template(page, tmp_path)
    header = fill(
        path,
        [
            {"code": "1.1", "area_code": "1", "title": "Bänkar vid ån", "owner": "Tekniska nämnden",
             "start": "2026-03-01", "end": "2026-09-30", "status": "pågående", "progress": 40},
            {"code": "1.1.1", "parent_code": "1.1", "title": "Måla bänkarna", "status": "klar"},
            {"code": "2.1", "area_code": "2", "title": "Företagarfrukost", "status": "ej påbörjad"},
        ],
    )  # fmt: skip
    assert header[:3] == ["code", "area_code", "parent_code"]
    page.fill("#id_title", "Handlingsplan Kramfors")
    page.set_input_files("#id_file", str(path))
    page.click("main form button[type=submit]")
    preview = page.locator("#preview-heading")
    preview.wait_for()
    assert page.locator("table.data-table tbody tr").count() == 5  # 2 areas, 3 sub-projects
    assert "Måla bänkarna" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert not Plan.objects.filter(title="Handlingsplan Kramfors").exists()  # not yet
    page.click("form[action$='/import/confirm/'] button[type=submit]")
    page.wait_for_url(lambda url: "/import/" not in url)
    plan = Plan.objects.get(municipality=kramfors, title="Handlingsplan Kramfors")
    assert SubProject.objects.get(plan=plan, code="1.1.1").parent.code == "1.1"
    text = page.locator("main").inner_text()
    assert "Handlingsplan Kramfors" in text and "Bänkar vid ån" in text
    assert axe_violations(page) == []


def test_a_broken_file_shows_each_row_and_column_and_imports_nothing(page, kramfors, tmp_path):
    log_in(page, official(kramfors), PASSWORD)
    page.goto("/kramfors/staff/plans/import/")
    path = download_template(page, tmp_path)
    fill(
        path,
        [
            {"code": "1.1", "area_code": "9", "title": "Okänt område"},
            {"code": "1.2", "area_code": "1", "title": "Fel datum", "start": "2026-02-30"},
            {"code": "1.2", "area_code": "1", "title": "Samma kod"},
        ],
    )
    page.fill("#id_title", "Trasig plan")
    page.set_input_files("#id_file", str(path))
    page.click("main form button[type=submit]")
    table = page.locator("table.import-errors")
    table.wait_for()
    rows = [
        [cell.inner_text() for cell in row.locator("td").all()]
        for row in table.locator("tbody tr").all()
    ]
    assert [row[:3] for row in rows] == [
        ["sub_projects", "2", "area_code"],
        ["sub_projects", "3", "start"],
        ["sub_projects", "4", "code"],
    ]
    assert "2026-02-30" in rows[1][3]
    assert page.locator("#preview-heading").count() == 0
    assert axe_violations(page) == []
    assert not Plan.objects.filter(title="Trasig plan").exists()
    assert not SubProject.objects.exists()
