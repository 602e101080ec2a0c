"""What a gunicorn worker prepares before its first request (gunicorn.conf.py, post_worker_init).

A fresh worker parses each template the first time a page uses it, and builds the URL resolver's
reverse table on its first `reverse()`: the first request of each kind of page in each worker
cost up to several times the others. In the load run at scale 1, 14 of the 45 pages slower than
the p95 came in the first 5 of 60 seconds. Parsing everything at start costs each worker a
fraction of a second once, before it takes requests.
"""

import logging
from pathlib import Path

import django.forms
from django.template import TemplateSyntaxError, engines
from django.urls import reverse

logger = logging.getLogger(__name__)

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


def template_names() -> list[str]:
    """The project's page templates and Django's form widget templates, as pages name them."""
    roots = [Path(directory) for directory in engines["django"].dirs] + [DJANGO_FORM_TEMPLATES]
    names = {path.relative_to(root).as_posix() for root in roots for path in root.rglob("*.html")}
    return sorted(names)


def warm_up() -> int:
    """Parse every template into the cached loader and build the URL reverse table; the number parsed."""
    engine = engines["django"]
    parsed = 0
    for name in template_names():
        try:
            engine.get_template(name)
        except TemplateSyntaxError:
            # The page that uses it fails as it would have; the worker still serves every other.
            logger.exception("Template %s does not compile", name)
        else:
            parsed += 1
    reverse("dashboard")
    return parsed
