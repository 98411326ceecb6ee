"""Plan import and export: the template, a round trip, every bad input, all or nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import DepartmentFactory, MembershipFactory
from platskraft.plans.models import Change, Funding, Plan, PriorityArea, Status, SubProject
from platskraft.plans.services.imports import CHANGE, CREATE, SAME, plan_file_check, plan_import
from platskraft.plans.spreadsheets.write import plan_csv, plan_tables, plan_xlsx, template_tables

from .factories import AreaFactory, FundingFactory, PlanFactory, SubProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

AREAS = ["code", "title", "description", "goal", "indicator_target"]
SUBS = [
    "code", "area_code", "parent_code", "title", "description", "owner", "responsible",
    "start", "end", "status", "progress", "weight",
    "planned: Tillväxtverket", "spent: Tillväxtverket",
]  # fmt: skip
GOOD_SUB = ["1.1", "1", "", "Benches", "", "Tekniska nämnden", "Kim", "2026-03-01",
            "2026-11-30", "pågående", "40", "1", "100000", "40000"]  # fmt: skip


def xlsx(areas, subs) -> bytes:
    book = OpenpyxlWorkbook()
    book.active.title = "areas"
    for row in areas:
        book.active.append(row)
    sheet = book.create_sheet("sub_projects")
    for row in subs:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(areas, subs, delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows([["[areas]"], *areas, [], ["[sub_projects]"], *subs])
    return buffer.getvalue().encode("utf-8-sig")


@pytest.fixture
def municipality():
    plan = PlanFactory()
    DepartmentFactory(municipality=plan.municipality, name="Tekniska nämnden")
    return plan.municipality


@pytest.fixture
def official(municipality):
    user = UserFactory()
    MembershipFactory(user=user, municipality=municipality, role=Role.EDITOR)
    return user


def good_areas():
    return [AREAS, ["1", "Ett levande centrum", "", "Fler besökare", "200 fler"]]


def good_subs(*extra):
    return [SUBS, GOOD_SUB, *extra]


def test_a_new_plan_is_imported_from_xlsx(municipality, official):
    content = xlsx(
        good_areas(),
        good_subs(["1.1.1", "", "1.1", "Paint", "", "", "", "", "", "klar", "", "2", "", ""]),
    )
    preview = plan_file_check(municipality=municipality, content=content)
    assert preview.ok, preview.errors
    assert preview.count(CREATE) == 3
    plan, _ = plan_import(municipality=municipality, by=official, content=content, title="Plan A")
    area = PriorityArea.objects.get(plan=plan)
    assert (area.code, area.goal, area.indicator_target) == ("1", "Fler besökare", "200 fler")
    top = SubProject.objects.get(plan=plan, code="1.1")
    assert top.owner.name == "Tekniska nämnden"
    assert (top.status, top.progress, top.start_date) == (Status.ONGOING, 40, date(2026, 3, 1))
    assert Funding.objects.get(sub_project=top).spent_sek == 40000
    child = SubProject.objects.get(plan=plan, code="1.1.1")
    assert (child.parent, child.area, child.status, child.weight) == (top, area, Status.DONE, 2)
    assert set(
        Change.objects.filter(plan=plan, action=Change.Action.IMPORTED).values_list(
            "item", flat=True
        )
    ) == {"plan", "area:1", "1.1", "1.1.1"}


def _plan_state(plan):
    return (
        list(PriorityArea.objects.filter(plan=plan).values_list("code", "title", "description", "goal", "indicator_target")),
        sorted(
            SubProject.objects.filter(plan=plan).values_list(
                "code", "area__code", "parent__code", "title", "description", "owner__name",
                "responsible", "start_date", "end_date", "status", "progress", "weight",
            )
        ),
        sorted(Funding.objects.filter(sub_project__plan=plan).values_list("sub_project__code", "financier", "planned_sek", "spent_sek")),
    )  # fmt: skip


@pytest.fixture
def full_plan(municipality):
    plan = PlanFactory(municipality=municipality, process=None)
    owner = DepartmentFactory(municipality=municipality, name="Kultur")
    area = AreaFactory(plan=plan, description="=SUM(A1)", goal="Mål")
    top = SubProjectFactory(area=area, owner=owner, progress=55, title="+formula title")
    SubProjectFactory(area=area, parent=top, start_date=None, end_date=None, status=Status.DONE)
    FundingFactory(sub_project=top, financier="Leader")
    FundingFactory(sub_project=top, financier="Kommunen", planned_sek=5, spent_sek=9)
    AreaFactory(plan=plan)
    return plan


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_export_then_import_gives_the_same_plan(full_plan, official, kind):
    tables = plan_tables(full_plan)
    content = plan_xlsx(tables) if kind == "xlsx" else "".join(plan_csv(tables)).encode()
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["areas"]
        assert sheet["C2"].value == "'=SUM(A1)"  # the formula guard
    # Into the same plan: nothing changes.
    preview = plan_file_check(municipality=full_plan.municipality, content=content, plan=full_plan)
    assert preview.ok, preview.errors
    assert {step.action for step in preview.steps} == {SAME}
    # Into a new plan: the same plan.
    copy, _ = plan_import(
        municipality=full_plan.municipality, by=official, content=content, title="Copy"
    )
    assert _plan_state(copy) == _plan_state(full_plan)
    assert SubProject.objects.get(plan=copy, title="+formula title")


def test_import_into_an_existing_plan_matches_by_code(full_plan, official):
    tables = plan_tables(full_plan)
    tables["sub_projects"][1][3] = "Renamed"
    tables["sub_projects"][1][10] = 80
    content = plan_xlsx(tables)
    top = SubProject.objects.get(plan=full_plan, title="+formula title")
    preview = plan_file_check(municipality=full_plan.municipality, content=content, plan=full_plan)
    changed = [step for step in preview.steps if step.action == CHANGE]
    assert [(s.code, sorted(s.changes)) for s in changed] == [(top.code, ["progress", "title"])]
    plan_import(municipality=full_plan.municipality, by=official, content=content, plan=full_plan)
    top.refresh_from_db()
    assert (top.title, top.progress, top.version) == ("Renamed", 80, 2)
    change = Change.objects.get(plan=full_plan, item=top.code)
    assert change.action == Change.Action.IMPORTED
    assert change.fields["progress"] == [55, 80]


def test_the_template_has_the_documented_columns():
    book = load_workbook(io.BytesIO(plan_xlsx(template_tables(["Tillväxtverket"]))))
    assert [c.value for c in book["areas"][1]] == AREAS
    assert [c.value for c in book["sub_projects"][1]] == SUBS
    assert book["instructions"].max_row > len(AREAS) + len(SUBS) - 2


def _errors(municipality, content, plan=None):
    preview = plan_file_check(municipality=municipality, content=content, plan=plan)
    return preview.errors


def _sub(**changes):
    row = list(GOOD_SUB)
    for column, value in changes.items():
        row[
            SUBS.index(
                column.replace("planned", "planned: Tillväxtverket").replace(
                    "spent", "spent: Tillväxtverket"
                )
            )
        ] = value
    return row


BAD = [
    (_sub(area_code="9"), "sub_projects, row 2, column area_code: There is no priority area with the code 9"),
    (_sub(parent_code="7.7"), "row 2, column parent_code: There is no sub-project with the code 7.7"),
    (_sub(owner="Okänd nämnd"), "row 2, column owner: The municipality has no committee or department named “Okänd nämnd”"),
    (_sub(start="2026-13-01"), "row 2, column start: “2026-13-01” is not a date (YYYY-MM-DD)."),
    (_sub(end="2026-01-01"), "row 2, column end: It ends (2026-01-01) before it starts (2026-03-01)."),
    (_sub(progress="140"), "row 2, column progress: Progress must be from 0 to 100"),
    (_sub(planned="-5"), "row 2, column planned: Tillväxtverket: An amount cannot be negative"),
    (_sub(status="kanske"), "row 2, column status: “kanske” is not a status"),
    (_sub(title=""), "row 2, column title: This is required."),
    (_sub(parent_code="1.1"), "row 2, column parent_code: The parent codes go round in a circle: 1.1 → 1.1."),
]  # fmt: skip


@pytest.mark.parametrize(("row", "message"), BAD, ids=[m.split(":")[0] for _, m in BAD])
def test_each_bad_input_names_its_row_and_column_and_nothing_is_written(
    municipality, official, row, message
):
    content = xlsx(good_areas(), [SUBS, row])
    errors = _errors(municipality, content)
    assert any(message in error for error in errors), errors
    plans = Plan.objects.count()
    with pytest.raises(ValidationError):
        plan_import(municipality=municipality, by=official, content=content, title="X")
    assert Plan.objects.count() == plans
    assert not SubProject.objects.exists()


def test_duplicate_codes_and_a_longer_cycle(municipality):
    subs = [
        SUBS,
        _sub(),
        _sub(title="Again"),
        _sub(code="2.1", parent_code="2.2", area_code=""),
        _sub(code="2.2", parent_code="2.1", area_code=""),
    ]
    errors = _errors(municipality, xlsx([*good_areas(), ["1", "Twice", "", "", ""]], subs))
    assert "areas, row 3, column code: The code 1 is also on row 2." in errors
    assert "sub_projects, row 3, column code: The code 1.1 is also on row 2." in errors
    assert any(
        "row 4, column parent_code: The parent codes go round in a circle: 2.1 → 2.2 → 2.1." in e
        for e in errors
    )


def test_csv_with_semicolons_and_a_broken_row(municipality):
    content = csv_file(good_areas(), good_subs(_sub(code="1.2", end="2020-01-01")))
    errors = _errors(municipality, content)
    assert errors == [
        "sub_projects, row 8, column end: It ends (2020-01-01) before it starts (2026-03-01)."
    ]


def test_spent_over_planned_is_a_warning_not_an_error(municipality, official):
    content = xlsx(good_areas(), good_subs(_sub(code="1.2", planned="10", spent="25")))
    preview = plan_file_check(municipality=municipality, content=content)
    assert preview.ok
    assert [str(w) for w in preview.checked.warnings] == [
        "sub_projects, row 3, column spent: Tillväxtverket: More is spent (25 kr) than planned "
        "(10 kr). It will be imported and shown as over budget."
    ]
    plan, _ = plan_import(municipality=municipality, by=official, content=content, title="X")
    assert Funding.objects.get(sub_project__plan=plan, sub_project__code="1.2").spent_sek == 25


def test_an_existing_area_and_parent_may_be_named(full_plan, official):
    area = full_plan.areas.first()
    top = SubProject.objects.get(plan=full_plan, parent=None, area=area)
    content = xlsx([AREAS], [SUBS, _sub(code="new", area_code="", parent_code=top.code, owner="")])
    plan_import(municipality=full_plan.municipality, by=official, content=content, plan=full_plan)
    new = SubProject.objects.get(plan=full_plan, code="new")
    assert (new.parent, new.area) == (top, area)


def test_not_a_spreadsheet(municipality):
    assert _errors(municipality, b"PK\x03\x04garbage") == [
        "The file is not an Excel workbook (.xlsx) that can be read."
    ]
    assert "must start with a line [areas]" in _errors(municipality, b"code,title\n1,x\n")[0]
    header = xlsx([["code", "title", "colour"]], [SUBS])
    assert _errors(municipality, header) == [
        "areas, row 1, column colour: The template has no column “colour”. See the instructions sheet."
    ]


# --- Views --------------------------------------------------------------------------------


def _url(name, municipality, **kwargs):
    return reverse(f"plans:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def test_upload_preview_confirm(client, municipality, official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(official)
    content = xlsx(good_areas(), good_subs())
    upload = SimpleUploadedFile("plan.xlsx", content)
    page = client.post(_url("staff_import", municipality), {"file": upload, "title": "Imported"})
    assert page.status_code == 200
    assert "Benches" in page.content.decode()
    assert not Plan.objects.filter(title="Imported").exists()
    token = page.context["token"]
    done = client.post(
        _url("staff_import_confirm", municipality), {"token": token, "title": "Imported"}
    )
    assert done.status_code == 302
    plan = Plan.objects.get(title="Imported", municipality=municipality)
    assert plan.sub_projects.count() == 1


def test_broken_upload_lists_errors_and_writes_nothing(client, municipality, official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(official)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile("plan.xlsx", xlsx(good_areas(), [SUBS, _sub(start="igår")]))
    page = client.post(_url("staff_import", municipality), {"file": upload, "title": "Broken"})
    assert page.status_code == 200
    assert "“igår” is not a date" in page.content.decode()
    assert not page.context["token"]
    assert not Plan.objects.filter(title="Broken").exists()


def test_export_and_template_downloads(client, full_plan, official):
    client.force_login(official)
    m = full_plan.municipality
    for kind in ("xlsx", "csv"):
        response = client.get(_url("staff_export", m, pk=full_plan.pk, kind=kind))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert plan_file_check(municipality=m, content=body, plan=full_plan).ok
        assert client.get(_url("staff_template", m, kind=kind)).status_code == 200


def test_another_municipalitys_staff_gets_404(client, full_plan):
    other = PlanFactory().municipality
    user = UserFactory()
    MembershipFactory(user=user, municipality=other, role=Role.ADMIN)
    client.force_login(user)
    m = full_plan.municipality
    assert client.get(_url("staff_export", m, pk=full_plan.pk, kind="csv")).status_code == 404
    assert client.get(_url("staff_import", m)).status_code == 404
    # Their own municipality's address does not reach this plan either.
    assert client.get(_url("staff_export", other, pk=full_plan.pk, kind="csv")).status_code == 404
