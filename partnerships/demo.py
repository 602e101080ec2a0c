from partnerships.models import Organization, OrganizationKind, OrganizationStatus

# name, kind, country, sector, website
ORGANIZATIONS = [
    (
        "Northbridge University",
        OrganizationKind.UNIVERSITY,
        "GB",
        "Higher education",
        "https://northbridge.example.ac.uk",
    ),
    (
        "Eastfield Institute of Technology",
        OrganizationKind.UNIVERSITY,
        "NL",
        "Higher education",
        "https://eastfield.example.nl",
    ),
    ("Acme Robotics", OrganizationKind.COMPANY, "DE", "Industrial robotics", "https://acme-robotics.example.com"),
    ("Globex Analytics", OrganizationKind.COMPANY, "US", "Retail analytics", "https://globex.example.com"),
    ("Initech Materials", OrganizationKind.COMPANY, "GB", "Advanced materials", "https://initech.example.com"),
    ("Helix Biotherapeutics", OrganizationKind.COMPANY, "CH", "Biotechnology", "https://helix-bio.example.ch"),
    ("Fraunhofer-style Applied Computing Institute", OrganizationKind.RESEARCH_INSTITUTE, "DE", "Applied research", ""),
    ("National Research Council", OrganizationKind.GOVERNMENT_FUNDER, "GB", "Public research funding", ""),
    ("Lumen Foundation", OrganizationKind.FOUNDATION, "GB", "Philanthropy", "https://lumen.example.org"),
]
UNITS = [
    # name, parent, kind, sector
    ("Acme Robotics Research Lab", "Acme Robotics", OrganizationKind.COMPANY, "Industrial robotics"),
]


def seed(context) -> dict:
    organizations = {}
    for name, kind, country, sector, website in ORGANIZATIONS:
        organizations[name], _ = Organization.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "country": country,
                "sector": sector,
                "website": website,
                "status": OrganizationStatus.ACTIVE,
            },
        )
    for name, parent, kind, sector in UNITS:
        organizations[name], _ = Organization.objects.get_or_create(
            name=name, defaults={"kind": kind, "sector": sector, "parent": organizations[parent]}
        )
    return {"organizations": organizations}


def summary() -> dict[str, int]:
    return {"organizations": Organization.objects.count()}
