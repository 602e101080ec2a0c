"""Dashboard reads. Every figure goes through `visible_to(user)`."""

from agreements.models import Agreement, ReviewRound, ReviewStatus
from partnerships.models import Milestone, Organization, Partnership, Phase
from people.models import Person


def dashboard_cards(*, user) -> list[dict]:
    partnerships = Partnership.objects.visible_to(user)
    return [
        {
            "key": "partnerships",
            "label": "Open partnerships",
            "value": partnerships.exclude(phase=Phase.CLOSED).count(),
        },
        {"key": "agreements", "label": "Agreements open", "value": Agreement.objects.visible_to(user).open().count()},
        {
            "key": "reviews",
            "label": "Reviews waiting",
            "value": ReviewRound.objects.visible_to(user).filter(status=ReviewStatus.OPEN).count(),
        },
        {
            "key": "overdue",
            "label": "Overdue milestones",
            "value": Milestone.objects.visible_to(user).overdue().count(),
        },
        {"key": "organizations", "label": "Organizations", "value": Organization.objects.visible_to(user).count()},
        {"key": "people", "label": "People", "value": Person.objects.visible_to(user).count()},
    ]


def has_partnerships(*, user) -> bool:
    return Partnership.objects.visible_to(user).exists()
