"""The per-user iCalendar feed: a secret address calendar applications subscribe to."""

import hashlib

from django.http import Http404, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import CalendarFeed
from core.deadlines import tasks_for


def calendar_feed(request, token):
    # No login: calendar applications cannot sign in. The unguessable token is the credential,
    # and a revoked or replaced one answers 404 like any unknown address.
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Tandem deadlines")
    stamp = timezone.now()
    for task in tasks_for(feed.user):
        event = Event()
        # Stable across fetches, so calendar applications update events instead of duplicating them.
        key = hashlib.sha256(f"{task.kind}|{task.url}|{task.title}".encode()).hexdigest()[:24]
        event.add("uid", f"{key}@tandem")
        event.add("summary", task.title)
        event.add("description", f"{task.detail}\n{request.build_absolute_uri(task.url)}")
        event.add("dtstart", task.due)
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tandem.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
