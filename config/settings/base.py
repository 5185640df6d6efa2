"""Settings shared by every environment. Everything that differs between machines comes from
the environment; local/test/production only override what they must."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Where the platform keeps files it writes (the SQLite database, uploads, the local outbox,
# the local signing key). One directory, so a deployment backs up one thing.
DATA_DIR = Path(env("IMMIGO_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "crontask",
    "django_htmx",
    "immigo.core",
    "immigo.accounts",
    "immigo.notifications",
    "immigo.border",
    "immigo.applications",
    "immigo.portal",
    "immigo.content",
    "immigo.search",
    "immigo.directory",
    "immigo.newsletter",
    "immigo.missing",
    "immigo.organisations",
    "immigo.appointments",
    "immigo.queues",
    "immigo.feedback",
    "immigo.residence",
    "immigo.quotas",
    "immigo.onlineforms",
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
    "immigo.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "immigo.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "immigo.core.context_processors.site",
                "immigo.portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'immigo.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE transactions take the
    # write lock up front, so concurrent writers queue instead of failing on upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 idle minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Staff must present a TOTP second factor. Production requires it; locally it is optional so the
# demo logins work without an authenticator app.
IMMIGO_REQUIRE_STAFF_OTP = env_bool("IMMIGO_REQUIRE_STAFF_OTP", False)
OTP_TOTP_ISSUER = "Immigo"

LANGUAGE_CODE = "zh-hant"
# The ten languages of the portal (seed H09, J01, J02). Filipino uses the ISO 639-1 code `tl`,
# which Django does not ship: its name is registered in immigo.core.apps.
LANGUAGES = [
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("id", _("Indonesian")),
    ("th", _("Thai")),
    ("km", _("Khmer")),
    ("my", _("Burmese")),
    ("ja", _("Japanese")),
    ("hi", _("Hindi")),
    ("tl", _("Filipino")),
]
# locale-django/ holds the Filipino texts of Django's own messages (Django ships none); makemessages
# writes only to the first path.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-django"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
IMMIGO_MAX_UPLOAD_BYTES = int(env("IMMIGO_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))

# Cache: Redis when REDIS_URL is set, otherwise the database (shared by every web worker,
# so rate limits hold across processes without Redis).
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "immigo_cache",
        }
    }

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
CRONTASK = {"REDIS_URL": REDIS_URL} if REDIS_URL else {}

# E-mail: SMTP from the environment (Django 6.1 MAILERS); locally a file outbox (see local.py).
MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env("EMAIL_HOST", "127.0.0.1"),
            "port": int(env("EMAIL_PORT", "25")),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": int(env("EMAIL_TIMEOUT", "15")),
        },
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Immigo <no-reply@immigo.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Notification channels. "file" writes each message to DATA_DIR/outbox; "smtp" sends e-mail;
# "http" posts SMS to a provider.
IMMIGO_EMAIL_CHANNEL = env("IMMIGO_EMAIL_CHANNEL", "file")
IMMIGO_SMS_CHANNEL = env("IMMIGO_SMS_CHANNEL", "file")
IMMIGO_SMS_PROVIDER_URL = env("IMMIGO_SMS_PROVIDER_URL", "")
IMMIGO_SMS_PROVIDER_TOKEN = env("IMMIGO_SMS_PROVIDER_TOKEN", "")
IMMIGO_SMS_SENDER = env("IMMIGO_SMS_SENDER", "Immigo")
IMMIGO_OUTBOX_DIR = DATA_DIR / "outbox"
IMMIGO_NOTIFY_MAX_ATTEMPTS = int(env("IMMIGO_NOTIFY_MAX_ATTEMPTS", "8"))

# Residence registry and the expiry-reminder ladder (B06). Notices go through the outbox, which
# sends each channel within its rate limit and daily cap; messages over either wait for the next
# window (never dropped), so a national batch is spread over the day.
IMMIGO_NOTIFY_LIMITS = {
    "sms": {
        "per_minute": int(env("IMMIGO_NOTIFY_SMS_PER_MINUTE", "60")),
        "per_day": int(env("IMMIGO_NOTIFY_SMS_PER_DAY", "20000")),
    },
    "email": {
        "per_minute": int(env("IMMIGO_NOTIFY_EMAIL_PER_MINUTE", "600")),
        "per_day": int(env("IMMIGO_NOTIFY_EMAIL_PER_DAY", "200000")),
    },
}
# Ladder steps written per transaction by the daily sweep (a killed sweep loses at most one batch,
# which the next run writes again).
IMMIGO_RESIDENCE_SWEEP_BATCH = int(env("IMMIGO_RESIDENCE_SWEEP_BATCH", "500"))
# How long the renewal link in a notice stays valid (days).
IMMIGO_RESIDENCE_RENEWAL_LINK_DAYS = int(env("IMMIGO_RESIDENCE_RENEWAL_LINK_DAYS", "60"))
# Where a notice sends people to book a renewal appointment (the station's code and the service
# code are added as ?station=...&service=B06).
IMMIGO_RESIDENCE_BOOKING_PATH = env("IMMIGO_RESIDENCE_BOOKING_PATH", "/appointments/book/")

# Issued documents are signed (Ed25519). Production supplies the private key (PEM) in the
# environment; locally a key is generated once under DATA_DIR.
IMMIGO_SIGNING_KEY = env("IMMIGO_SIGNING_KEY", "")
IMMIGO_SIGNING_KEY_ID = env("IMMIGO_SIGNING_KEY_ID", "")
# Public base URL printed in QR codes and notices.
IMMIGO_PUBLIC_URL = env("IMMIGO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

# Public status lookup throttles (A18).
IMMIGO_LOOKUP_PER_CLIENT_PER_MINUTE = int(env("IMMIGO_LOOKUP_PER_CLIENT_PER_MINUTE", "30"))
IMMIGO_LOOKUP_WRONG_DOB_PER_RECEIPT_PER_DAY = 5
IMMIGO_LOOKUP_WINDOW_DAYS = 92  # "the last 3 months"

# The network address of a client is taken from REMOTE_ADDR unless the deployment sits behind
# a proxy it trusts, which then names the header.
IMMIGO_CLIENT_IP_HEADER = env("IMMIGO_CLIENT_IP_HEADER", "")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The scheduler logs every lock refresh (5 s) and a heartbeat each minute at INFO.
        "apscheduler": {"level": "WARNING"},
        "crontask": {"level": "WARNING"},
        # WeasyPrint logs each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Portal
# The station map (seed H08) is drawn only when a tile server is configured: its URL template
# (e.g. https://tile.example.org/{z}/{x}/{y}.png) and the attribution its licence asks for (HTML
# allowed). Empty: the station list says the map is unavailable; the list itself is complete.
IMMIGO_MAP_TILE_URL = env("IMMIGO_MAP_TILE_URL", "")
IMMIGO_MAP_ATTRIBUTION = env("IMMIGO_MAP_ATTRIBUTION", "")
# The language a visitor picks (set_language) is remembered for a year, not just the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
