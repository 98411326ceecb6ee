"""Shared pytest set-up: real database (SQLite, or PostgreSQL via DATABASE_URL)."""

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get(
        "PLATSKRAFT_SHARED_DATA", Path(__file__).resolve().parent.parent / "shared" / "data"
    )
)


@pytest.fixture
def shared_data() -> Path:
    """The public data sets beside the project (../shared/data); skip when they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set PLATSKRAFT_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _email_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Passwords are hashed the slow, safe way in production; tests only need them checked.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def in_english():
    """Messages compared with their English wording, whatever the Swedish catalogue holds."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client, settings):
    """The test client asks for English pages (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def races_on_postgresql(transactional_db):
    """For tests where many threads write at once: they need PostgreSQL (SQLite writes one
    transaction at a time, so nothing can race there), and the official list of
    municipalities, which a migration loads but a transactional test empties."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL=postgres://…): SQLite runs one write at a "
            "time, so concurrent writes cannot race there"
        )
    from platskraft.municipalities.models import County, KnownMunicipality
    from platskraft.municipalities.official_codes import load_official_codes

    if not KnownMunicipality.objects.exists():
        load_official_codes(County, KnownMunicipality)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Each test's database starts anew, and may reuse the keys of the last one.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render pages without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_sessionfinish(session, exitstatus):
    """With PLATSKRAFT_REQUIRE_BROWSER set (make test), a run without browser tests fails."""
    import os

    if not os.environ.get("PLATSKRAFT_REQUIRE_BROWSER") or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    passed = reporter.stats.get("passed", []) if reporter else []
    if session.config.option.keyword or session.config.option.markexpr:
        return  # a deliberate selection, e.g. -k
    if not any("tests/browser/" in report.nodeid for report in passed):
        reporter.write_line(
            "No browser test passed, but PLATSKRAFT_REQUIRE_BROWSER is set.", red=True
        )
        session.exitstatus = 1


@pytest.fixture
def kramfors(db):
    from platskraft.municipalities.tests.factories import MunicipalityFactory

    return MunicipalityFactory(code="2282", slug="kramfors")


@pytest.fixture
def lund(db):
    from platskraft.municipalities.tests.factories import MunicipalityFactory

    return MunicipalityFactory(code="1281", slug="lund")
