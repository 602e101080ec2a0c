"""When a test client's session was last saved, as core.middleware.SlidingSessionMiddleware notes it."""

import time

from core.middleware import REFRESHED_KEY


def mark_session_saved(client, *, seconds_ago: int = 0) -> None:
    session = client.session
    session[REFRESHED_KEY] = int(time.time()) - seconds_ago
    session.save()
