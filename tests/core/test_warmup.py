"""core.warmup: a worker parses every template before its first request."""

import logging

from django.template import engines

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


def test_a_template_that_does_not_compile_is_logged_and_the_rest_still_parsed(settings, tmp_path, caplog):
    (tmp_path / "broken.html").write_text("{% if %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    with caplog.at_level(logging.ERROR, logger="core.warmup"):
        parsed = warm_up()
    assert parsed == len(template_names()) - 1
    assert "broken.html does not compile" in caplog.text
    assert "base.html" in cached_names()
