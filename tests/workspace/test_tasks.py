"""The task list and the calendar feed gather the deadlines every app registers (core.deadlines)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.services import calendar_feed_create, calendar_feed_revoke
from agreements.models import Agreement
from core.deadlines import tasks_for
from outputs.models import Output
from tests.agreements.factories import ActivityFactory, ReviewRoundFactory
from tests.partnerships.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def test_task_list_gathers_deadlines_for_the_owner_and_the_liaison(
    client_as, staff_user, acme_liaison, acme, acme_agreement
):
    ActivityFactory(agreement=acme_agreement, summary="Chase the redline")
    ReviewRoundFactory(agreement=acme_agreement, organization=acme)
    staff_tasks = {task.kind for task in tasks_for(staff_user)}
    assert staff_tasks == {"follow-up", "review"}
    assert [task.kind for task in tasks_for(acme_liaison)] == ["review"]
    assert "Chase the redline" in client_as(staff_user).get(reverse("workspace:task-list")).content.decode()


def test_a_disclosure_under_an_option_puts_both_deadlines_on_the_owners_list(staff_user, acme_agreement):
    Agreement.objects.filter(pk=acme_agreement.pk).update(
        option_exclusive_licence=True, option_election_days=90, option_negotiation_days=120
    )
    disclosed = date.today() - timedelta(days=10)
    Output.objects.create(
        partnership=acme_agreement.partnership,
        agreement=acme_agreement,
        kind="disclosure",
        title="Soft gripper",
        date=disclosed,
    )
    option_tasks = sorted((task.due, task.title) for task in tasks_for(staff_user) if task.kind == "option")
    assert option_tasks == [
        (disclosed + timedelta(days=90), "Option election due: Soft gripper"),
        (disclosed + timedelta(days=210), "Licence negotiation ends: Soft gripper"),
    ]


def test_the_owners_milestones_due_within_30_days_are_on_their_list(staff_user, acme_partnership):
    today = date.today()
    soon = MilestoneFactory(partnership=acme_partnership, title="Prototype demo", due_date=today + timedelta(days=10))
    MilestoneFactory(partnership=acme_partnership, title="Final report", due_date=today + timedelta(days=90))
    MilestoneFactory(
        partnership=acme_partnership,
        title="Kick-off",
        due_date=today - timedelta(days=5),
        status="done",
        completed_on=today - timedelta(days=6),
    )
    assert [(task.kind, task.title, task.due) for task in tasks_for(staff_user)] == [
        ("milestone", "Prototype demo", soon.due_date)
    ]


def test_viewers_and_liaisons_get_no_milestone_tasks(viewer_user, acme_liaison, acme_partnership):
    MilestoneFactory(partnership=acme_partnership, due_date=date.today() + timedelta(days=3))
    assert [task for task in tasks_for(viewer_user) if task.kind == "milestone"] == []
    assert [task for task in tasks_for(acme_liaison) if task.kind == "milestone"] == []


def test_calendar_feed_lists_deadlines_and_a_revoked_address_is_gone(client, staff_user, acme_agreement):
    ActivityFactory(agreement=acme_agreement, summary="Chase the redline")
    feed = calendar_feed_create(user=staff_user)
    url = reverse("workspace:calendar-feed", args=[feed.token])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == [f"Follow up: {acme_agreement.reference}"]
    # Stable UIDs: calendar apps update the events instead of duplicating them. (DTSTAMP is the
    # time of each fetch, so the bytes may differ when a second ticks between the two.)
    again = list(Calendar.from_ical(client.get(url).content).walk("VEVENT"))
    assert [(str(e["UID"]), str(e["SUMMARY"])) for e in again] == [(str(e["UID"]), str(e["SUMMARY"])) for e in events]
    calendar_feed_revoke(user=staff_user)
    assert client.get(url).status_code == 404


def test_unknown_calendar_token_is_404(client, db):
    assert client.get(reverse("workspace:calendar-feed", args=["guess"])).status_code == 404
