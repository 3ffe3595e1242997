"""Settings for the journey board, read from the environment.

With nothing set the app runs embedded: SQLite in the project folder, a
filesystem Celery broker and a generated development secret. `DATABASE_URL` and
`REDIS_URL` switch to PostgreSQL and Redis. `DJANGO_ENV=production` demands a
real `SECRET_KEY` and `ALLOWED_HOSTS` and turns on the secure defaults that
`manage.py check --deploy` looks for.
"""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Parse `postgres://user:pass@host:port/name` or `sqlite:///path`."""
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        use_pool = options.pop("pool", "true").lower() in {"1", "true", "yes", "on"}
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            "TEST": {"NAME": env_str("TEST_DATABASE_NAME") or None},
        }
        if use_pool:
            # psycopg's pool replaces persistent connections (CONN_MAX_AGE must stay 0).
            config["OPTIONS"]["pool"] = {
                "min_size": env_int("DATABASE_POOL_MIN", 1),
                "max_size": env_int("DATABASE_POOL_MAX", 10),
                "timeout": 10,
            }
        return config
    if parsed.scheme == "sqlite":
        # sqlite:////abs/path is absolute, sqlite:///name is relative to the project.
        path = unquote(parsed.path)
        if not path or path == "/":
            return sqlite_database(str(BASE_DIR / "db.sqlite3"))
        return sqlite_database(path[1:] if path.startswith("//") else str(BASE_DIR / path[1:]))
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported (use postgres:// or sqlite://)")


def sqlite_database(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # IMMEDIATE transactions take the write lock up front, so two writers
        # wait for each other instead of failing with "database is locked".
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', got {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on with DJANGO_ENV=production")


def development_secret() -> str:
    """A per-checkout secret kept in var/, so sessions survive a restart."""
    secret_file = VAR_DIR / "secret_key"
    if secret_file.exists():
        return secret_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(50)
    secret_file.write_text(secret)
    secret_file.chmod(0o600)
    return secret


SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    if not SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY (50+ characters) is required with DJANGO_ENV=production")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required with DJANGO_ENV=production")
else:
    SECRET_KEY = SECRET_KEY or development_secret()
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # "3 minutes ago", "now", in every language Django speaks
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "knox",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "live",
    "workspaces",
    "trash",
    "channels",
    "personas",
    "journeys",
    "touchpoints",
    "boards",
    "strategies",
    "metrics",
    "evidence",
    "opportunities",
    "guide",
    "activity",
    "comments",
    "exports",
    "search",
    "sharing",
    "demo",
    "backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed when the browser asks (a big board is 250 KB of HTML, 30 KB gzipped).
    "core.middleware.GZipMiddleware",
    "core.middleware.reject_nul_bytes_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.ServiceUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "live.middleware.live_request_middleware",
    # Last: they turn a log-in refused for a locked-out account or address, and a rate-limited view,
    # into core.security's 429s.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

# What a page may load and run (django-csp): our own scripts only, never inline ones (templates keep no
# <script> body and no on*= attribute; htmx runs with allowEval off); styles may be inline (a few
# widths and the chart bars are style attributes, and htmx adds its indicator style); images from the
# app itself or data: URLs, so a strategy's Markdown cannot pull a tracking pixel.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}
# The browser features no page of ours uses, refused to the page and anything it could embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Brute force (core/security.py): after AXES_FAILURE_LIMIT failed log-ins for one account, or from one
# address, log-ins for it wait AXES_COOLOFF_TIME (the page and the API token endpoint alike).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",  # log in with a username or an e-mail address
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "core.security.login_identifier"  # allauth's form calls the field "login"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_VERBOSE = False
RATELIMIT_VIEW = "core.security.rate_limited"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (for the lock-out), not a log of every log-in
API_TOKEN_RATE = env_str("API_TOKEN_RATE", "30/minute")  # token requests per address (core.security)
# API tokens (django-rest-knox): stored as a hash, valid API_TOKEN_DAYS, revoked by their owner.
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(days=env_int("API_TOKEN_DAYS", 30)), "AUTO_REFRESH": False}

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": database_from_url(DATABASE_URL) if DATABASE_URL else sqlite_database(str(BASE_DIR / "db.sqlite3"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Room for every card of a few big boards (boards/partials.py keeps rendered cards here).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 50_000}}
    }

# Sessions are read from the cache (Redis in production) and written through to the database: a
# request does not spend a query on its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Live boards (live/): events fan out through Redis when REDIS_URL is set, in
# process otherwise. Streams send a heartbeat every LIVE_HEARTBEAT_SECONDS and
# end after LIVE_STREAM_MAX_SECONDS (the browser reconnects and catches up).
LIVE_HEARTBEAT_SECONDS = 15
LIVE_STREAM_MAX_SECONDS = 600
LIVE_LOG_SIZE = 200  # events kept per board for reconnecting browsers
LIVE_KEY_PREFIX = "jb:live:"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 10 characters, at most 128 (hashing a megabyte-long password is a denial of service), and
    # not one of the 20,000 most common passwords of breached lists (CommonPasswordValidator).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "core.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "journeys:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth): log in with a username or an e-mail address; sign up with an e-mail address
# and a password only (the username, the handle for @mentions, is made from the name or address and can
# be changed later), so sign-up never says which usernames or addresses exist (allauth's enumeration
# prevention mails the owner of a taken address instead). Each address belongs to one account and is
# verified by a link mailed to it before the account logs in (ACCOUNT_EMAIL_VERIFICATION); an invitation
# link counts as proof for the address it was sent to. Password reset by e-mail, password change.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "workspaces.forms.SignUpNameForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner opening the mail must not confirm the address
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Journey board] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "workspaces.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "workspaces.accounts.LoginForm"}
# django-axes locks out failed log-ins (above); allauth's own limits guard sign-up, password reset,
# e-mail and password changes.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "signup": "20/h/ip"}
# Two-factor authentication (TOTP apps, with recovery codes): each user may turn it on; off by default.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Journey board"
MFA_TOTP_TOLERANCE = 1  # a code of the period before or after is accepted too: phone clocks drift
# Sign-in with the team's identity provider (OpenID Connect): off unless OIDC_SERVER_URL is set.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an identity provider's address does not take over an account
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
if env_str("OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": "oidc",
            "name": env_str("OIDC_NAME", "Single sign-on"),
            "client_id": env_str("OIDC_CLIENT_ID"),
            "secret": env_str("OIDC_CLIENT_SECRET"),
            "settings": {"server_url": env_str("OIDC_SERVER_URL")},
        }
    )

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production static files are served from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Journey board <noreply@localhost>")

# Celery: Redis when REDIS_URL is set, otherwise a broker in the project folder
# (kombu's filesystem transport), so `make run` needs nothing but Python.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A message a dead worker had taken comes back after this (longer than any task may run, so a
    # running task's is not sent twice); the sweeper has given its job a final state by then.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcasts (worker pings, remote control) are kept here too, not in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3  # seconds: a request that queues a job does not hang on a dead broker
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Export files and uploaded imports are kept EXPORT_RETENTION_DAYS, then removed.
    "exports-remove-expired-files": {"task": "exports.tasks.exports_remove_expired", "schedule": 3600.0},
    # Jobs whose worker died get their final state (exports.services.jobs_sweep).
    "exports-sweep-jobs": {"task": "exports.tasks.jobs_sweep", "schedule": 60.0},
    # The same for workspace backups and restores (backups/).
    "backups-remove-expired-files": {"task": "backups.tasks.backups_remove_expired", "schedule": 3600.0},
    "backups-sweep-jobs": {"task": "backups.tasks.jobs_sweep", "schedule": 60.0},
    # What has been in a workspace's trash TRASH_RETENTION_DAYS is deleted forever (trash.services).
    "trash-empty-expired": {"task": "trash.tasks.trash_empty_expired", "schedule": 3600.0},
}

# Exports and imports (exports/).
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)
EXPORT_TASK_SOFT_TIME_LIMIT = env_int("EXPORT_TASK_SOFT_TIME_LIMIT", 120)
EXPORT_TASK_TIME_LIMIT = env_int("EXPORT_TASK_TIME_LIMIT", 150)
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# A map's snapshot (exports/snapshots.py) keeps its JSON document in the database, of at most this size.
SNAPSHOT_MAX_BYTES = env_int("SNAPSHOT_MAX_BYTES", 20 * 1024 * 1024)

# Workspace backups and restores (backups/): a whole workspace takes longer than one map. The limit stays
# under Redis's visibility timeout (600 s), after which a running task's message would be sent again.
BACKUP_TASK_SOFT_TIME_LIMIT = env_int("BACKUP_TASK_SOFT_TIME_LIMIT", 300)
BACKUP_TASK_TIME_LIMIT = env_int("BACKUP_TASK_TIME_LIMIT", 360)
# What a restored archive may take once unpacked (its upload is at most IMPORT_MAX_UPLOAD_BYTES).
BACKUP_MAX_UNPACKED_BYTES = env_int("BACKUP_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)
# The trash (trash/): deleted cards, stages, lanes and maps can be restored for this many days.
TRASH_RETENTION_DAYS = env_int("TRASH_RETENTION_DAYS", 30)
if TRASH_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"TRASH_RETENTION_DAYS must be 1 or more, got {TRASH_RETENTION_DAYS}")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: a call without credentials is told so (401 with WWW-Authenticate), not 403.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies only (uploads name their own parsers): one request body per operation in the schema,
    # which clients generated from it (openapi-python-client) take as required and send as JSON.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    # Request bodies get components of their own ("ExportJobRequest"): a read-only response field is
    # never a required request field in a client generated from the schema.
    "COMPONENT_SPLIT_REQUEST": True,
    "TITLE": "Journey board API",
    "DESCRIPTION": (
        "Customer-journey maps: workspaces, personas, channels, journeys, stages, lanes, touchpoints, "
        "documented strategies with their revisions, background exports and imports, and the trash."
    ),
    "VERSION": "1.0.0",
    # After the enums: the OpenAPI links between operations (which answer's id and version the next call
    # takes), read from the finished schema (core/schema_links.py), and from a new token to its revocation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema_links.add_links",
        "workspaces.api.token_links",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind`: each choice set gets its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "LaneKindEnum": "journeys.models.LaneKind",
        "ImportKindEnum": "exports.models.ImportKind",
        "ImportFormatEnum": "exports.models.ImportFormat",
        "FormatEnum": "exports.models.ExportFormat",  # (its name before imports took a `format` too)
        "NodeOutcomeEnum": "exports.models.NodeOutcome",
        "SnapshotKindEnum": "exports.models.SnapshotKind",
        "JobStatusEnum": "exports.models.JobStatus",
        "RevisionKindEnum": "strategies.models.RevisionKind",
        "MetricKindEnum": "metrics.models.MetricKind",
        "EvidenceKindEnum": "evidence.models.EvidenceKind",
        "ConfidenceEnum": "evidence.models.Confidence",
        "OpportunityStatusEnum": "opportunities.models.OpportunityStatus",
        "StatusEnum": "strategies.models.StrategyStatus",
        "OpportunityConfidenceEnum": "opportunities.models.OpportunityConfidence",
        "ShareLinkStatusEnum": "sharing.models.ShareLinkStatus",
        "TrashKindEnum": "trash.models.TrashKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
