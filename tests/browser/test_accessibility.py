"""axe-core finds no WCAG 2.1 A/AA violations on the pages residents and officials use."""

from datetime import date

import pytest

from platskraft.accounts.tests.factories import PASSWORD
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import (
    FinancierFactory,
    GroupFactory,
    GroupMemberFactory,
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
)

from .conftest import axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    kramfors = MunicipalityFactory(
        code="2282",
        slug="kramfors",
        centre_lat=62.93,
        centre_lon=17.78,
        boundary={
            "type": "Polygon",
            "coordinates": [[[17.5, 62.8], [18.1, 62.8], [18.1, 63.1], [17.5, 62.8]]],
        },
        intro="Kramfors kommun i Höga kusten.",
    )
    process = ProcessFactory(
        municipality=kramfors,
        title="Framtidsbygget",
        start_date=date(2025, 1, 1),
        end_date=date(2028, 12, 31),
    )
    PhaseFactory(
        process=process,
        name="Forum",
        kind="forum",
        start_date=date(2025, 1, 1),
        end_date=date(2026, 6, 30),
    )
    PhaseFactory(
        process=process,
        name="Arena",
        kind="arena",
        start_date=date(2026, 7, 1),
        end_date=date(2027, 12, 31),
    )
    PhaseFactory(
        process=process,
        name="Domstol",
        kind="court",
        start_date=date(2028, 1, 1),
        end_date=date(2028, 12, 31),
    )
    FinancierFactory(process=process, name="Tillväxtverket", start_year=2025, end_year=2028)
    GroupMemberFactory(group=GroupFactory(process=process, name="Styrgrupp"), name="Anna")
    MembershipFactory(municipality=kramfors, role=Role.ADMIN, user__email="admin@example.org")
    return kramfors, process


PUBLIC_PAGES = [
    "/",
    "/kramfors/",
    "/kramfors/processes/",
    "process",
    "/accounts/login/",
    "/accounts/register/",
    "/about/",
    "/accessibility/",
    "/kramfors/nowhere/",
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("address", PUBLIC_PAGES)
def test_public_pages_have_no_wcag_violations(page, site, address, language):
    _, process = site
    if language == "en":
        page.goto("/")
        page.get_by_role("button", name="English").click()
    page.goto(process.get_absolute_url() if address == "process" else address)
    assert axe_violations(page) == []


def test_forms_with_errors_have_no_wcag_violations(page, site):
    page.goto("/accounts/register/")
    page.click("main form button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert axe_violations(page) == []


STAFF_PAGES = [
    "/kramfors/staff/",
    "staff_process",
    "staff_phase_add",
    "/kramfors/staff/people/",
    "/kramfors/staff/settings/",
    "/kramfors/staff/departments/",
    "/accounts/profile/",
]


@pytest.mark.parametrize("address", STAFF_PAGES)
def test_staff_pages_have_no_wcag_violations(page, site, address):
    _, process = site
    log_in(page, "admin@example.org", PASSWORD)
    base = f"/kramfors/staff/processes/{process.pk}/"
    page.goto(
        {"staff_process": base, "staff_phase_add": base + "phases/new/"}.get(address, address)
    )
    assert axe_violations(page) == []


def test_the_checker_reports_violations(page):
    """Guards the guard: a page with known faults must fail the same check."""
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label", "html-has-lang"} <= found
