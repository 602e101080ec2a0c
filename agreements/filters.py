"""Agreement filters shared by the list page and the API."""

import django_filters
from django import forms
from django.db.models import Q

from agreements.models import Agreement, AgreementKind, AgreementStatus, Deviation, ReviewRound, ReviewStatus
from agreements.playbook import Severity
from core.filters import OrderingFilter
from core.lookups import filter_queryset
from core.widgets import LookupSelect

# Pickers (core/widgets.py): the page lists the chosen row only; /lookup/<kind>/ offers the
# same queryset the filter validates against.
_visible_partnerships = filter_queryset("partnerships")
_visible_organizations = filter_queryset("organizations")
_owners = filter_queryset("owners")


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    # A column of the agreement itself: no join, so no DISTINCT (django-filter adds one by default,
    # and counting distinct rows compares every column of every matching row).
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label="Status", distinct=False)
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, empty_label="Any kind")
    partnership = django_filters.ModelChoiceFilter(
        queryset=_visible_partnerships, empty_label="Any partnership", widget=LookupSelect("partnerships")
    )
    party = django_filters.ModelChoiceFilter(
        queryset=_visible_organizations,
        widget=LookupSelect("organizations"),
        field_name="parties__organization",
        label="Party",
        empty_label="Any party",
        distinct=True,
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=_owners, label="Owner", empty_label="Any owner", widget=LookupSelect("owners")
    )
    expiring_before = django_filters.DateFilter(field_name="expiry_date", lookup_expr="lte", label="Expiring by")
    deviation = django_filters.ChoiceFilter(
        choices=[("any", "Any deviation"), *Severity.choices],
        method="with_deviation",
        label="Deviations",
        empty_label="Deviations: any or none",
    )
    ordering = OrderingFilter(
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
        # Through visible_to: the office's positions must not leak to partners as a filter.
        user = self.request.user if self.request is not None else None
        deviations = Deviation.objects.visible_to(user).open()
        if value != "any":
            deviations = deviations.filter(severity=value)
        return queryset.filter(pk__in=deviations.values("agreement_id"))


class DeviationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    state = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("resolved", "Resolved")],
        method="in_state",
        label="State",
        empty_label="Open or resolved",
    )
    sign_off = django_filters.ChoiceFilter(
        choices=[("needed", "Needing sign-off"), ("signed", "Signed off")],
        method="by_sign_off",
        label="Sign-off",
        empty_label="Any",
    )
    partnership = django_filters.ModelChoiceFilter(
        queryset=_visible_partnerships,
        widget=LookupSelect("partnerships"),
        field_name="agreement__partnership",
        label="Partnership",
        empty_label="Any partnership",
    )
    ordering = OrderingFilter(
        fields=[
            ("agreement__reference", "agreement"),
            ("term_label", "term"),
            ("severity_rank", "severity"),
            ("found_at", "found"),
            ("resolved_at", "resolved"),
        ],
        label="Sort by",
    )

    class Meta:
        model = Deviation
        fields = ["q", "severity", "state", "sign_off", "partnership"]

    def search(self, queryset, name, value):
        """The agreement's reference and title, the term, the standard position and the agreed value."""
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(agreement__reference__icontains=word)
                | Q(agreement__title__icontains=word)
                | Q(term_label__icontains=word)
                | Q(standard_position__icontains=word)
                | Q(actual__icontains=word)
            )
        return queryset

    def in_state(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=value == "open")

    def by_sign_off(self, queryset, name, value):
        if value == "needed":
            return queryset.needing_sign_off()
        return queryset.filter(signed_off_at__isnull=False)


_organizations_with_rounds = filter_queryset("reviewed-organizations")


class ReviewRoundFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, empty_label="Any status")
    organization = django_filters.ModelChoiceFilter(
        queryset=_organizations_with_rounds,
        label="Organization",
        empty_label="Any organization",
        widget=LookupSelect("reviewed-organizations"),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due by", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = ReviewRound
        fields = ["status", "organization", "due_before"]
