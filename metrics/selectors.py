"""Dashboard reads. Every figure goes through `visible_to(user)`."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus, Deviation, ReviewRound, ReviewStatus
from agreements.terms import OPEN_STATUSES
from partnerships.models import Milestone, Organization, Partnership, Phase
from people.models import Person


def dashboard_cards(*, user) -> list[dict]:
    today = timezone.localdate()
    horizon = today + timedelta(days=90)
    partnerships = Partnership.objects.visible_to(user)
    return [
        {
            "key": "partnerships",
            "label": "Open partnerships",
            "url": reverse("partnerships:partnership-list"),
            "value": partnerships.exclude(phase=Phase.CLOSED).count(),
        },
        {
            "key": "agreements",
            "label": "Agreements open",
            "url": reverse("agreements:agreement-list") + "?" + "&".join(f"status={s}" for s in OPEN_STATUSES),
            "value": Agreement.objects.visible_to(user).open().count(),
        },
        {
            "key": "reviews",
            "label": "Reviews waiting",
            "url": reverse("agreements:review-list"),
            "value": ReviewRound.objects.visible_to(user).filter(status=ReviewStatus.OPEN).count(),
        },
        {
            "key": "overdue",
            "label": "Overdue milestones",
            "url": reverse("agreements:task-list"),
            "value": Milestone.objects.visible_to(user).overdue().count(),
        },
        {
            "key": "expiring",
            "label": "Expiring in 90 days",
            "url": reverse("agreements:agreement-list") + f"?status=executed&expiring_before={horizon:%Y-%m-%d}",
            "value": Agreement.objects.visible_to(user)
            .filter(status=AgreementStatus.EXECUTED, expiry_date__range=(today, horizon))
            .count(),
        },
        {
            "key": "deviations",
            "label": "Deviations open",
            "url": reverse("agreements:agreement-list") + "?deviation=any",
            "value": Deviation.objects.visible_to(user).open().count(),
        },
        {
            "key": "organizations",
            "label": "Organizations",
            "url": reverse("partnerships:organization-list"),
            "value": Organization.objects.visible_to(user).count(),
        },
        {
            "key": "people",
            "label": "People",
            "url": reverse("people:person-list"),
            "value": Person.objects.visible_to(user).count(),
        },
    ]


def has_partnerships(*, user) -> bool:
    return Partnership.objects.visible_to(user).exists()
