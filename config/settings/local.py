"""Local development: safe defaults so `make run` works with no configuration."""

from .base import *  # noqa: F403
from .base import DATA_DIR, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# A fixed, clearly-local key: never used in production, which refuses to start without its own.
SECRET_KEY = env("SECRET_KEY", "local-development-only-not-secret-immigo-0123456789abcdef")
if not env("EMAIL_BACKEND"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "outbox" / "smtp")},
        }
    }

DATA_DIR.mkdir(parents=True, exist_ok=True)
