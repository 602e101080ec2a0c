"""Sending jobs to the workers without ever losing one, even while Redis is down.

Every job Tandem sends is asked for by a row in PostgreSQL written in the same transaction as
the change that needs it (an export job, a metrics mark, a report run, a recompute run): that
row is the outbox. After commit we try to send the task once, without waiting on a broken
broker; if the broker is down the save still succeeds, the row stays pending, and a beat sweep
(`*_resend_pending`, every minute) sends it again once Redis is back. The tasks are
idempotent (advisory locks, status checks), so a job sent twice still has one effect.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def send(task, *args) -> bool:
    """Send now; False (logged) if the broker cannot take it. Never raises to the caller."""
    try:
        task.apply_async(args, retry=False)
    except Exception:  # the broker's errors vary by transport; the outbox row is the safety net
        logger.warning("Broker unavailable: %s%s left for the next sweep", task.name, args, exc_info=True)
        return False
    return True


def send_on_commit(task, *args) -> None:
    """Send after the surrounding transaction commits (nothing is sent if it rolls back)."""
    transaction.on_commit(partial(send, task, *args))
