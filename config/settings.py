"""Tandem settings: one module, driven by the environment through `config.env.env`.

Production is the default shape. `TANDEM_ENV=development` (what `make run` sets) and
`TANDEM_ENV=test` (what pytest sets) switch on the conveniences each needs; nothing else
differs between the three.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import celery_broker_url, env

BASE_DIR = Path(__file__).resolve().parent.parent

TANDEM_ENV = env.choice("TANDEM_ENV", ("production", "development", "test"), "production")
IS_PRODUCTION = TANDEM_ENV == "production"
IS_TEST = TANDEM_ENV == "test"

DEBUG = env.bool("DJANGO_DEBUG", default=TANDEM_ENV == "development")

if IS_PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters in production."
        )
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", f"insecure-{TANDEM_ENV}-key-never-use-in-production")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "core.apps.TandemAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_countries",
    "core",
    "accounts",
    "partnerships",
    "people",
    "agreements",
    "outputs",
    "metrics",
    "reports",
    "workspace",
]
# Demo data, the load generator and the benchmarks: switched on by variable like every other
# convenience, so a production deployment has neither their commands nor their code.
if TANDEM_ENV in ("development", "test"):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    # Outermost, so that they see every answer as it leaves: one log line per refusal, and the
    # API's error shape for any error under /api/.
    "core.middleware.RefusalLogMiddleware",
    "core.middleware.ApiErrorShapeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SlidingSessionMiddleware",
    # Django's, without redirecting API paths to add a slash.
    "core.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.HtmxSignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

# Form widgets render through the project's template settings, so templates/django/forms/ can
# replace Django's own (the select without an include per option) and they share its cached loader.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data stores --------------------------------------------------------------------------

# Production and tests name their servers; a developer's shell falls back to the local ones.
_LOCAL = TANDEM_ENV == "development"
DATABASES = {"default": env.database("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/tandem" if _LOCAL else None)}
# Planner settings for each connection Tandem opens. PostgreSQL's defaults assume spinning disks
# (random_page_cost 4) and compile expensive queries to machine code (jit): Tandem's working set
# is in memory or on SSD, and its queries are short. With the defaults, the API list's parties
# were hash-joined with every organization instead of looked up by key, and JIT compiled plain
# counts to machine code on every run. DATABASE_SESSION_OPTIONS=none leaves the server's settings alone.
_session_options = env.str("DATABASE_SESSION_OPTIONS", "-c random_page_cost=1.1 -c jit=off")
if _session_options != "none":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(part for part in (_options.get("options", ""), _session_options) if part)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REDIS_URL = env.redis_url("REDIS_URL", "redis://127.0.0.1:6379/0" if _LOCAL else None)
# Each process's own: nothing Tandem shows depends on a cache another process could have left stale.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    # Hashing cost is irrelevant in tests and dominates their run time otherwise.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Idle sessions end: the expiry slides with activity, saved at most once a minute
# (core.middleware.SlidingSessionMiddleware), not on every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
# A tenth of a short timeout, so that someone active is never signed out for being idle.
SESSION_REFRESH_SECONDS = min(60, SESSION_COOKIE_AGE // 10)

# Brute-force protection: an account is locked for this IP after repeated failed logins.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The template for pages, the API's error shape under /api/.
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_VERBOSE = False

# --- Security -----------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The product's own page (and the API's error shape under /api/), not Django's debugging one.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=IS_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=IS_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts or styles anywhere: everything comes from our own origin.
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
    },
}

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION

# --- API ----------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: it names the scheme in WWW-Authenticate, so anonymous calls get 401.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # DRF's parsers with limits: a malformed, oversized or too deeply nested body answers 400 or 413.
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "core.api.parsers.FormParser",
        "core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tandem API",
    "DESCRIPTION": (
        "Industry–academia research partnerships: partners, partnerships, agreements, funding, "
        "people, placements, outputs and metrics. Authenticate with a session or with "
        "`Authorization: Token <key>` (create a token on your profile page). Every list is "
        "scoped to what the caller may see; objects you may not see answer 404. A field an operation does "
        "not take answers 400 naming it; what GET answers can be sent back unchanged with PUT or PATCH "
        "(read-only fields with the values GET shows, references as ids or as GET shows them)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" or "role" with different choices; name each set for what it is.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "accounts.models.Role",
        "MemberRoleEnum": "partnerships.models.MemberRole",
        "OrganizationStatusEnum": "partnerships.models.OrganizationStatus",
        "MilestoneStatusEnum": "partnerships.models.MilestoneStatus",
        "PhaseEnum": "partnerships.models.Phase",
        "OrganizationKindEnum": "partnerships.models.OrganizationKind",
        "AgreementKindEnum": "agreements.models.AgreementKind",
        "AgreementStatusEnum": "agreements.terms.AgreementStatus",
        "ActivityKindEnum": "agreements.models.ActivityKind",
        "BallHolderEnum": "agreements.models.BallHolder",
        "ReviewStatusEnum": "agreements.models.ReviewStatus",
        "PersonKindEnum": "people.models.PersonKind",
        "PlacementKindEnum": "people.models.PlacementKind",
        "PlacementStatusEnum": "people.models.PlacementStatus",
        "OutputKindEnum": "outputs.models.OutputKind",
        "IncomeKindEnum": "outputs.models.IncomeKind",
        "ScopeKindEnum": "metrics.models.ScopeKind",
        "CareerOutcomeEnum": "people.models.CareerOutcome",
        "ParticipationRoleEnum": "people.models.ParticipationRole",
        "ConditionEnum": "agreements.playbook.Condition",
        "SeverityEnum": "agreements.playbook.Severity",
        "PublicationReviewStatusEnum": "agreements.models.PublicationReviewStatus",
        "PublicationAnswerActionEnum": "agreements.api.publications.ANSWER_ACTIONS",
    },
}

# --- Jobs ---------------------------------------------------------------------------------

# Money metrics add up amounts in this currency only (metrics/registry.py says why).
METRICS_CURRENCY = env.str("METRICS_CURRENCY", default="GBP")
# PostgreSQL's maintenance_work_mem while a full recompute builds the fresh table's indexes.
METRICS_INDEX_BUILD_MEMORY = env.str("METRICS_INDEX_BUILD_MEMORY", default="1GB")

CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# On a lost broker connection, stop late-acked tasks so they are redelivered, not half-done.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # Sending gives up after one quick retry: a save must not hang on a down Redis. What was
    # not sent waits in its outbox row for the minute's sweep (core/jobs.py).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=IS_TEST)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "metrics-nightly-recompute": {
        "task": "metrics.tasks.recompute_all_task",
        "schedule": crontab(hour=2, minute=0),
    },
    # The outbox sweeps: jobs a down broker or a dead worker lost are sent again (core/jobs.py).
    "metrics-resend-pending": {
        "task": "metrics.tasks.resend_pending_task",
        "schedule": timedelta(minutes=1),
    },
    "reports-resend-pending": {
        "task": "reports.tasks.resend_pending_exports_task",
        "schedule": timedelta(minutes=1),
    },
    "expire-exports": {
        "task": "reports.tasks.expire_exports_task",
        "schedule": timedelta(hours=1),
    },
    "run-due-scheduled-reports": {
        "task": "reports.tasks.run_due_scheduled_reports_task",
        "schedule": crontab(minute=20),
    },
    "worker-heartbeat": {
        "task": "core.tasks.record_worker_heartbeat_task",
        "schedule": timedelta(minutes=1),
    },
    # Builds the agreements list API's rows that changes made stale before anyone reads them (a
    # read builds what it finds missing anyway). Finding them reads every agreement once a run.
    "refresh-agreement-list-rows": {
        "task": "agreements.tasks.refresh_agreement_list_rows_task",
        "schedule": timedelta(minutes=5),
    },
    "expire-agreements": {
        "task": "agreements.tasks.expire_agreements_task",
        "schedule": crontab(hour=0, minute=30),
    },
    "lapse-publication-reviews": {
        "task": "agreements.tasks.lapse_publication_reviews_task",
        "schedule": crontab(hour=0, minute=45),
    },
    "agreement-reminders": {
        "task": "agreements.tasks.send_agreement_reminders_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions_task",
        "schedule": crontab(hour=3, minute=15),
    },
}

# --- E-mail -------------------------------------------------------------------------------

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    {
        "production": "django.core.mail.backends.smtp.EmailBackend",
        "development": "django.core.mail.backends.console.EmailBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
    }[TANDEM_ENV],
)
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "tandem@localhost")

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
