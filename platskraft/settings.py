"""Platskraft settings: one module, driven by environment variables.

DATABASE_URL        database (default: embedded SQLite in var/platskraft.sqlite3)
PLATSKRAFT_DEBUG    "1" for Django's debug pages (off by default, so error pages look like the site)
PLATSKRAFT_SECRET_KEY  secret key; when unset, one is generated once into var/secret_key
PLATSKRAFT_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
PLATSKRAFT_EMAIL_URL  "console" (default), "locmem", or "smtp://user:pass@host:port"
PLATSKRAFT_TILE_URL  map tile URL template (default: OpenStreetMap)
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("PLATSKRAFT_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("PLATSKRAFT_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _env_bool("PLATSKRAFT_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("PLATSKRAFT_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules",
    "platskraft.core",
    "platskraft.accounts",
    "platskraft.municipalities",
    "platskraft.proposals",
    "platskraft.surveys",
    "platskraft.maps",
    "platskraft.meetings",
    "platskraft.interviews",
    "platskraft.budgeting",
    "platskraft.plans",
    "platskraft.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "platskraft.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "platskraft.municipalities.middleware.TenantMiddleware",
]

# Each server process keeps rendered public list parts in its own memory; they are keyed
# by the municipality's content version, so processes never disagree about what is current.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "platskraft",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

ROOT_URLCONF = "platskraft.urls"
WSGI_APPLICATION = "platskraft.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "platskraft.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'platskraft.sqlite3'}",
        conn_max_age=int(os.environ.get("PLATSKRAFT_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead logging lets readers go on while one request writes (a live workshop's
    # polls while ideas arrive); writers queue for up to 20 s instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Links in e-mails (confirmation, password reset) stay valid this long.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "platskraft_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES = PROJECT_DIR / "node_modules"
for _prefix, _path in [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet-geoman", NODE_MODULES / "@geoman-io" / "leaflet-geoman-free" / "dist"),
    ("vendor/vega", NODE_MODULES / "vega" / "build"),
    ("vendor/vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vendor/vega-embed", NODE_MODULES / "vega-embed" / "build"),
]:
    if _path.is_dir():
        STATICFILES_DIRS.append((_prefix, _path))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("PLATSKRAFT_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"


def _email_settings(url: str) -> dict:
    if url == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parsed = urlparse(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or 25,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_TLS": parsed.scheme == "smtp+tls",
    }


globals().update(_email_settings(os.environ.get("PLATSKRAFT_EMAIL_URL", "console")))
# The platform's address for links in e-mails sent outside a request (reminders, invitations).
SITE_URL = os.environ.get("PLATSKRAFT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get(
    "PLATSKRAFT_FROM_EMAIL", "Platskraft <noreply@platskraft.local>"
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if _env_bool("PLATSKRAFT_HTTPS"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

PLATSKRAFT_TILE_URL = os.environ.get(
    "PLATSKRAFT_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
PLATSKRAFT_TILE_ATTRIBUTION = os.environ.get(
    "PLATSKRAFT_TILE_ATTRIBUTION", "© OpenStreetMap contributors"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PLATSKRAFT_LOG_LEVEL", "WARNING")},
}
