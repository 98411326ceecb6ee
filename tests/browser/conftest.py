"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

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
DESK = {"width": 1200, "height": 900}
PHONE = {"width": 390, "height": 844}


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
def browsers(chromium, live_server, settings):
    """Open a page in a new browser context: `browsers()` for Swedish on a desktop,
    `browsers(phone=True)` for a touch phone, `browsers(english=True)` for English pages.
    Other keywords go to Playwright's new_context; None there means Playwright's default.
    Every page records its script errors in `page.script_errors`. All the contexts are
    closed after the test."""
    settings.ALLOWED_HOSTS = ["*"]
    made = []

    def open_page(*, phone=False, english=False, **options):
        defaults = {"locale": "en-GB" if english else "sv-SE", "viewport": DESK}
        if phone:
            defaults |= {"viewport": PHONE, "has_touch": True, "is_mobile": True}
        context = chromium.new_context(base_url=live_server.url, **(defaults | options))
        made.append(context)
        if english:
            host = urlsplit(live_server.url).hostname
            context.add_cookies(
                [{"name": "platskraft_language", "value": "en", "domain": host, "path": "/"}]
            )
        # Map tiles come from the internet, which tests must not need: answer them empty.
        context.route("**/tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.script_errors = errors
        return page

    yield open_page
    for context in made:
        context.close()  # also when the test closed it already


@pytest.fixture
def page(browsers):
    return browsers()


@pytest.fixture
def phone(browsers):
    """A touch phone, in Swedish."""
    return browsers(phone=True)


@pytest.fixture
def person(browsers):
    """`person(email)`: a browser of one's own, logged in through the log-in page."""
    from platskraft.accounts.tests.factories import PASSWORD

    def logged_in(email):
        page = browsers()
        log_in(page, email, PASSWORD)
        return page

    return logged_in


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
