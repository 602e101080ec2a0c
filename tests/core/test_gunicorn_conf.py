"""gunicorn.conf.py: each worker freezes what it loaded, out of the garbage collector's way."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_freezes_the_loaded_app_after_init():
    hooks = runpy.run_path(str(CONF))
    gc.unfreeze()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # Django, the apps and the test tools at least
    finally:
        gc.unfreeze()
