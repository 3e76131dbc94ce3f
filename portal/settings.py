"""Settings of the portal, read from the environment.

With nothing set the portal runs embedded: SQLite in the project folder, Celery tasks in-process,
e-mail to the console. `DATABASE_URL` and `REDIS_URL` switch it to PostgreSQL, Redis and workers.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.beat_schedule import BEAT_SCHEDULE
from portal.environment import env_bool, env_list, installation_key

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG")
# Embedded: no database configured, so SQLite in the project folder and tasks in-process.
EMBEDDED = not os.environ.get("DATABASE_URL")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # The development key is published with the code: only a DEBUG run uses it. Without DEBUG,
    # the embedded portal makes a key of its own once (SECRET_KEY_FILE); a deployment on a
    # database server must be given one.
    if DEBUG:
        SECRET_KEY = "development-key-never-used-in-production"  # noqa: S105
    elif EMBEDDED:
        SECRET_KEY = installation_key(
            Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))
        )
    else:
        raise ImproperlyConfigured("Set SECRET_KEY: a deployment with DATABASE_URL needs its own.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The reverse proxies in front of the portal (addresses or networks): only a request from one
# of them has its X-Forwarded-For believed (portal.sessions.client_address). None by default.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# The address users reach the portal at, for links in e-mails.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "portal",
    "cooperation",
    "cases",
    "casebank",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First of the portal's: the audit log's writer finds the request in every later step.
    "portal.middleware.AuditMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.PortalLoginRequiredMiddleware",
    "portal.middleware.SecondFactorMiddleware",
    "portal.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages (it says why a session ended); the sign-in check runs later, in views.
    "portal.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PrivateResponseMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "portal.backends.LockoutModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Repeated failed sign-ins lock the account name (not the address: an office shares one).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))

# django-guardian: no anonymous user row; object checks never fall back to model permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_GROUP = False
# How long "this model has no grant rows" is believed (portal/grant_tables.py): the cache is
# each process's own, so another process sees a model's first grant within this time.
GRANTS_ABSENT_CACHE_SECONDS = int(os.environ.get("GRANTS_ABSENT_CACHE_SECONDS", "10"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target in production; a development machine serves from the finders.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or (None if DEBUG else BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Third-party assets come from the npm lockfile (`make assets`), never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files are private: kept outside any URL and served only through permission checks.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "private"))
# The letters' font, built by `manage.py build_letter_fonts` (see portal/letter_fonts.py).
LETTER_FONT_DIR = Path(os.environ.get("LETTER_FONT_DIR", BASE_DIR / "var" / "fonts"))
# Signed PDFs (portal/signing.py): each procuratorate's certificate and key as
# `<code>.crt` / `<code>.key` (PEM) in this folder, and the trust roots verification accepts.
SIGNING_KEYS_DIR = Path(os.environ.get("SIGNING_KEYS_DIR", BASE_DIR / "var" / "signing"))
SIGNING_TRUST_ROOTS = [
    Path(path) for path in os.environ.get("SIGNING_TRUST_ROOTS", "").split(",") if path
] or [SIGNING_KEYS_DIR / "ca.crt"]
# The demo's own CA (`manage.py make_demo_certificates`) issues a certificate for a
# procuratorate that has none yet; never in production, where an office installs its own.
SIGNING_DEMO_CA = env_bool("SIGNING_DEMO_CA", default=DEBUG)
# The largest PDF the verification page and API accept.
VERIFY_MAX_BYTES = int(os.environ.get("VERIFY_MAX_MB", "20")) * 2**20
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "20")) * 2**20
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20

REDIS_URL = os.environ.get("REDIS_URL", "")

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 1,
    # Getting a channel to publish on tries the connection once more, at once, and gives up:
    # kombu's default waits about 6 s in the web request before the pending row takes over.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Give up publishing quickly when Redis is down: the pending row is queued again by beat.
# After a failed publish, a web process queues nothing for this long (the rows wait for beat).
BROKER_DOWN_PAUSE = timedelta(seconds=30)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE
# Days before a joint meeting at which its members are reminded.
MEETING_REMINDER_DAYS = [int(days) for days in env_list("MEETING_REMINDER_DAYS", "7,1")]
# A pending e-mail younger than this is still in flight; older ones are queued again.
NOTIFICATION_EMAIL_REQUEUE_AFTER = timedelta(minutes=5)
NOTIFICATION_EMAIL_MAX_ATTEMPTS = 10
# A worker's claim on an e-mail outlives any send (the task time limit is 5 minutes): a claim
# older than this belonged to a worker that died, and the e-mail may be sent again.
NOTIFICATION_EMAIL_CLAIM_EXPIRES = timedelta(minutes=10)
# How long an API create's `Idempotency-Key` returns its first answer.
IDEMPOTENCY_KEY_LIFETIME = timedelta(hours=24)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@northwest-procuratorates.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "portal.api_access.PasswordChangeNotRequired",
        "portal.api_access.SecondFactorProved",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.api_support.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "portal.api_support.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "portal.api_support.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Northwest Procuratorial Cooperation Portal API",
    "DESCRIPTION": "Cross-province cooperation of the six north-west procuratorates.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several models have a "status"; each set of choices gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RequestStatusEnum": "cases.models.Status",
        "TypicalCaseStatusEnum": "casebank.models.CaseStatus",
        "TaskForceStatusEnum": "cases.task_forces.models.TaskForce.Status",
        "ConsultationStatusEnum": "cases.consultations.models.Consultation.Status",
        "ConsultationMessageKindEnum": "cases.consultations.models.ConsultationMessage.Kind",
        "PartyPositionEnum": "cases.consultations.models.Position",
        "StatedPositionEnum": "cases.consultations.api.STATED_POSITIONS",
        "SignoffActionEnum": "portal.signoff.SIGNOFF_ACTIONS",
        "LetterKindEnum": "cases.requests.models.Letter.Kind",
        "SupplementKindEnum": "cases.requests.models.Supplement.Kind",
        "SupplementStatusEnum": "cases.requests.models.SupplementStatus",
        "SupplementActionEnum": "cases.requests.services.supplements.SUPPLEMENT_ACTIONS",
    },
}

# A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after
# the sign-in whatever happens (portal.sessions); the cookie lasts no longer than that.
SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
# The audit log keeps its entries this many days; a daily job deletes older ones
# (portal.audit.audit_purge). China's Cybersecurity Law (Art. 21) asks for network logs kept at
# least six months; a year covers that with room, and a whole annual review cycle.
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "365"))
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy (django-csp): scripts, styles, fonts and images from the
# portal itself only, no inline script or style anywhere; nothing may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Second factors (portal.second_factor): required for the roles that manage accounts or sign
# documents and for the admin site; SECOND_FACTOR_FOR_EVERYONE requires one of every user.
SECOND_FACTOR_FOR_EVERYONE = env_bool("SECOND_FACTOR_FOR_EVERYONE")
# Not read from the environment: no deployment switches the second factor off. The test suite
# does, except in the tests about it, so other features' tests sign in with a password alone.
SECOND_FACTOR_ENFORCED = True
OTP_TOTP_ISSUER = "西北检察协作平台"
# Passkeys (django-otp-webauthn) belong to the host users reach the portal at: PORTAL_BASE_URL
# over HTTPS; on a development machine, http://localhost (browsers refuse them on plain HTTP
# elsewhere, and on a bare address).
_portal_url = urlsplit(PORTAL_BASE_URL)
if _portal_url.scheme == "https":
    _passkey_host, _passkey_origin = _portal_url.hostname, PORTAL_BASE_URL
else:
    _passkey_host, _passkey_origin = "localhost", f"http://localhost:{_portal_url.port or 80}"
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID") or _passkey_host
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ALLOWED_ORIGINS") or [_passkey_origin]
# A passkey is a second factor here, after the password, never a way in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# No page uses the camera, the microphone, the location or payment (portal.middleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if env_bool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
