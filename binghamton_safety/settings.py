"""Settings for the Binghamton public-safety funding tracker.

Everything that differs between a laptop and production comes from the environment.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)."
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "csp",
    "axes",
    "simple_history",
    "binghamton_safety",
    "audit",
    "places",
    "funding",
    "incidents",
    "programs",
    "documents",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Body limits before anything reads a body; no-store on staff pages (middleware.py).
    "binghamton_safety.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and data gzipped (static files come precompressed from WhiteNoise, above):
    # the by-place map's inline SVG most of all. Django's gzip pads each response at
    # random against BREACH, and CSRF tokens are masked per response anyway.
    "django.middleware.gzip.GZipMiddleware",
    # Public pages and data from the cache, before sessions and rendering (cache.py).
    "binghamton_safety.cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records the signed-in user as the author of every change in the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The number of trusted reverse proxies in front of gunicorn (1 behind one nginx). The
# visitor's address is then read from X-Forwarded-For, counted from the right; with 0 the
# header is ignored, so nobody can pick the address they are locked out by.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "binghamton_safety.middleware.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "pages.urls"

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
                "binghamton_safety.context_processors.roles",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "binghamton_safety.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two saves at once on SQLite: each transaction takes the write lock when it begins
    # (IMMEDIATE), so the second waits up to `timeout` seconds for the first instead of
    # failing with "database is locked" halfway through; WAL lets pages read meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Request bodies (see the README, "Running in production"). The largest import is the
# incidents CSV, up to 20 MB (incidents/forms.py); the period report takes 2 MB
# (funding/forms.py). RequestLimitsMiddleware refuses a larger body with 413 before it is
# read: signed-in staff may send an import and its form, anyone else a log-in form.
MAX_REQUEST_BYTES = 21 * 1024 * 1024
MAX_ANONYMOUS_REQUEST_BYTES = 64 * 1024
# Fields other than files: the period-report preview sends its checked 2 MB file back
# signed, which base64 makes up to 2.7 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
# A file above this goes to a temporary file while the request is read, never kept.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
# Each import form sends one file; the largest form (an incident with its victims) sends
# well under a thousand fields.
DATA_UPLOAD_MAX_NUMBER_FILES = 1
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000


def cache_from_url(url: str) -> dict:
    """Django's cache settings from CACHE_URL (see the README, "Performance and caching").

    locmem:// (default) keeps a copy per process; db://TABLE uses the database (run
    `manage.py createcachetable` once); redis://HOST:PORT/DB and memcached://HOST:PORT
    use a cache server shared by every process. Correctness never depends on sharing:
    the data version in the database invalidates every copy.
    """
    scheme, _, rest = url.partition("://")
    backends = {
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", rest or "pages"),
        "db": ("django.core.cache.backends.db.DatabaseCache", rest or "cache"),
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "memcached": ("django.core.cache.backends.memcached.PyMemcacheCache", rest),
        "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"CACHE_URL {url!r}: use locmem://, db://TABLE, redis://HOST:PORT/DB, "
            "memcached://HOST:PORT or dummy://."
        )
    backend, location = backends[scheme]
    return {"BACKEND": backend, "LOCATION": location, "TIMEOUT": 24 * 60 * 60}


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# Editors land on the funding overview; council members on their dashboard (see
# roles.landing_url). Logging out shows templates/registration/logged_out.html.
LOGIN_REDIRECT_URL = "funding:overview"
LOGOUT_REDIRECT_URL = None

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# --- Documents' files (documents/) ---------------------------------------------------------
# The local folder MEDIA_ROOT by default; DOCUMENT_STORAGE=s3 keeps them in an S3-compatible
# bucket through django-storages (see the README, "Documents and their storage").
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Within MAX_REQUEST_BYTES (above), which a request with the form must fit.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))


def document_storage(environ) -> dict:
    """The default storage's settings, where documents' files go, from the environment."""
    kind = environ.get("DOCUMENT_STORAGE", "file")
    if kind == "file":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT},
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"DOCUMENT_STORAGE {kind!r}: use file or s3.")
    if not environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("DOCUMENT_STORAGE=s3 needs S3_BUCKET.")
    # Credentials: boto3's own (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the
    # machine's role). Files are private; each download goes through the site's checks.
    options = {
        "bucket_name": environ["S3_BUCKET"],
        "location": environ.get("S3_PREFIX", ""),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for option, name in (
        ("endpoint_url", "S3_ENDPOINT_URL"),
        ("region_name", "S3_REGION"),
    ):
        if environ.get(name):
            options[option] = environ[name]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": document_storage(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -----------------------------------------------------------------------------
# HTTPS=1 in production (behind a TLS-terminating proxy that sets X-Forwarded-Proto).
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A staff session ends after 8 hours or when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Scripts run only from our own origin with the page's nonce: no inline or injected
# script. plotly draws with inline style attributes, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}


def embed_origins(raw: str) -> list[str]:
    """The origins allowed to frame the embeddable charts (EMBED_ALLOWED_ORIGINS,
    comma-separated): each scheme://host[:port] and nothing more, or the setting is
    refused at startup, naming the bad value."""
    origins = [origin.strip() for origin in raw.split(",") if origin.strip()]
    for origin in origins:
        if not ORIGIN.fullmatch(origin):
            raise ImproperlyConfigured(
                f"EMBED_ALLOWED_ORIGINS: {origin!r} is not an origin; write each as "
                "scheme://host or scheme://host:port (e.g. https://news.example.org), "
                "without a path, comma-separated."
            )
    return origins


ORIGIN = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}"
    r"[a-z0-9])?(?::[0-9]{1,5})?",
    re.IGNORECASE,
)
# Who may show the charts of /embed/ in a frame; by default no one. Every other page may
# never be framed (frame-ancestors 'none' above, and X_FRAME_OPTIONS).
EMBED_ALLOWED_ORIGINS = embed_origins(os.environ.get("EMBED_ALLOWED_ORIGINS", ""))

# --- Audit trail (django-simple-history) ---------------------------------------------------
# Reverting from the admin would skip the ledger checks and the version check: corrections
# go through the forms.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Public pages, the dashboard and the APIs warn when "data complete through" lags today
# by more than this many days.
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "45"))
# No incident may list more victims than this (forms and imports refuse it).
MAX_VICTIMS_PER_INCIDENT = int(os.environ.get("MAX_VICTIMS_PER_INCIDENT", "50"))
# Public figures by place show a count of people shot or killed from 1 to this less one
# as "fewer than N" (README "Disclosure of small counts").
SMALL_COUNT_THRESHOLD = int(os.environ.get("SMALL_COUNT_THRESHOLD", "3"))
# The licence the open data are published under, named on the methodology page, and the
# address of its text (a link for people to follow; nothing is loaded from it).
OPEN_DATA_LICENCE = os.environ.get(
    "OPEN_DATA_LICENCE", "Open Data Commons Public Domain Dedication and License"
)
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://opendatacommons.org/licenses/pddl/1-0/"
)
# The city's bounding box (south, west, north, east, in degrees): the data-quality report
# of an import counts coordinates outside it.
CITY_BOUNDS = (42.06, -75.98, 42.14, -75.85)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DJANGO_TABLES2_TEMPLATE = "tables/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
