"""Agreement filters shared by the list page and the API."""

import django_filters

from accounts.models import Role, User
from agreements.models import Agreement, AgreementKind, AgreementStatus, Deviation
from agreements.playbook import Severity
from partnerships.models import Organization, Partnership


def _visible_partnerships(request):
    return (
        Partnership.objects.none()
        if request is None
        else Partnership.objects.visible_to(request.user).order_by("title")
    )


def _visible_organizations(request):
    return (
        Organization.objects.none()
        if request is None
        else Organization.objects.visible_to(request.user).order_by("name")
    )


def _owners(request):
    return User.objects.filter(role__in=[Role.ADMIN, Role.STAFF], is_active=True).order_by("first_name", "last_name")


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label="Status")
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, empty_label="Any kind")
    partnership = django_filters.ModelChoiceFilter(queryset=_visible_partnerships, empty_label="Any partnership")
    party = django_filters.ModelChoiceFilter(
        queryset=_visible_organizations,
        field_name="parties__organization",
        label="Party",
        empty_label="Any party",
        distinct=True,
    )
    owner = django_filters.ModelChoiceFilter(queryset=_owners, label="Owner", empty_label="Any owner")
    expiring_before = django_filters.DateFilter(field_name="expiry_date", lookup_expr="lte", label="Expiring by")
    deviation = django_filters.ChoiceFilter(
        choices=[("any", "Any deviation"), *Severity.choices],
        method="with_deviation",
        label="Deviations",
        empty_label="Deviations: any or none",
    )
    ordering = django_filters.OrderingFilter(
        fields=[
            ("reference", "reference"),
            ("title", "title"),
            ("status", "status"),
            ("expiry_date", "expiry"),
            ("updated_at", "updated"),
        ],
        label="Sort by",
    )

    class Meta:
        model = Agreement
        fields = ["q", "status", "kind", "partnership", "party", "owner", "expiring_before", "deviation"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def with_deviation(self, queryset, name, value):
        """Agreements with an open deviation from the playbook (of that severity)."""
        deviations = Deviation.objects.open()
        if value != "any":
            deviations = deviations.filter(severity=value)
        return queryset.filter(pk__in=deviations.values("agreement_id"))
