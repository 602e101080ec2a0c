"""One place that reads the environment.

Every setting that varies between machines comes through `env`. A bad value stops start-up
with one sentence naming the variable (`ImproperlyConfigured`), never a traceback deep in a
library later on.
"""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ=os.environ):
        self._environ = environ

    def is_set(self, name: str) -> bool:
        return bool(self._environ.get(name, "").strip())

    def str(self, name: str, default: str | None = None) -> str:
        value = self._environ.get(name)
        if value is None or value == "":
            if default is None:
                raise ImproperlyConfigured(f"{name} must be set.")
            return default
        return value

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self._environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")

    def int(self, name: str, default: int) -> int:
        raw = self._environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self._environ.get(name)
        if raw is None or raw.strip() == "":
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.str(name, default).strip().lower()
        if value not in choices:
            raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
        return value

    def database(self, name: str = "DATABASE_URL", default: str | None = None) -> dict:
        raw = self.str(name, default)
        if not raw.startswith(("postgres://", "postgresql://")):
            raise ImproperlyConfigured(
                f"{name} must be a PostgreSQL URL such as postgresql://user:password@host:5432/tandem."
            )
        try:
            config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} is not a valid database URL ({error}).") from None
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name} must name a database, e.g. .../tandem.")
        return config

    def redis_url(self, name: str = "REDIS_URL", default: str | None = None) -> str:
        raw = self.str(name, default)
        if not raw.startswith(("redis://", "rediss://", "unix://")):
            raise ImproperlyConfigured(
                f"{name} must start with redis://, rediss:// or unix://, e.g. redis://127.0.0.1:6379/0."
            )
        return raw


env = Env()


def celery_broker_url(redis_url: str) -> str:
    """Celery (kombu) spells a Unix-socket Redis as redis+socket://; redis-py as unix://."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url
