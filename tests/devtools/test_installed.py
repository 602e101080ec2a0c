"""devtools is for development and tests: production settings install neither it nor its commands."""

import json

import pytest

from tests.production import manage

COMMANDS = ["bench", "bench_exports", "generate_load", "seed_demo"]
REPORT = (
    "import json; from django.conf import settings; from django.core.management import get_commands; "
    f"print(json.dumps(['devtools' in settings.INSTALLED_APPS, sorted(set(get_commands()) & set({COMMANDS!r}))]))"
)


@pytest.mark.parametrize(
    ("tandem_env", "settings_module", "expected"),
    [
        ("production", "config.settings", [False, []]),
        # What `make load` serves: production's apps, so its figures are production's.
        ("production", "loadtests.settings", [False, []]),
        ("development", "config.settings", [True, COMMANDS]),
    ],
)
def test_only_development_settings_install_devtools_and_its_commands(tandem_env, settings_module, expected):
    result = manage(
        "shell", "--verbosity=0", "-c", REPORT, TANDEM_ENV=tandem_env, DJANGO_SETTINGS_MODULE=settings_module
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_seed_demo_is_an_unknown_command_in_production():
    result = manage("seed_demo")
    assert result.returncode == 1
    assert "Unknown command: 'seed_demo'" in result.stderr
