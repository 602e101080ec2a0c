"""Run manage.py the way a production host would: production settings, none of the test run's switches.

Each call is a fresh process, because settings are read once per process and the test run's own
are TANDEM_ENV=test.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "TANDEM_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-" + "z" * 20,
    "DJANGO_ALLOWED_HOSTS": "tandem.example.ac.uk",
    "DATABASE_URL": "postgresql://tandem:secret@db.example:5432/tandem",
    "REDIS_URL": "redis://cache.example:6379/0",
}


def manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    """`manage.py *args` with PRODUCTION's variables; an override of None unsets one."""
    # Only what a production host would have: none of the test run's own switches.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION and not key.startswith(("DJANGO_", "CELERY_"))
    }
    environment.update(PRODUCTION)
    for key, value in overrides.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def setting(expression: str, **overrides: str) -> str:
    """A production setting as printed by `manage.py shell`: `expression` follows `settings.`."""
    result = manage(
        "shell", "--verbosity=0", "-c", f"from django.conf import settings; print(settings.{expression})", **overrides
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
