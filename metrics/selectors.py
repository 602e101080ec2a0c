"""Dashboard reads. Every figure goes through `visible_to(user)`."""

from partnerships.models import Organization
from people.models import Person


def dashboard_cards(*, user) -> list[dict]:
    return [
        {"key": "organizations", "label": "Organizations", "value": Organization.objects.visible_to(user).count()},
        {"key": "people", "label": "People", "value": Person.objects.visible_to(user).count()},
    ]
