"""The workspace's pages for every role: the task list, and the calendar feed by its secret address."""

from django.urls import reverse

from tests.access import Row, statuses

WORKSPACE_ROWS = [
    Row(
        "workspace:calendar-feed",
        "get",
        # The secret address is the credential: it works signed in or not, for its owner's tasks.
        statuses(200, signed_in=200),
        path=lambda s: reverse("workspace:calendar-feed", args=[s["staff_calendar"].token]),
    ),
    Row("workspace:task-list", "get", statuses(302, signed_in=200)),
]
