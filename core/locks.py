"""PostgreSQL advisory locks: "one worker at a time" for jobs, without a lock table.

A session lock is released when its connection closes, so a worker that dies while holding
one never leaves a job locked for ever: the redelivered task takes the lock and runs.
"""

from contextlib import contextmanager

from django.db import connection

# The first of the two lock keys: which kind of thing is locked (the second is its id).
EXPORT_JOB = 0x65787074
SCHEDULED_REPORT = 0x73636864
AGREEMENT_LIST_ROWS = 0x6C697374


@contextmanager
def try_advisory_lock(namespace: int, key: int):
    """Yield True if this session now holds the lock (released on exit), False if another does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, key])
