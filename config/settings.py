"""Settings, read only from environment variables (see README, "Production")."""

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-dev-key-only-for-debug" if DEBUG else None)
if not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 32 characters in production.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN (the CSP allows none)
    "csp",
    "phonenumber_field",
    "addons.tiepdan_case",
    "addons.tiepdan_bridge",
    "addons.tiepdan_session",
    "addons.tiepdan_report",
]

MIDDLEWARE = [
    "config.middleware.HealthCheckMiddleware",  # /healthz, /readyz: before host checks and redirects
    "config.middleware.RequestLogMiddleware",  # request id + one log line per request
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy: CONTENT_SECURITY_POLICY below
    "config.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "addons.tiepdan_case.middleware.CompactHtmlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "addons.tiepdan_case.middleware.IdleSessionMiddleware",  # signs out after SESSION_IDLE_SECONDS
    "addons.tiepdan_case.middleware.SecondFactorMiddleware",  # the roles of issue 12 enrol and verify
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "addons.tiepdan_case.error_pages.ErrorPageMiddleware",
    "addons.tiepdan_case.admin.links.CurrentRequestMiddleware",
    "addons.tiepdan_case.request_memo.RequestMemoMiddleware",  # a GET fetches a user's scope once
    "axes.middleware.AxesMiddleware",  # last: a locked-out login gets tiepdan_case/lockout.py
]

# Login lockout (django-axes): the one mechanism for the admin login and the API token endpoint (a wrong
# password or a wrong second-factor code). Counted over LOGIN_LOCKOUT_MINUTES (addons/tiepdan_case/lockout.py):
# one account from one address is locked after LOGIN_FAILURE_LIMIT failures; one address for every account
# after LOGIN_ADDRESS_FAILURE_LIMIT (a whole office shares one address: much higher); one account from any
# address after LOGIN_ACCOUNT_FAILURE_LIMIT. A success resets that account's count from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "addons.tiepdan_case.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [
    ["username", "ip_address"],
    "ip_address",
    "username",
]  # the order LockoutHandler reads
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "addons.tiepdan_case.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "password"]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "addons.tiepdan_case.error_pages.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
jit_above_cost = env_int("DATABASE_JIT_ABOVE_COST", -1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs 60–260 ms on the large queries of a list and saves nothing on them (issue 13):
    # off by default (-1); DATABASE_JIT_ABOVE_COST=<cost> turns it on above that plan cost.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit_above_cost={jit_above_cost}".strip()
# An unfiltered list of a table with more rows than this counts from PostgreSQL's statistics (pagination.py).
ESTIMATED_COUNT_ABOVE = env_int("ESTIMATED_COUNT_ABOVE", 100_000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; two clerks saving together must both succeed.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # BEGIN IMMEDIATE: a read-then-write transaction waits for the lock instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
# Read replica (config/db_router.py): dashboards, exports and statistics read from it when set.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":  # the same JIT setting
        replica_options = DATABASES["replica"].setdefault("OPTIONS", {})
        replica_options["options"] = (
            f"{replica_options.get('options', '')} -c jit_above_cost={jit_above_cost}".strip()
        )
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password policy (issue 12): at least 12 characters, not a common password, not like the user's name.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # dd/mm/yyyy display and input formats: config/formats/vi/

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"  # never served directly: every download goes through a view that checks permission
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded files (attachments, documents): the local disk, or S3-compatible storage shared by every web
# container (MEDIA_STORAGE=s3; credentials from the standard AWS_* variables that boto3 reads).
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "") or "filesystem"
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
if MEDIA_STORAGE == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": AWS_S3_REGION_NAME,
            "location": "media",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f'MEDIA_STORAGE must be "filesystem" or "s3", not {MEDIA_STORAGE!r}.')
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Security: safe by default, relaxed only by DJANGO_DEBUG for local runs.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Stateless web containers: sessions live in the database, so any container serves any user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 8 * 3600)  # the longest a session lasts
# Signed out after this long without a request (issue 12; addons/tiepdan_case/middleware.py).
SESSION_IDLE_SECONDS = env_int("DJANGO_SESSION_IDLE_SECONDS", 30 * 60)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
# How many reverse proxies append to X-Forwarded-For; read only when BEHIND_PROXY (config/client_ip.py).
PROXY_HOPS = env_int("DJANGO_PROXY_HOPS", 1) if BEHIND_PROXY else 0
# Behind the HTTPS reverse proxy, a request is secure when the proxy says so (X-Forwarded-Proto: https):
# the redirect below, secure cookies and CSRF's origin check read request.is_secure() from it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# HTTP → HTTPS (301) for every request but the health probes (config/middleware.py answers them first).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
# HSTS: a year, the subdomains of the site's own host too, and eligible for the browsers' preload list.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page of ours is ever shown in a frame (the video room frames Jitsi, never the reverse).
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)  # seconds; a dead SMTP server must not hang the worker
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tiepcongdan@dongthap.gov.vn")
# The public address of the back office, for the links in emails.
SITE_URL = env_str("SITE_URL", "") or "http://127.0.0.1:8000"

# Notification outbox (addons/tiepdan_case/services/delivery.py) and SMS gateway (addons/tiepdan_case/sms.py)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 8)
NOTIFICATION_RETRY_SECONDS = env_int("NOTIFICATION_RETRY_SECONDS", 60)
NOTIFICATION_RETRY_MAX_SECONDS = env_int("NOTIFICATION_RETRY_MAX_SECONDS", 3600)
NOTIFICATION_BATCH_SIZE = env_int("NOTIFICATION_BATCH_SIZE", 500)
SMS_BACKEND = env_str("SMS_BACKEND", "") or "file"
SMS_FILE_PATH = env_str("SMS_FILE_PATH", "") or str(BASE_DIR / "var" / "sms" / "outbox.jsonl")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USERNAME = env_str("SMS_GATEWAY_USERNAME", "")
SMS_GATEWAY_PASSWORD = env_str("SMS_GATEWAY_PASSWORD", "")
SMS_GATEWAY_TEMPLATE = (
    env_str("SMS_GATEWAY_TEMPLATE", "") or '{"to": "{to}", "text": "{text}", "ref": "{ref}"}'
)
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)

# Video (tiepdan_bridge.video): Jitsi Meet or an external video-conference link.
VIDEO_PROVIDER = env_str("VIDEO_PROVIDER", "jitsi")
JITSI_DOMAIN = env_str("JITSI_DOMAIN", "meet.jit.si")
JITSI_APP_ID = env_str("JITSI_APP_ID", "")
JITSI_APP_SECRET = env_str("JITSI_APP_SECRET", "")
JITSI_TOKEN_TTL_SECONDS = env_int("JITSI_TOKEN_TTL_SECONDS", 4 * 3600)

# Content-Security-Policy (django-csp 4; issue 12). Scripts, styles, fonts, images and fetches come from
# this site only; no inline script element and no on…= attribute runs (ours live in static files). The only other
# origin is the configured Jitsi server, and only for the video room's script and frame. Two relaxations,
# both forced by Unfold (0.91) and measured by tests/browser/test_content_security_policy.py:
# - 'unsafe-eval' for scripts: Unfold's templates drive the whole UI with Alpine.js expressions written in
#   x-data/x-init/@click attributes (arrow functions, localStorage calls...), which the standard Alpine build
#   evaluates with new Function(); Alpine's CSP build cannot evaluate such expressions and Unfold ships none.
#   Inline scripts stay blocked: an injected script element or onerror= still does not run.
# - 'unsafe-inline' for styles: Unfold's <style id="unfold-theme-colors">, its style= attributes, Alpine's
#   :style bindings and htmx's indicator <style>. A style cannot run code.
# Images may be data: URIs (the form widgets' SVG arrows and ticks in Unfold's CSS).
_VIDEO_ORIGINS = [f"https://{JITSI_DOMAIN}"] if VIDEO_PROVIDER == "jitsi" and JITSI_DOMAIN else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'", *_VIDEO_ORIGINS],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": _VIDEO_ORIGINS or ["'none'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The agency's signing certificate (NĐ 154 art. 24.2, ký số; TEAM.md interface 6): a PKCS#12 (.p12/.pfx)
# holding the private key, its X.509 certificate and the chain. The archive signs each entry's manifest
# with it (detached CMS/PKCS#7); the report module signs its PDFs (PAdES) with the same file.
SIGNING_PKCS12_PATH = env_str("SIGNING_PKCS12_PATH", "")
SIGNING_PKCS12_PASSWORD = env_str("SIGNING_PKCS12_PASSWORD", "")
# PEM bundle of the agency's earlier signing certificates: signatures made before a renewal still verify.
SIGNING_TRUSTED_CERTIFICATES = env_str("SIGNING_TRUSTED_CERTIFICATES", "")

# Signed archive (tiepdan_bridge.archive)
# Only where DEBUG was on at start (development, tests): an empty SIGNING_PKCS12_PATH means a self-signed
# development certificate in var/signing-dev.p12.
ARCHIVE_ALLOW_DEV_KEY = DEBUG
# Entries signed before the move to CMS (Ed25519): their public keys (base64, comma separated) stay trusted.
# ARCHIVE_SIGNING_KEY: base64 of the raw 32-byte Ed25519 key (the scheme the PKCS#12 replaces).
ARCHIVE_TRUSTED_PUBLIC_KEYS = env_list("ARCHIVE_TRUSTED_PUBLIC_KEYS")
ARCHIVE_SIGNING_KEY = env_str("ARCHIVE_SIGNING_KEY", "")
# How long an entry is kept (years from its signature); nothing is deleted before, and expiry only lists
# candidates for a person to decide.
ARCHIVE_RETENTION_YEARS = env_int("ARCHIVE_RETENTION_YEARS", 20)
# Directives of the chairman (issue 10): the lead is reminded this many working days before the deadline
# (and on the day); an overdue directive this many working days past its deadline is raised to the chair.
DIRECTIVE_REMINDER_WORKING_DAYS = env_int("DIRECTIVE_REMINDER_WORKING_DAYS", 2)
DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS = env_int("DIRECTIVE_ESCALATION_GRACE_WORKING_DAYS", 3)

# Periodic statistics (Thông tư 01/2024/TT-TTCP, report module): the day of the month a reporting period's
# data starts, in the last month of the previous period (15: 15/12 to 14/03 for Quý I); 1 = calendar periods.
STATISTICS_CUTOFF_DAY = env_int("STATISTICS_CUTOFF_DAY", 15)
if not 1 <= STATISTICS_CUTOFF_DAY <= 28:
    raise ImproperlyConfigured("STATISTICS_CUTOFF_DAY must be between 1 and 28")
ARCHIVE_IMPORT_DIR = env_str("ARCHIVE_IMPORT_DIR", str(BASE_DIR / "var" / "archive-inbox"))
ARCHIVE_STORAGE = env_str("ARCHIVE_STORAGE", "filesystem")  # or "s3"
ARCHIVE_ROOT = Path(env_str("ARCHIVE_ROOT", str(BASE_DIR / "var" / "archive")))
# `make backup` / `manage.py backup` writes its dated folders here unless given --dest (services/backup.py).
BACKUP_ROOT = BASE_DIR / "var" / "backups"

API_TOKEN_TTL_SECONDS = env_int("API_TOKEN_TTL_SECONDS", 8 * 3600)

# Two-factor sign-in (django-otp, TOTP; issue 12): required for the roles in
# addons/tiepdan_case/services/second_factor.py and for every handler of a protected identity.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "") or "Tiep cong dan Dong Thap"
SECOND_FACTOR_RECOVERY_CODES = 10
# Identity custody (issue 12): the longest a custodian may grant a non-handler sight of a denouncer's identity.
IDENTITY_GRANT_MAX_DAYS = 30

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "addons.tiepdan_case.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON (a body nested too deeply is a 400), and the forms of the browsable API and uploads.
    "DEFAULT_PARSER_CLASSES": [
        "addons.tiepdan_case.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "addons.tiepdan_case.api.pagination.EstimatedCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    # Throttles count per address the way config/client_ip.py reads it: X-Forwarded-For only behind the
    # configured proxies (DRF's default trusts every forged value).
    "NUM_PROXIES": PROXY_HOPS,
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "EXCEPTION_HANDLER": "addons.tiepdan_case.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tiếp công dân trực tuyến — API",
    "DESCRIPTION": "API của hệ thống tiếp công dân trực tuyến tỉnh Đồng Tháp.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs describe the data: only for signed-in users (issue 6).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from drf-spectacular-sidecar's static files (the CSP allows no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The report module's document kinds share the field name "kind" with other choice sets.
    "ENUM_NAME_OVERRIDES": {"DocumentKindEnum": "addons.tiepdan_report.models.document.DocumentKind"},
    # Every operation lists the error answers it may give (config/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.add_error_responses",
    ],
}

PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DB_FORMAT = "E164"

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "TiepDan@2026")

from config.unfold import UNFOLD  # noqa: E402,F401  (the back office's look and menu)

# Logs: JSON lines in production, plain lines in development (config/logging.py).
LOG_FORMAT = env_str("LOG_FORMAT", "") or ("plain" if DEBUG else "json")
LOG_LEVEL = env_str("LOG_LEVEL", "") or "INFO"
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)

# /readyz fails when no worker has beaten for this long (seconds); the heartbeat job runs every minute.
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 300)
