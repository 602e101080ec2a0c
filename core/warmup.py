"""What a gunicorn worker prepares before its first request (gunicorn.conf.py, post_worker_init).

A fresh worker parses each template the first time a page uses it, and builds the URL resolver's
reverse tables (one per namespace) on its first `reverse()` in each: a cold worker's first page
of a kind cost several times what the next one did. Parsing every template here costs each worker
that CPU once, before it takes requests, instead of its first visitors.

Nothing here may stop a worker: a template that fails to parse, or anything else that goes
wrong, is logged, and the page that needs it fails as it would have without the warm-up.
"""

import logging
from pathlib import Path

import django.forms
from django.template import engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


def template_names() -> list[str]:
    """The project's page templates and Django's form widget templates, as pages name them."""
    roots = [Path(directory) for directory in engines["django"].dirs] + [DJANGO_FORM_TEMPLATES]
    names = {path.relative_to(root).as_posix() for root in roots for path in root.rglob("*.html")}
    return sorted(names)


def _build_reverse_tables(resolver) -> None:
    resolver.reverse_dict  # noqa: B018 - reading it builds it
    for _prefix, namespace_resolver in resolver.namespace_dict.values():
        _build_reverse_tables(namespace_resolver)


def warm_up() -> int:
    """Parse every template into the cached loader and build the URL reverse tables; the number parsed."""
    engine = engines["django"]
    parsed = 0
    for name in template_names():
        try:
            engine.get_template(name)
        except Exception:  # a broken template must break its page, never the worker
            logger.exception("Template %s does not compile", name)
        else:
            parsed += 1
    try:
        _build_reverse_tables(get_resolver())
    except Exception:
        logger.exception("The URL reverse tables could not be built ahead")
    return parsed
