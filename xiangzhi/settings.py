"""Settings for Xiangzhi.

Everything that differs between a laptop and production comes from the environment
through the helpers below, which fail loudly on a value they cannot read.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XIANGZHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_from_env_or_file(name, filename):
    """A secret comes from the environment; `make run` writes a development one under var/."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    path = VAR_DIR / filename
    if path.exists():
        return path.read_text().strip()
    return None


DEBUG = env_bool("XIANGZHI_DEBUG", False)

SECRET_KEY = secret_from_env_or_file("DJANGO_SECRET_KEY", "secret.key")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug"
    else:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or run `make run`, which writes var/secret.key)."
        )

# Key for personal data at rest (SM4-GCM) and blind indexes (HMAC-SM3): 64 hex digits.
FIELD_KEY = secret_from_env_or_file("XIANGZHI_FIELD_KEY", "field.key")

# The publication log (RFC 6962 Merkle tree): the hash of its leaves and nodes ("sha256" or
# "sm3"; fixed for the life of a log) and the Ed25519 key that signs its tree heads (the
# 32-byte private seed as 64 hex digits; `make run` writes a development one under var/).
TRANSLOG_HASH = os.environ.get("XIANGZHI_LOG_HASH", "sha256")
TRANSLOG_SIGNING_KEY = secret_from_env_or_file("XIANGZHI_LOG_SIGNING_KEY", "log_signing.key")

ALLOWED_HOSTS = env_list("XIANGZHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("XIANGZHI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "xiangzhi.core",
    "xiangzhi.regions",
    "xiangzhi.accounts",
    "xiangzhi.people",
    "xiangzhi.grid",
    "xiangzhi.translog",
    "xiangzhi.finance",
    "xiangzhi.powers",
    "xiangzhi.disclosure",
    "xiangzhi.portal",
    "xiangzhi.assembly",
    "xiangzhi.matters",
    "xiangzhi.elections",
    "xiangzhi.topics",
    "xiangzhi.duties",
    "xiangzhi.points",
    "xiangzhi.shop",
    "xiangzhi.ratings",
    "xiangzhi.customs",
    "xiangzhi.mediation",
    "xiangzhi.petitions",
    "xiangzhi.legal",
    "xiangzhi.safety",
    "xiangzhi.party",
    "xiangzhi.partylife",
    "xiangzhi.partyrating",
    "xiangzhi.vetting",
    "xiangzhi.talent",
    "xiangzhi.contact",
    "xiangzhi.partywork",
    "xiangzhi.services",
    "xiangzhi.socialorgs",
    "xiangzhi.children",
    "xiangzhi.cadres",
    "xiangzhi.pilots",
    "xiangzhi.targets",
    "xiangzhi.ledgers",
    "xiangzhi.assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "xiangzhi.core.middleware.RequestContextMiddleware",
    "xiangzhi.accounts.middleware.CurrentPostMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiangzhi.urls"
WSGI_APPLICATION = "xiangzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "xiangzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xiangzhi.core.context_processors.navigation",
            ],
        },
    },
]

# Databases: only DATABASE_URL. SQLite (the default) runs in WAL mode with IMMEDIATE
# transactions so that concurrent writers queue instead of failing half-way.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xiangzhi.sqlite3'}"),
        conn_max_age=int(os.environ.get("XIANGZHI_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "xiangzhi.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "xiangzhi.accounts.passwords.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account for 30 minutes after 5 failed logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

# Idle timeout: the session lives 30 minutes past the last request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

SECURE_COOKIES = env_bool("XIANGZHI_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("XIANGZHI_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("XIANGZHI_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("XIANGZHI_STATIC_ROOT", VAR_DIR / "static"))
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("XIANGZHI_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The plan whose targets the dashboards show (a YAML file in XIANGZHI_PLAN_DIR, by default
# xiangzhi/targets/plans/); the next five-year plan is a new file, not new code.
XIANGZHI_PLAN = os.environ.get("XIANGZHI_PLAN", "guangxi-2021-2025")
XIANGZHI_PLAN_DIR = os.environ.get("XIANGZHI_PLAN_DIR", "")

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "XIANGZHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XIANGZHI_LOG_LEVEL", "WARNING")},
}

# Lockout is per account on purpose: many villagers share one village-centre IP address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
