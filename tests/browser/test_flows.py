"""What residents and officials click through, in a real browser."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Process, Role
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import (
    MembershipFactory,
    ProcessFactory,
)

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def member(municipality, role, **user):
    return MembershipFactory(municipality=municipality, role=role, user=UserFactory(**user)).user


def test_resident_registers_and_confirms_email(page, kramfors, mailoutbox):
    page.goto("/kramfors/")
    page.click("header >> text=Skapa konto")
    page.fill("#id_display_name", "Ines")
    page.fill("#id_email", "ines@example.org")
    page.fill("#id_password1", "tall-birch-river-42")
    page.fill("#id_password2", "another-password-99")
    page.check("#id_accept_privacy")
    page.click("main form button[type=submit]")
    # Mismatching passwords: told which field, and what was typed is still there.
    assert page.locator(".error-summary a[href='#id_password2']").is_visible()
    assert page.input_value("#id_display_name") == "Ines"
    page.fill("#id_password1", "tall-birch-river-42")
    page.fill("#id_password2", "tall-birch-river-42")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/register/done/")
    assert "ines@example.org" in page.inner_text("main")

    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+)", mailoutbox[0].body).group(1)
    page.goto(link)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/kramfors/")
    assert page.locator("header").get_by_text("Ines").is_visible()


def test_official_builds_a_process_and_a_visitor_sees_the_current_phase(page, kramfors, browsers):
    member(kramfors, Role.EDITOR, email="eva@example.org")
    today = timezone.localdate()
    forum = (today - timedelta(days=100), today - timedelta(days=31))
    arena = (today - timedelta(days=30), today + timedelta(days=30))
    court = (today + timedelta(days=31), today + timedelta(days=120))

    log_in(page, "eva@example.org", PASSWORD)
    page.goto("/kramfors/staff/")
    page.click("main >> text=Ny utvecklingsprocess")
    page.fill("#id_title", "Framtidsbygget")
    page.fill("#id_summary", "En hel kommun bygger framtiden tillsammans.")
    page.fill("#id_start_date", forum[0].isoformat())
    page.fill("#id_end_date", court[1].isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/kramfors/staff/processes/\d+/$"))

    for name, kind, (start, end) in [
        ("Öppna samtal", "forum", forum),
        ("Forma förslagen", "arena", arena),
        ("Beslut", "court", court),
    ]:
        page.click("main >> text=Lägg till en fas")
        page.fill("#id_name", name)
        page.select_option("#id_kind", kind)
        page.fill("#id_start_date", start.isoformat())
        page.fill("#id_end_date", end.isoformat())
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/kramfors/staff/processes/\d+/$"))

    # An overlapping phase is refused with the clash named, and nothing is saved.
    page.click("main >> text=Lägg till en fas")
    page.fill("#id_name", "Krock")
    page.fill("#id_start_date", arena[0].isoformat())
    page.fill("#id_end_date", arena[1].isoformat())
    page.click("main form button[type=submit]")
    assert "Forma förslagen" in page.inner_text(".error-summary")
    page.click("main >> text=Avbryt")

    page.click("main >> text=Lägg till en finansiär")
    page.fill("#id_name", "Tillväxtverket")
    page.fill("#id_amount_sek", "2800000")
    page.click("main form button[type=submit]")
    page.click("main >> text=Lägg till en grupp")
    page.select_option("#id_kind", "steering")
    page.fill("#id_name", "Styrgruppen")
    page.click("main form button[type=submit]")
    page.click("main >> text=Lägg till en medlem")
    page.fill("#id_name", "Anna Andersson")
    page.fill("#id_role", "Ordförande")
    page.click("main form button[type=submit]")
    page.get_by_role("button", name="Publicera").click()
    assert Process.objects.get().status == ProcessStatus.PUBLISHED

    visitor = browsers(viewport=None)  # Playwright's own window size
    visitor.goto("/kramfors/")
    visitor.click("main >> text=Framtidsbygget")
    current = visitor.locator(".timeline [aria-current=step]")
    assert current.count() == 1
    assert "Forma förslagen" in current.inner_text()
    assert "Tillväxtverket" in visitor.inner_text("main")
    assert "Anna Andersson" in visitor.inner_text("main")


def test_language_switch_to_english_and_back(page, kramfors):
    ProcessFactory(municipality=kramfors, title="Framtidsbygget")
    page.goto("/kramfors/processes/")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("h1").inner_text() == "Utvecklingsprocesser"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "Development processes"
    assert page.url.endswith("/kramfors/processes/")
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "sv"


def test_official_of_another_municipality_gets_404(page, kramfors, lund):
    process = ProcessFactory(municipality=kramfors, status=ProcessStatus.DRAFT)
    member(lund, Role.ADMIN, email="lena@example.org")
    log_in(page, "lena@example.org", PASSWORD)
    for address in [
        "/kramfors/staff/",
        f"/kramfors/staff/processes/{process.pk}/",
        f"/kramfors/staff/processes/{process.pk}/edit/",
        "/kramfors/staff/people/",
    ]:
        response = page.goto(address)
        assert response.status == 404, address
        assert page.locator("h1").inner_text() == "Sidan hittades inte"
    assert page.goto("/lund/staff/").status == 200


# role -> (what the staff area offers, what it must not offer)
ROLE_VIEWS = {
    Role.ADMIN: (["Ny utvecklingsprocess", "Personer och roller", "Inställningar"], []),
    Role.EDITOR: (["Ny utvecklingsprocess"], ["Personer och roller", "Inställningar"]),
    Role.MODERATOR: ([], ["Ny utvecklingsprocess", "Inställningar"]),
    Role.CASE_HANDLER: ([], ["Ny utvecklingsprocess", "Inställningar"]),
    Role.OBSERVER: ([], ["Ny utvecklingsprocess", "Inställningar"]),
}


@pytest.mark.parametrize("role", list(ROLE_VIEWS))
def test_each_role_logs_in_and_sees_its_staff_area(page, kramfors, role):
    process = ProcessFactory(
        municipality=kramfors, title="Framtidsbygget", start_date=date(2026, 1, 1), end_date=None
    )
    member(kramfors, role, email="staff@example.org")
    log_in(page, "staff@example.org", PASSWORD)
    page.goto("/kramfors/")
    page.click("header >> text=Personalsidor")
    main = page.inner_text("main")
    offered, hidden = ROLE_VIEWS[role]
    for text in offered:
        assert text in main, (role, text)
    for text in hidden:
        assert text not in main, (role, text)
    page.click("main >> text=Framtidsbygget")
    can_edit = role in (Role.ADMIN, Role.EDITOR)
    assert page.locator("main >> text=Lägg till en fas").count() == (1 if can_edit else 0)
    assert page.goto(f"/kramfors/staff/processes/{process.pk}/edit/").status == (
        200 if can_edit else 404
    )


def test_resident_and_programme_observer(page, kramfors, lund):
    UserFactory(email="ines@example.org")
    log_in(page, "ines@example.org", PASSWORD)
    assert page.goto("/kramfors/staff/").status == 404
    assert page.locator("header >> text=Personalsidor").count() == 0
    page.get_by_role("button", name="Logga ut").click()

    UserFactory(email="per@example.org", is_programme_observer=True)
    log_in(page, "per@example.org", PASSWORD)
    page.click("header >> text=Programöversikt")
    assert "Kramfors" in page.inner_text("main") and "Lund" in page.inner_text("main")
    page.click("main >> text=Lund")
    assert page.locator("main >> text=Ny utvecklingsprocess").count() == 0
    assert page.goto("/lund/staff/settings/").status == 404


def test_keyboard_user_can_skip_to_content(page, kramfors):
    page.goto("/kramfors/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize(
    "address", ["/", "/kramfors/", "/kramfors/processes/", "/accounts/register/"]
)
def test_pages_fit_a_360_pixel_phone(page, kramfors, address):
    ProcessFactory(municipality=kramfors)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(address)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{address} scrolls sideways by {overflow}px at 360px"
