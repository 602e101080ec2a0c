"""gunicorn's settings beyond the command line; gunicorn reads this file from its working directory
(the Docker image's CMD, docker-compose and `make load` all start it from the project root).

Garbage collection: a worker holds about 200,000 long-lived objects once Django and the apps are
loaded, and a request leaves reference cycles behind (DRF serializers point to their parents,
prefetched rows to their querysets), so the collector runs about ten times per request and, now
and then, walks every one of those objects. Freezing them once the worker has loaded the app
moves them out of its way, so that a collection walks only what the request itself made.

Before that, the worker parses every template and builds the URL reverse tables
(core.warmup), so that its first request of each page costs what the next ones do; what it
built is then frozen with the rest.
"""

import gc


def post_worker_init(worker):
    from core.warmup import warm_up  # the app, and so Django, is loaded by now

    warm_up()
    gc.freeze()
