"""Every write to partners, partnerships and funding, with its rules. Views, API and admin call these."""

from partnerships.services.funding import (
    funding_create,
    funding_delete,
    funding_update,
    instalment_add,
    payment_record,
)
from partnerships.services.organizations import organization_create, organization_update
from partnerships.services.partnerships import (
    milestone_create,
    milestone_update,
    partnership_change_phase,
    partnership_create,
    partnership_member_add,
    partnership_member_remove,
    partnership_update,
    research_areas_ensure,
)

__all__ = [
    "funding_create",
    "funding_delete",
    "funding_update",
    "instalment_add",
    "milestone_create",
    "milestone_update",
    "organization_create",
    "organization_update",
    "partnership_change_phase",
    "partnership_create",
    "partnership_member_add",
    "partnership_member_remove",
    "partnership_update",
    "payment_record",
    "research_areas_ensure",
]
