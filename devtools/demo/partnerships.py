"""Demo portfolio: partners, partnerships across every model and phase, milestones, funding."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from partnerships import services
from partnerships.models import (
    FundingMechanism,
    MemberRole,
    MilestoneStatus,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Partnership,
    PartnershipModel,
    Phase,
)

K = OrganizationKind
# name, kind, country, sector, website
ORGANIZATIONS = [
    ("Northbridge University", K.UNIVERSITY, "GB", "Higher education", "https://northbridge.example.ac.uk"),
    ("Eastfield Institute of Technology", K.UNIVERSITY, "NL", "Higher education", "https://eastfield.example.nl"),
    ("Acme Robotics", K.COMPANY, "DE", "Industrial robotics", "https://acme-robotics.example.com"),
    ("Globex Analytics", K.COMPANY, "US", "Retail analytics", "https://globex.example.com"),
    ("Initech Materials", K.COMPANY, "GB", "Advanced materials", "https://initech.example.com"),
    ("Helix Biotherapeutics", K.COMPANY, "CH", "Biotechnology", "https://helix-bio.example.ch"),
    ("Vantage Semiconductors", K.COMPANY, "JP", "Semiconductors", "https://vantage-semi.example.jp"),
    ("Orbital Logistics", K.COMPANY, "FR", "Logistics", "https://orbital-logistics.example.fr"),
    ("Applied Computing Institute", K.RESEARCH_INSTITUTE, "DE", "Applied research", "https://aci.example.de"),
    ("National Research Council", K.GOVERNMENT_FUNDER, "GB", "Public research funding", "https://nrc.example.gov.uk"),
    ("Innovation Agency", K.GOVERNMENT_FUNDER, "GB", "Innovation funding", "https://innovation.example.gov.uk"),
    ("Lumen Foundation", K.FOUNDATION, "GB", "Philanthropy", "https://lumen.example.org"),
]
UNITS = [("Acme Robotics Research Lab", "Acme Robotics", K.COMPANY, "Industrial robotics")]

M, P, R = PartnershipModel, Phase, MemberRole
# title, model, phase, members [(org, role)], areas, start offset (days), years, objectives
PARTNERSHIPS = [
    (
        "Dexterous grasping for warehouse robots",
        M.SPONSORED_RESEARCH,
        P.ACTIVE,
        [("Northbridge University", R.ACADEMIC_LEAD), ("Acme Robotics", R.LEAD_SPONSOR)],
        ["Robotics", "Machine learning"],
        -400,
        3,
        "Learn robust grasps for unseen parcels; publish a benchmark; transfer the models to Acme's pickers.",
    ),
    (
        "Retail demand forecasting lab",
        M.COLLABORATIVE_RESEARCH,
        P.PILOT,
        [("Northbridge University", R.ACADEMIC_LEAD), ("Globex Analytics", R.LEAD_SPONSOR)],
        ["Machine learning", "Operations research"],
        -120,
        1,
        "A one-year pilot on probabilistic demand forecasts; decide on a three-year programme at its end.",
    ),
    (
        "Sustainable materials consortium",
        M.CONSORTIUM,
        P.EXPANDING,
        [
            ("Northbridge University", R.ACADEMIC_LEAD),
            ("Initech Materials", R.CONSORTIUM_MEMBER),
            ("Vantage Semiconductors", R.CONSORTIUM_MEMBER),
            ("Orbital Logistics", R.CONSORTIUM_MEMBER),
            ("National Research Council", R.FUNDER),
        ],
        ["Materials science", "Sustainability"],
        -700,
        5,
        "Pre-competitive research on recyclable polymers and low-carbon packaging shared by all members.",
    ),
    (
        "Centre for Trustworthy Autonomy",
        M.JOINT_RESEARCH_CENTRE,
        P.ACTIVE,
        [
            ("Northbridge University", R.ACADEMIC_LEAD),
            ("Acme Robotics", R.LEAD_SPONSOR),
            ("Applied Computing Institute", R.SPONSOR),
        ],
        ["Robotics", "AI safety"],
        -900,
        5,
        "A joint centre with co-located researchers and shared compute.",
    ),
    (
        "Joint PhD programme in computational biology",
        M.JOINT_PHD,
        P.ACTIVE,
        [("Northbridge University", R.ACADEMIC_LEAD), ("Helix Biotherapeutics", R.LEAD_SPONSOR)],
        ["Computational biology"],
        -500,
        4,
        "Six co-supervised PhD students with placements at Helix.",
    ),
    (
        "Chip thermal modelling study",
        M.CONTRACT_RESEARCH,
        P.CLOSED,
        [("Eastfield Institute of Technology", R.ACADEMIC_LEAD), ("Vantage Semiconductors", R.LEAD_SPONSOR)],
        ["Semiconductors"],
        -800,
        1,
        "A fixed-scope study of thermal hotspots; report delivered.",
    ),
    (
        "Green logistics matching-fund programme",
        M.MATCHING_FUND,
        P.RENEWAL,
        [
            ("Northbridge University", R.ACADEMIC_LEAD),
            ("Orbital Logistics", R.LEAD_SPONSOR),
            ("Innovation Agency", R.FUNDER),
        ],
        ["Operations research", "Sustainability"],
        -1000,
        3,
        "Agency funds match Orbital's cash one to one.",
    ),
    (
        "Industry fellows exchange",
        M.TALENT_EXCHANGE,
        P.EXPLORING,
        [("Northbridge University", R.ACADEMIC_LEAD), ("Globex Analytics", R.SPONSOR), ("Lumen Foundation", R.FUNDER)],
        ["Machine learning"],
        30,
        2,
        "Two-way secondments between Globex data scientists and the department.",
    ),
]

# partnership, source, mechanism, amount, currency, in-kind kind, description, paid share
FUNDING = [
    (
        "Dexterous grasping for warehouse robots",
        "Acme Robotics",
        FundingMechanism.DIRECT_SPONSORSHIP,
        "450000",
        "EUR",
        "",
        "Three-year research budget",
        Decimal("0.5"),
    ),
    (
        "Dexterous grasping for warehouse robots",
        "Acme Robotics",
        FundingMechanism.IN_KIND,
        "80000",
        "EUR",
        "equipment",
        "Two picking cells on loan",
        Decimal("1"),
    ),
    (
        "Retail demand forecasting lab",
        "Globex Analytics",
        FundingMechanism.DIRECT_SPONSORSHIP,
        "120000",
        "USD",
        "",
        "Pilot year",
        Decimal("0.25"),
    ),
    (
        "Retail demand forecasting lab",
        "Globex Analytics",
        FundingMechanism.IN_KIND,
        "60000",
        "USD",
        "dataset",
        "Five years of anonymised store sales",
        Decimal("1"),
    ),
    (
        "Sustainable materials consortium",
        "Initech Materials",
        FundingMechanism.CONSORTIUM_FEE,
        "75000",
        "GBP",
        "",
        "Annual membership fee",
        Decimal("1"),
    ),
    (
        "Sustainable materials consortium",
        "Vantage Semiconductors",
        FundingMechanism.CONSORTIUM_FEE,
        "75000",
        "GBP",
        "",
        "Annual membership fee",
        Decimal("1"),
    ),
    (
        "Sustainable materials consortium",
        "Orbital Logistics",
        FundingMechanism.CONSORTIUM_FEE,
        "75000",
        "GBP",
        "",
        "Annual membership fee",
        Decimal("0"),
    ),
    (
        "Sustainable materials consortium",
        "National Research Council",
        FundingMechanism.MATCHING_FUNDS,
        "225000",
        "GBP",
        "",
        "Council match of member fees",
        Decimal("0.6"),
    ),
    (
        "Sustainable materials consortium",
        "Vantage Semiconductors",
        FundingMechanism.IN_KIND,
        "40000",
        "GBP",
        "compute",
        "Simulation cluster time",
        Decimal("0.5"),
    ),
    (
        "Centre for Trustworthy Autonomy",
        "Acme Robotics",
        FundingMechanism.DIRECT_SPONSORSHIP,
        "1500000",
        "GBP",
        "",
        "Five-year centre funding",
        Decimal("0.4"),
    ),
    (
        "Centre for Trustworthy Autonomy",
        "Applied Computing Institute",
        FundingMechanism.IN_KIND,
        "200000",
        "GBP",
        "expertise",
        "Two seconded research engineers",
        Decimal("0.3"),
    ),
    (
        "Joint PhD programme in computational biology",
        "Helix Biotherapeutics",
        FundingMechanism.COST_SHARE,
        "360000",
        "GBP",
        "",
        "Half of six studentships",
        Decimal("0.5"),
    ),
    (
        "Chip thermal modelling study",
        "Vantage Semiconductors",
        FundingMechanism.DIRECT_SPONSORSHIP,
        "90000",
        "EUR",
        "",
        "Fixed price",
        Decimal("1"),
    ),
    (
        "Green logistics matching-fund programme",
        "Orbital Logistics",
        FundingMechanism.DIRECT_SPONSORSHIP,
        "300000",
        "GBP",
        "",
        "Cash contribution",
        Decimal("0.8"),
    ),
    (
        "Green logistics matching-fund programme",
        "Innovation Agency",
        FundingMechanism.MATCHING_FUNDS,
        "300000",
        "GBP",
        "",
        "One-to-one match",
        Decimal("0.8"),
    ),
    (
        "Industry fellows exchange",
        "Lumen Foundation",
        FundingMechanism.GIFT,
        "50000",
        "GBP",
        "",
        "Fellowship gift",
        Decimal("0"),
    ),
]


def seed_organizations() -> dict[str, Organization]:
    organizations = {}
    for name, kind, country, sector, website in ORGANIZATIONS:
        organizations[name] = Organization.objects.filter(name=name).first() or services.organization_create(
            actor=None,
            data={
                "name": name,
                "kind": kind,
                "country": country,
                "sector": sector,
                "website": website,
                "status": OrganizationStatus.ACTIVE,
            },
        )
    for name, parent, kind, sector in UNITS:
        organizations[name] = Organization.objects.filter(name=name).first() or services.organization_create(
            actor=None, data={"name": name, "kind": kind, "sector": sector, "parent": organizations[parent]}
        )
    return organizations


def seed_partnership(row, organizations, owner, people) -> Partnership:
    title, model, phase, members, areas, start_offset, years, objectives = row
    existing = Partnership.objects.filter(title=title).first()
    if existing:
        return existing
    today = timezone.localdate()
    start = today + timedelta(days=start_offset)
    partnership = services.partnership_create(
        actor=owner,
        data={
            "title": title,
            "model": model,
            "owner": owner,
            "start_date": start,
            "end_date": date(start.year + years, start.month, 1),
            "objectives": objectives,
            "research_areas": services.research_areas_ensure(names=areas),
            "internal_notes": f"Relationship owner's notes on {title.lower()}: budget cycle closes in Q3.",
        },
        members=[(organizations[name], role) for name, role in members],
        phase=Phase.PILOT if phase != Phase.EXPLORING else Phase.EXPLORING,
    )
    if partnership.phase != phase:
        services.partnership_change_phase(
            partnership=partnership, to_phase=phase, actor=owner, reason="Steering committee decision"
        )
    lead_person = people.get("Priya Raman")
    milestones = [
        ("Kick-off workshop", start + timedelta(days=30), MilestoneStatus.DONE),
        (
            "First progress report",
            start + timedelta(days=180),
            MilestoneStatus.DONE if start_offset < -200 else MilestoneStatus.PLANNED,
        ),
        ("Interim review", today - timedelta(days=10), MilestoneStatus.IN_PROGRESS),
        ("Annual report to sponsors", today + timedelta(days=60), MilestoneStatus.PLANNED),
    ]
    for milestone_title, due, status in milestones:
        services.milestone_create(
            partnership=partnership,
            actor=owner,
            data={"title": milestone_title, "due_date": due, "status": status, "owner": lead_person},
        )
    return partnership


def seed_funding(partnerships, organizations, owner) -> None:
    today = timezone.localdate()
    for title, source, mechanism, amount, currency, in_kind_kind, description, paid in FUNDING:
        partnership = partnerships[title]
        if partnership.funding.filter(source=organizations[source], mechanism=mechanism).exists():
            continue
        commitment = services.funding_create(
            partnership=partnership,
            actor=owner,
            data={
                "source": organizations[source],
                "mechanism": mechanism,
                "amount": Decimal(amount),
                "currency": currency,
                "in_kind_kind": in_kind_kind,
                "description": description,
                "start_date": partnership.start_date,
                "end_date": partnership.end_date,
            },
        )
        half = (commitment.amount / 2).quantize(Decimal("0.01"))
        services.instalment_add(commitment=commitment, actor=owner, due_date=partnership.start_date, amount=half)
        services.instalment_add(
            commitment=commitment, actor=owner, due_date=today + timedelta(days=90), amount=commitment.amount - half
        )
        if paid:
            services.payment_record(
                commitment=commitment,
                actor=owner,
                received_on=partnership.start_date,
                amount=(commitment.amount * paid).quantize(Decimal("0.01")),
                reference=f"INV-{commitment.pk:05d}",
            )


def seed(context) -> dict:
    organizations = seed_organizations()
    return {"organizations": organizations}


def seed_portfolio(context) -> dict:
    """Partnerships need people (milestone owners), so this runs after the people seed."""
    owner = context["users"]["staff"]
    partnerships = {
        row[0]: seed_partnership(row, context["organizations"], owner, context.get("people", {}))
        for row in PARTNERSHIPS
    }
    seed_funding(partnerships, context["organizations"], owner)
    return {"partnerships": partnerships}


def summary() -> dict[str, int]:
    return {"organizations": Organization.objects.count(), "partnerships": Partnership.objects.count()}
