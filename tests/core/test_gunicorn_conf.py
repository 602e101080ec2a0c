"""gunicorn.conf.py: each worker parses its templates, then freezes what it loaded, out of the
garbage collector's way."""

import gc
import runpy
from pathlib import Path

from django.template import engines

from core.warmup import template_names

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_warms_up_then_freezes_the_loaded_app_after_init():
    hooks = runpy.run_path(str(CONF))
    cached_loader = engines["django"].engine.template_loaders[0]
    cached_loader.reset()
    gc.unfreeze()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # Django, the apps and the test tools at least
        assert len(cached_loader.get_template_cache) >= len(template_names())
    finally:
        gc.unfreeze()
