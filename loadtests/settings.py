"""Production settings, as config.settings builds them, plus the load run's probe URL.

Only scripts/load.py serves with these (DJANGO_SETTINGS_MODULE=loadtests.settings): nothing
else changes, so the figures are production's. The probe lives in loadtests/urls.py, never in
config/urls.py, so it cannot ship as an endpoint of a real deployment.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR

ROOT_URLCONF = "loadtests.urls"
# collectstatic writes here, not to staticfiles/ (the image's): a load run leaves the tree alone.
STATIC_ROOT = BASE_DIR / "test-artifacts" / "load" / "static"
