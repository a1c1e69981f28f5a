"""One settings module, every knob from the environment.

Safe for a laptop by default (SQLite, local-memory cache, a secret key generated once and kept
in the local data folder) and ready for several app servers behind a load balancer when
DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS are set. A bad value stops the start
with a message that names the variable, rather than a confusing failure later.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import xstatic.pkg.leaflet
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from memorialmiles.tours.roads import roads_from_env

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MEMORIALMILES_DATA_DIR", Path.cwd() / "var")).resolve()


def _own_redis_db(url: str, worker: str) -> str:
    """The test suite runs in parallel processes (pytest-xdist workers gw0, gw1, ...), as
    pytest-django gives each its own SQL database, each gets its own Redis database: one
    worker's cache.clear() (FLUSHDB) or task queue must never touch another's."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 10 + int(worker[2:])}"))


_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if (
    _WORKER.startswith("gw")
    and _WORKER[2:].isdigit()
    and os.environ.get("REDIS_URL", "").startswith("redis://")
    and not os.environ.get("MEMORIALMILES_WORKER_REDIS_URL")  # once: not again on a reload
):
    os.environ["REDIS_URL"] = _own_redis_db(os.environ["REDIS_URL"], _WORKER)
    os.environ["MEMORIALMILES_WORKER_REDIS_URL"] = os.environ["REDIS_URL"]


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]


def _secret_key(debug: bool, allowed_hosts: list[str]) -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY: must be at least 32 characters long")
        return key
    public = [host for host in allowed_hosts if host not in LOCAL_HOSTS]
    if not debug and (public or env_bool("MEMORIALMILES_REQUIRE_SECRET_KEY", False)):
        served = f" (ALLOWED_HOSTS names {', '.join(public)})" if public else ""
        raise ImproperlyConfigured(
            f"SECRET_KEY: required when DEBUG is off on a server{served}; set it in the "
            "environment (50 random characters)"
        )
    # A laptop serving only itself: generate once and keep it beside the SQLite file, so
    # sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _site_url(debug: bool, allowed_hosts: list[str]) -> str:
    """The address people click in an email; a relative link there goes nowhere."""
    raw = os.environ.get("SITE_URL", "").strip()
    if raw:
        parts = urlsplit(raw)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ImproperlyConfigured(f"SITE_URL={raw!r}: expected https://host[:port]")
        return raw.rstrip("/")
    public = [host for host in allowed_hosts if host not in LOCAL_HOSTS]
    # The same condition as SECRET_KEY: a server must say its own address.
    if not debug and (public or env_bool("MEMORIALMILES_REQUIRE_SECRET_KEY", False)):
        raise ImproperlyConfigured(
            "SITE_URL: required when DEBUG is off on a server; set it to the address people "
            "use, such as https://miles.example.org"
        )
    return "http://127.0.0.1:8000"


def _database(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "memorialmiles.sqlite3",
            # Kept open between requests: opening one (and its PRAGMAs) cost more than a page.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    import dj_database_url

    if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(f"DATABASE_URL={url!r}: expected postgres://… or sqlite:///path")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from None
    return config


def _cache(url: str | None) -> dict:
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL={url!r}: expected redis://host:port/db")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "mm"),
    }


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOCAL_HOSTS)
# A laptop (DEBUG off too, as `make demo` runs) keeps a generated key in var/; a server, one
# that answers for any host but this machine, must be given SECRET_KEY.
SECRET_KEY = _secret_key(DEBUG, ALLOWED_HOSTS)
SITE_URL = _site_url(DEBUG, ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
DEMO_MODE = env_bool("MEMORIALMILES_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",  # its Swagger UI files, so /api/docs needs no CDN
    "memorialmiles.core",
    "memorialmiles.honors",
    "memorialmiles.courses",
    "memorialmiles.events",
    "memorialmiles.timing",
    "memorialmiles.pipeline",
    "memorialmiles.live",
    "auditlog",
    "memorialmiles.audit",
    "memorialmiles.sharing",
    "memorialmiles.support",
    "django_tasks",
    "django_tasks_db",
    "memorialmiles.jobs",
    "memorialmiles.messaging",
    "memorialmiles.tourplans",
    "memorialmiles.reports",
    "memorialmiles.raceday",
    "memorialmiles.ceremony",
]
if os.environ.get("REDIS_URL"):
    INSTALLED_APPS.append("django_rq")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "memorialmiles.core.middleware.HeadAsGetMiddleware",
    "memorialmiles.core.pagecache.SharedPageCacheMiddleware",  # before what a kept page skips
    "memorialmiles.core.middleware.CSPMiddleware",  # django-csp's, its header built once
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "memorialmiles.events.access.EventAccessMiddleware",
    "memorialmiles.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "memorialmiles.urls"
ASGI_APPLICATION = "memorialmiles.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "memorialmiles.core.context.site",
            ],
        },
    },
]

DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}
CACHES = {"default": _cache(os.environ.get("REDIS_URL"))}
# Public pages (core/pagecache.py): how long a proxy or CDN in front may serve one without
# asking again (the app's own cache follows the data version and is never stale).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The audit trail (django-auditlog; models listed in memorialmiles/audit/tracked.py): a
# correlation id is never taken from a client's header.
AUDITLOG_CID_HEADER = None

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# Leaflet comes from PyPI (XStatic-Leaflet) at install time, served as static/leaflet/.
STATICFILES_DIRS = [("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Files no proxy may serve (grant applicants' documents): read only through permission checks.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", DATA_DIR / "private"))
GRANT_DOCUMENT_MAX_BYTES = env_int("GRANT_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Online gifts: PAYMENTS_PROVIDER=stripe with its keys; without it, gifts are pledges.
PAYMENTS_PROVIDER = os.environ.get("PAYMENTS_PROVIDER", "").strip().lower()
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
PAYMENTS_CURRENCY = os.environ.get("PAYMENTS_CURRENCY", "usd")
if PAYMENTS_PROVIDER not in ("", "stripe"):
    raise ImproperlyConfigured(f"PAYMENTS_PROVIDER={PAYMENTS_PROVIDER!r}: expected stripe or empty")
if PAYMENTS_PROVIDER == "stripe" and not (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET"
    )

# Uploads: a course or a registry export is a few megabytes; refuse anything far larger.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A registry file larger than this, uploaded in the back office, is imported by the worker
# (with a status page) instead of inside the request.
REGISTRY_INLINE_BYTES = env_int("REGISTRY_INLINE_BYTES", 512 * 1024)
# A memorial-mile course may measure this many metres under 1,609.344 m (GPS noise) and pass.
COURSE_MILE_TOLERANCE_M = env_int("COURSE_MILE_TOLERANCE_M", 10)
# A timing phone's token ends this many hours after its run does (the run's end: when it was
# finished or cancelled, else its scheduled start plus TIMING_RUN_HOURS).
TIMING_RUN_HOURS = env_int("TIMING_RUN_HOURS", 6)
TIMING_DEVICE_GRACE_HOURS = env_int("TIMING_DEVICE_GRACE_HOURS", 12)
# Live tracking: positions and results fan out through Redis pub/sub when REDIS_URL is set
# (any number of app servers serve one stream), in process without it. A stream ends after
# LIVE_STREAM_SECONDS and the browser resumes it (Last-Event-ID).
LIVE_REDIS_URL = os.environ.get("REDIS_URL", "")
LIVE_STREAM_SECONDS = env_int("LIVE_STREAM_SECONDS", 300)
# Tours: road distance = geodesic x TOURS_ROAD_FACTOR, driven at TOURS_SPEED_KMH, unless
# TOURS_OSRM_URL names an OSRM server (its table service). The command reads the same variables.
try:
    TOURS_ROADS = roads_from_env()
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None
TOURS_SOLVER_SECONDS = env_int("TOURS_SOLVER_SECONDS", 5)
# US state shapes for the impact map: the us-atlas npm package, installed by `make install`.
US_ATLAS_DIR = Path(
    os.environ.get("US_ATLAS_DIR", PACKAGE_DIR.parents[1] / "node_modules" / "us-atlas")
)
# A volunteer PIN takes new phones this long (never past the run); the phones stay in until
# the run ends or the lead revokes them.
VOLUNTEER_PIN_HOURS = env_int("VOLUNTEER_PIN_HOURS", 6)

# Security by default; a server behind TLS turns on the HTTPS-only knobs.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions that look up only keys Django made (a forged cookie was a 500).
SESSION_ENGINE = "memorialmiles.core.sessions"
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
# HSTS whenever the site is served over HTTPS, a year unless told otherwise.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
# Opt-in: a department's other subdomains may not all be on HTTPS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles from our own static files only, no
# inline script. Inline styles stay allowed: the course drawings from gps/ are inline SVG
# with their own <style>, and style cannot run code. Map tiles are the one outside source.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The client address every limit counts by: REMOTE_ADDR, or the header a trusted reverse proxy
# sets (CLIENT_IP_HEADER=X-Forwarded-For) and how many proxies append to it. Never set the
# header on a server that clients reach directly: they would choose their own address.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
CLIENT_IP_PROXY_COUNT = env_int("CLIENT_IP_PROXY_COUNT", 1)
# Rate limits (core/ratelimit.py) in the shared cache; off only for a load test.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
# Logins (the site's and the back office's): django-axes counts failures in the shared cache,
# per username and, separately, per client address, and refuses both for the cool-off.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_CLIENT_IP_CALLABLE = "memorialmiles.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "memorialmiles.core.ratelimit.login_locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # its tables stay empty with the cache handler
if not os.environ.get("REDIS_URL"):
    # One process on a laptop: local memory is the shared cache there (axes warns regardless).
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Memorial Miles <noreply@localhost>")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend) from the environment; the
# file backend (EMAIL_FILE_PATH) lets a check read what was sent.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))


def _tasks(redis_url: str | None) -> dict:
    """Background work (django-tasks): the database on a laptop, RQ on Redis to scale out."""
    if redis_url:
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


TASKS = _tasks(os.environ.get("REDIS_URL"))
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", ""), "DEFAULT_TIMEOUT": 600}}
# django-rq's own dashboard is left out of the back office: organizers read failed tasks at
# /tasks/failed/ on either backend, and its routes take unbounded <int:> ids.
RQ_SHOW_ADMIN_LINK = False
# A failed task is tried again after 30 s, 1, 2, 4 minutes..., this many times in all.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 30)
# Reminders go out this long before the run's start, on the run's own clock.
REMINDER_DAYS = [7, 1]
# Results and thanks go out this long after a run is marked finished (time for corrections).
AFTER_RUN_MINUTES = env_int("AFTER_RUN_MINUTES", 60)
# The registry watch (pipeline) checks its sources this often, as a task that queues its next run.
REGISTRY_WATCH_MINUTES = env_int("REGISTRY_WATCH_MINUTES", 360)
# The dedication certificate's paper when the link does not ask: letter or a4.
CERTIFICATE_PAPER = os.environ.get("CERTIFICATE_PAPER", "letter").lower()
if CERTIFICATE_PAPER not in ("letter", "a4"):
    raise ImproperlyConfigured(f"CERTIFICATE_PAPER={CERTIFICATE_PAPER!r}: expected letter or a4")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
