"""core.warmup: a worker parses every template before its first request."""

import logging

from django.template import engines
from django.urls import get_resolver, reverse

from core.warmup import template_names, warm_up


def cached_names() -> set[str]:
    engine = engines["django"].engine
    [cached_loader] = engine.template_loaders  # Django's cached loader, around the file loaders
    return {template.origin.template_name for template in cached_loader.get_template_cache.values()}


def test_warm_up_parses_every_page_and_widget_template_into_the_cache():
    engines["django"].engine.template_loaders[0].reset()
    parsed = warm_up()
    names = cached_names()
    assert parsed == len(template_names())
    assert {"base.html", "metrics/dashboard.html", "partnerships/partnership_detail.html"} <= names
    assert {"django/forms/widgets/input.html", "django/forms/widgets/select.html"} <= names


def test_templates_that_do_not_compile_are_logged_and_the_rest_still_parsed(settings, tmp_path, caplog):
    (tmp_path / "broken.html").write_text("{% if %}")
    (tmp_path / "latin1.html").write_bytes("Caf\xe9".encode("latin-1"))  # not UTF-8
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    with caplog.at_level(logging.ERROR, logger="core.warmup"):
        parsed = warm_up()
    assert parsed == len(template_names()) - 2
    assert "broken.html does not compile" in caplog.text and "latin1.html does not compile" in caplog.text
    assert "base.html" in cached_names()


def test_warm_up_builds_the_reverse_table_of_every_namespace():
    namespaces = [namespace for _, namespace in get_resolver().namespace_dict.values()]
    for namespace in namespaces:  # as a fresh worker has them
        namespace._reverse_dict.clear()
        namespace._populated = False
    warm_up()
    assert namespaces and all(namespace._populated for namespace in namespaces)
    assert reverse("partnerships:partnership-list") == "/partnerships/"


def test_nothing_that_goes_wrong_in_the_warm_up_stops_it(monkeypatch, caplog):
    monkeypatch.setattr("core.warmup.get_resolver", lambda: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="core.warmup"):
        assert warm_up() == len(template_names())
    assert "reverse tables could not be built" in caplog.text
