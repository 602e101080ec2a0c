"""gunicorn's settings beyond the command line; gunicorn reads this file from its working directory
(the Docker image's CMD, docker-compose and `make load` all start it from the project root).

Garbage collection: a worker holds about 200,000 long-lived objects once Django and the apps are
loaded, and a request leaves reference cycles behind (DRF serializers point to their parents,
prefetched rows to their querysets), so the collector runs about ten times per request and, now
and then, walks every one of those objects. Freezing them once the worker has loaded the app
moves them out of its way: measured on the agreements list API at 50 per page, 40 ms of CPU per
request became 33 ms (`make load`, README "Performance").
"""

import gc


def post_worker_init(worker):
    gc.freeze()
