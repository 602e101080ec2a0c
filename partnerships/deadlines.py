"""The milestones a partnership's owner has coming up, for the task list and calendar (core.deadlines)."""

from datetime import date, timedelta

from core import roles
from core.deadlines import Task
from partnerships.models import Milestone, MilestoneStatus

MILESTONE_LOOKAHEAD_DAYS = 30


def milestone_tasks(user, today: date):
    if not roles.can_edit(user):
        return
    milestones = (
        Milestone.objects.visible_to(user)
        .filter(
            partnership__owner=user,
            status__in=[MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS],
            due_date__lte=today + timedelta(days=MILESTONE_LOOKAHEAD_DAYS),
        )
        .select_related("partnership")
    )
    for milestone in milestones:
        yield Task(
            milestone.due_date,
            "milestone",
            milestone.title,
            milestone.partnership.title,
            milestone.partnership.get_absolute_url(),
        )
