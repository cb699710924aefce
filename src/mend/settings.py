"""Django settings for Mend, read from the environment (see README "Settings")."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import dj_database_url

from mend.core.env import (
    ImproperlyConfiguredEnv,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)
from mend.vault.config import load_kek

if TYPE_CHECKING:
    # For mypy only: django-stubs types each foreign key's "_id" from the primary key field's
    # class, which it can find only if the module defining DEFAULT_AUTO_FIELD is analysed before
    # the models (it loads the settings module first). At run time Django imports it by name.
    import mend.core.ids  # noqa: F401

PACKAGE_DIR = Path(__file__).resolve().parent

# Production mode is explicit: `mend serve --prod` sets it, and so can a deployment.
PRODUCTION = env_bool("MEND_PRODUCTION", default=False)
DEBUG = False if PRODUCTION else env_bool("MEND_DEBUG", default=False)

DATA_DIR = Path(env_str("MEND_DATA_DIR", str(Path.cwd() / "var")) or "var").resolve()


def _private_dir(path: Path) -> Path:
    """A folder only its owner can enter: the data folder holds the database and the keys."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfiguredEnv("SECRET_KEY (or SECRET_KEY_FILE) is required in production")
    # A local install keeps a generated key in its data folder, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    _private_dir(DATA_DIR)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
# The key-encryption key of private text; locally it lives outside the data folder, so that a
# copy of the data folder alone cannot be read (see README, "Backups").
MEND_KEK = load_kek(data_dir=DATA_DIR, production=PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "mend.accounts.apps.MendAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth, so that Mend's layout templates override allauth's own.
    "mend.web",
    "mend.ops",
    "mend.notify",
    "mend.privacy",
    "mend.inbox",
    "mend.path",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "ninja",
    "mend.core",
    "mend.vault",
    "mend.accounts",
    "mend.audit",
    "mend.spaces",
    "mend.screening",
    "mend.apology",
    "mend.ledger",
    "mend.commitments",
    "mend.safety",
    "mend.selftrust",
    "mend.instruments",
    "mend.care",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mend.core.middleware.BodySizeLimitMiddleware",
    "mend.accounts.sessions.RefreshingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "mend.core.middleware.FormTextMiddleware",
    "mend.accounts.backends.AuthenticationMiddleware",
    "mend.vault.middleware.LockedTextMiddleware",
    "mend.vault.personal.PersonalKeyMiddleware",
    "mend.core.middleware.PrivateResponseMiddleware",
    "mend.accounts.timezones.PersonTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mend.core.middleware.CSPMiddleware",
]

ROOT_URLCONF = "mend.urls"
WSGI_APPLICATION = "mend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "mend.web.context_processors.mend",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"].setdefault("TEST", {})
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        # PostgreSQL's JIT compiles plans it estimates as costly, such as the visibility rule's
        # subqueries over many spaces; here it cost seconds to save milliseconds (the caseload
        # query: 5.4 s with JIT, 35 ms without), so it is off for Mend's connections.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        # The session read that every signed-in request runs, and the navigation's count that
        # every page runs, are prepared once per connection (mend/core/db/postgresql: PostgreSQL
        # planned them on every request); Django's own queries stay unprepared. Off (0) behind a
        # pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
        if env_bool("MEND_PG_PREPARE", default=True):
            DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 0
        # Django's backend, but a connection used a moment ago is not sent a health-check query
        # before each request (mend/core/db/postgresql: one round trip less per request).
        DATABASES["default"]["ENGINE"] = "mend.core.db.postgresql"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "mend.sqlite3"),
            # Each worker keeps its connection: opening one runs the PRAGMAs below, which cost
            # more than the signed-in request itself (issue 16's session benchmark).
            "CONN_MAX_AGE": env_int("MEND_SQLITE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
            # secure_delete zeroes what a delete frees, so deleted private text (and the plain
            # columns an upgrade drops) does not linger in the file's free pages.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA secure_delete=ON;"
                ),
            },
        }
    }
    # Created private before SQLite opens it; its -wal and -shm files take the same mode.
    _private_dir(DATA_DIR)
    (DATA_DIR / "mend.sqlite3").touch(mode=0o600)
    (DATA_DIR / "mend.sqlite3").chmod(0o600)

# Random ids: a sequential id would tell a partner how many records the other wrote (core/ids.py).
DEFAULT_AUTO_FIELD = "mend.core.ids.RandomBigAutoField"

# Shared state lives in the database so several stateless app processes agree on it
# (login throttling counters, for one).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mend_cache",
    }
}

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading a session's person in plain SQL (backends.py).
AUTHENTICATION_BACKENDS = [
    "mend.accounts.backends.ModelBackend",
    "mend.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
CSRF_FAILURE_VIEW = "mend.core.errors.csrf_failure"
DEFAULT_EXCEPTION_REPORTER_FILTER = "mend.core.reporting.SecretSafeReporterFilter"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "MEND_EMAIL_VERIFICATION",
    ("mandatory", "optional", "none"),
    "mandatory" if PRODUCTION else "optional",
)
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "mend.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "mend.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "mend.accounts.adapter.MFAAdapter"
# Who may create an account: "invitation" (someone holding a space invitation; the production
# default, for a home or practice install) or "open" (anyone who reaches the install).
MEND_SIGNUP = env_choice(
    "MEND_SIGNUP", ("open", "invitation"), "invitation" if PRODUCTION else "open"
)
# Wrong passwords slow the client that sends them, per address and client, with growing waits
# (mend.accounts.throttle, in the shared cache above); allauth's per-account lockout is off,
# because it let anyone who knows an address keep its owner out. A sign-in code by e-mail is
# always a way past the wait. Sign-up answers alike whether or not the address has an account
# when verification is mandatory (the production default).
MEND_SIGNIN_FREE_TRIES = env_int("MEND_SIGNIN_FREE_TRIES", 5)
# A self-trust passphrase is stretched with scrypt, N=2**17, r=8, p=1: 128 MiB and about a
# second of one core per guess, OWASP's recommended minimum for scrypt. It runs once per
# unlock, so a person waits a second where a guesser pays it for every guess. The parameters
# are stored with each lock, so a change applies to passphrases set from then on. (The tests
# lower N to keep the suite fast.)
MEND_SELFTRUST_SCRYPT_N = env_int("MEND_SELFTRUST_SCRYPT_N", 2**17)
MEND_SELFTRUST_SCRYPT_R = 8
MEND_SELFTRUST_SCRYPT_P = 1
# Behind a reverse proxy every request comes from the proxy's address: with the number of
# proxies you run, throttling counts the client's address from X-Forwarded-For instead.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("MEND_TRUSTED_PROXY_COUNT", 0)
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# The person hears by e-mail when their password, e-mail address, two-factor or self-trust lock
# changes: someone who knows the password could otherwise change them unseen (a lock set by
# someone else would hold the person's own journal hostage). The notice names the change,
# never a record's words.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
# Adding, removing or choosing an e-mail address asks for the password (or second factor)
# again: someone at a signed-in phone could otherwise move the account to an address of
# theirs, remove the owner's, and keep her out (the reset link would go to them).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    # Every sign-in attempt from one network address (a flood guard, not a lockout).
    "login": env_str("MEND_LOGIN_RATE_LIMIT", "60/m/ip"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mend"

# Idle sessions expire this long after the last request, to within a minute: the session's
# expiry is pushed forward at most once a minute (mend.accounts.sessions), so a signed-in
# request does not write. Sessions are stored under a keyed hash of their key: a copy of the
# database signs no one in.
SESSION_ENGINE = "mend.accounts.sessions"
SESSION_COOKIE_AGE = env_int("MEND_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_COOKIES = env_bool("MEND_SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: nothing leaks to other sites, and form posts keep an Origin that CSRF checks.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("MEND_SSL_REDIRECT", default=False)
    # Browsers that once reached Mend over HTTPS never fall back to plain HTTP (a year).
    SECURE_HSTS_SECONDS = env_int("MEND_HSTS_SECONDS", 365 * 24 * 3600)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Mend <mend@localhost>")

# --- Requests ---------------------------------------------------------------------------
# Bodies above this are refused with 413 before any view reads them (documented in README).
MEND_MAX_BODY_BYTES = env_int("MEND_MAX_BODY_BYTES", 256 * 1024)
MEND_MAX_UPLOAD_BYTES = env_int("MEND_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MEND_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MEND_MAX_UPLOAD_BYTES

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
# Compressed copies (gzip, Brotli) of every static file; off when a proxy compresses instead.
MEND_STATIC_COMPRESS = env_bool("MEND_STATIC_COMPRESS", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION and MEND_STATIC_COMPRESS
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Content-Security-Policy (django-csp) ----------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("MEND_TIME_ZONE", "UTC") or "UTC"
USE_I18N = True
USE_TZ = True

# --- Mend -------------------------------------------------------------------------------
MEND_QUICK_EXIT_URL = env_str("MEND_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
MEND_INVITATION_DAYS = env_int("MEND_INVITATION_DAYS", 7)
# Immediate help shown after a red flag; a practice's own numbers (admin) take precedence.
MEND_HELPLINE_EMERGENCY = env_str("MEND_HELPLINE_EMERGENCY", "") or ""
MEND_HELPLINE_DOMESTIC_ABUSE = env_str("MEND_HELPLINE_DOMESTIC_ABUSE", "") or ""
MEND_HELPLINE_CRISIS = env_str("MEND_HELPLINE_CRISIS", "") or ""
# Intake ("get in touch") requests allowed per hour, per address and per account.
MEND_INTAKE_PER_HOUR = env_int("MEND_INTAKE_PER_HOUR", 5)
# Notifications (mend.notify): the site's address for links in e-mails, and Web Push, which
# passes through the browser maker's push service; a deployment may turn it off.
MEND_BASE_URL = env_str("MEND_BASE_URL", "http://127.0.0.1:8000") or "http://127.0.0.1:8000"
MEND_PUSH = env_bool("MEND_PUSH", default=True)
MEND_VAPID_SUBJECT = env_str("MEND_VAPID_SUBJECT", "mailto:mend@localhost") or "mailto:x@localhost"
MEND_API_TOKEN_PREFIX = "mend_"  # noqa: S105 - a public prefix, not a secret

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MEND_LOG_LEVEL", "WARNING")},
    # Django logs every 4xx answer with its path ("Not Found: /self-trust/journal/5/",
    # "Locked: …"): a timeline of how someone uses Mend for whoever reads the host's logs.
    # Errors (5xx) are still logged. A refused CSRF token is logged apart, with its path.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security.csrf": {"level": "ERROR"},
        # The development server (`mend serve`, `make run`) logs a line per request, with its
        # path and time, and a 4xx as a warning: neither, as in production; a 5xx still is.
        "django.server": {"level": "ERROR"},
    },
}
