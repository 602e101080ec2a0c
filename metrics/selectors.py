"""Dashboard reads. Every figure goes through `visible_to(user)`."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus, Deviation, ReviewRound, ReviewStatus
from agreements.terms import OPEN_STATUSES
from core import roles
from partnerships.models import Milestone, Organization, Partnership, Phase
from people.models import Person

# Past this, a card says "1,000+": the list it links to has the exact number. Counting every
# row would make the dashboard slower as the portfolio grows; counting up to a cap costs at most
# that many index entries.
ATTENTION_CAP = 1000


def count_up_to(queryset, cap: int) -> tuple[int, bool]:
    """(how many rows, counted no further than `cap`; whether there are more than `cap`).

    One query, SELECT count(*) FROM (SELECT ... LIMIT cap + 1): it stops reading after cap + 1 rows.
    """
    found = queryset.order_by()[: cap + 1].count()
    return min(found, cap), found > cap


def _card(key: str, label: str, url: str, queryset) -> dict:
    value, capped = count_up_to(queryset, ATTENTION_CAP)
    return {"key": key, "label": label, "url": url, "value": value, "capped": capped}


def dashboard_cards(*, user) -> list[dict]:
    today = timezone.localdate()
    horizon = today + timedelta(days=90)
    open_phases = [phase for phase in Phase.values if phase != Phase.CLOSED]
    agreements = reverse("agreements:agreement-list")
    cards = [
        # "Not closed" spelt as the open phases: an IN list the phase index serves, which "<>" is not.
        _card(
            "partnerships",
            "Open partnerships",
            reverse("partnerships:partnership-list"),
            Partnership.objects.visible_to(user).filter(phase__in=open_phases),
        ),
        _card(
            "agreements",
            "Agreements open",
            agreements + "?" + "&".join(f"status={s}" for s in OPEN_STATUSES),
            Agreement.objects.visible_to(user).open(),
        ),
        _card(
            "reviews",
            "Reviews waiting",
            reverse("agreements:review-list") + f"?status={ReviewStatus.OPEN}",
            ReviewRound.objects.visible_to(user).filter(status=ReviewStatus.OPEN),
        ),
        _card(
            "overdue",
            "Overdue milestones",
            reverse("workspace:task-list"),
            Milestone.objects.visible_to(user).overdue(),
        ),
        _card(
            "expiring",
            "Expiring in 90 days",
            agreements + f"?status=executed&expiring_before={horizon:%Y-%m-%d}",
            Agreement.objects.visible_to(user).filter(
                status=AgreementStatus.EXECUTED, expiry_date__range=(today, horizon)
            ),
        ),
    ]
    if roles.is_internal(user):  # deviations are the office's negotiating positions: no card for partners
        cards.append(
            _card(
                "deviations",
                "Deviations open",
                reverse("agreements:deviation-list") + "?state=open",
                Deviation.objects.visible_to(user).open(),
            )
        )
    cards += [
        _card(
            "organizations",
            "Organizations",
            reverse("partnerships:organization-list"),
            Organization.objects.visible_to(user),
        ),
        _card("people", "People", reverse("people:person-list"), Person.objects.visible_to(user)),
    ]
    return cards


def has_partnerships(*, user) -> bool:
    return Partnership.objects.visible_to(user).exists()
