"""What the partner, partnership and funding lists export (see core/exports)."""

from django.db.models import Case, CharField, DecimalField, F, Value, When
from django.db.models.functions import Concat
from django_countries import countries

from core.exports import Column, ExportTable, choice_label, register
from core.exports.expressions import joined, label_of, person_name
from partnerships import selectors
from partnerships.filters import FundingFilter, OrganizationFilter, PartnershipFilter
from partnerships.models import (
    FundingMechanism,
    InKindKind,
    MemberRole,
    OrganizationKind,
    OrganizationStatus,
    Partnership,
    PartnershipMember,
    PartnershipModel,
    Phase,
)


def _country_name(code):
    return countries.name(code) if code else ""


ORGANIZATIONS = register(
    ExportTable(
        key="organizations",
        title="Partners",
        list_url_name="partnerships:organization-list",
        filterset_class=OrganizationFilter,
        # The partnership count is the user's own: partnerships they may see (as on the list).
        visible_rows=selectors.organizations_for_list,
        columns=(
            Column("Name", "name"),
            Column("Kind", "kind", choice_label(OrganizationKind.choices)),
            Column("Country", "country", _country_name),
            Column("Sector", "sector"),
            Column("Status", "status", choice_label(OrganizationStatus.choices)),
            Column("Parent", "parent__name"),
            Column("Website", "website"),
            Column("Partnerships", "partnership_count"),
        ),
    )
)


def _partnerships(user):
    # The members cell lists rows of another model, so it is narrowed by who asks (visible_to),
    # as the list page's members are: built here rather than in a column.
    role = label_of("role", MemberRole.choices)
    member = Concat(F("organization__name"), Value(" ("), role, Value(")"), output_field=CharField())
    members = PartnershipMember.objects.visible_to(user)
    return selectors.partnerships_for_list(user).annotate(
        export_members=joined(members, "partnership", member, ordering=("role", "organization__name"))
    )


def _research_areas():
    # Shared reference rows every reader sees (ResearchArea's SharedQuerySet), read through the
    # link table: narrowing them by reader would change nothing and cost a subquery per row.
    areas = Partnership.research_areas.through.objects.all()
    return joined(areas, "partnership", F("researcharea__name"), ordering="researcharea__name", separator=", ")


PARTNERSHIPS = register(
    ExportTable(
        key="partnerships",
        title="Partnerships",
        list_url_name="partnerships:partnership-list",
        filterset_class=PartnershipFilter,
        visible_rows=_partnerships,
        columns=(
            Column("Title", "title"),
            Column("Model", "model", choice_label(PartnershipModel.choices)),
            Column("Phase", "phase", choice_label(Phase.choices)),
            Column("Members", "export_members"),
            Column("Research areas", _research_areas()),
            Column("Owner", person_name("owner")),
            Column("Start", "start_date"),
            Column("End", "end_date"),
            Column("Overdue milestones", "overdue_milestones"),
        ),
    )
)


def _in_kind_valuation():
    money = DecimalField(max_digits=14, decimal_places=2)
    return Case(When(mechanism=FundingMechanism.IN_KIND, then=F("amount")), default=None, output_field=money)


FUNDING = register(
    ExportTable(
        key="funding",
        title="Funding",
        list_url_name="partnerships:funding-list",
        filterset_class=FundingFilter,
        visible_rows=selectors.funding_for_list,
        columns=(
            Column("Partnership", "partnership__title"),
            Column("Source", "source__name"),
            Column("Mechanism", "mechanism", choice_label(FundingMechanism.choices)),
            Column("In-kind contribution", "in_kind_kind", choice_label(InKindKind.choices)),
            Column("In-kind valuation", _in_kind_valuation()),
            Column("Amount", "amount"),
            Column("Currency", "currency"),
            Column("Received", "received"),
            Column("Outstanding", "outstanding"),
            Column("Start", "start_date"),
            Column("End", "end_date"),
            Column("Description", "description"),
        ),
    )
)
