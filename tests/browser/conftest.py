"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the thread

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PLATSKRAFT_CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# How long a step may wait for the page. Generous: the machines the tests run on can be
# held up by their host for seconds at a time. A page that never shows what is expected
# still fails, only later.
TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = (
            f"Chromium not found at {CHROMIUM}; install Debian's chromium "
            "(make test does it as root) or set PLATSKRAFT_CHROMIUM"
        )
        if os.environ.get("PLATSKRAFT_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    context = chromium.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1200, "height": 900}
    )
    # Map tiles come from the internet, which tests must not need: answer them empty.
    context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A and AA violations that axe-core finds on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture(autouse=True)
def official_codes(transactional_db):
    """Browser tests run in real transactions, and the database is emptied after each test:
    put back the official list of municipalities that a migration normally loads."""
    from platskraft.municipalities.models import County, KnownMunicipality
    from platskraft.municipalities.official_codes import load_official_codes

    if not KnownMunicipality.objects.exists():
        load_official_codes(County, KnownMunicipality)
