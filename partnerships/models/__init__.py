from partnerships.models.funding import (
    CASH_MECHANISMS,
    Currency,
    FundingCommitment,
    FundingMechanism,
    InKindKind,
    Instalment,
    Payment,
)
from partnerships.models.organizations import Organization, OrganizationKind, OrganizationStatus
from partnerships.models.partnerships import (
    MemberRole,
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipMember,
    PartnershipModel,
    Phase,
    PhaseChange,
    ResearchArea,
)

__all__ = [
    "CASH_MECHANISMS",
    "Currency",
    "FundingCommitment",
    "FundingMechanism",
    "InKindKind",
    "Instalment",
    "MemberRole",
    "Milestone",
    "MilestoneStatus",
    "Organization",
    "OrganizationKind",
    "OrganizationStatus",
    "Partnership",
    "PartnershipMember",
    "PartnershipModel",
    "Payment",
    "Phase",
    "PhaseChange",
    "ResearchArea",
]
