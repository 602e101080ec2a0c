from datetime import date, timedelta

from django.utils import timezone

from people import services
from people.models import (
    Affiliation,
    CareerOutcome,
    Participation,
    ParticipationRole,
    Person,
    PersonKind,
    Placement,
    PlacementKind,
    PlacementStatus,
)

K = PersonKind
# first, last, kind, organization, title, login
PEOPLE = [
    ("Priya", "Raman", K.FACULTY, "Northbridge University", "Professor of Robotics", None),
    ("Tomás", "Ibarra", K.FACULTY, "Northbridge University", "Reader in Machine Learning", None),
    ("Mei", "Chen", K.PHD_STUDENT, "Northbridge University", "PhD candidate", None),
    ("Jonas", "Berg", K.POSTDOC, "Eastfield Institute of Technology", "Research fellow", None),
    ("Liam", "Carter", K.LIAISON, "Acme Robotics", "University partnerships manager", "acme-liaison"),
    ("Grace", "Moreau", K.LIAISON, "Globex Analytics", "Head of external research", "globex-liaison"),
    ("Hannah", "Schulz", K.INDUSTRY_RESEARCHER, "Acme Robotics Research Lab", "Senior research engineer", None),
    ("Omar", "Haddad", K.INDUSTRY_RESEARCHER, "Globex Analytics", "Data scientist", None),
    ("Lucas", "Silva", K.PHD_STUDENT, "Northbridge University", "PhD candidate", None),
    ("Ravi", "Patel", K.PHD_STUDENT, "Northbridge University", "PhD candidate", None),
    ("Nora", "Eriksen", K.PHD_STUDENT, "Northbridge University", "PhD candidate", None),
    ("Aisha", "Khan", K.MASTERS_STUDENT, "Northbridge University", "MSc student", None),
    ("Pieter", "de Vries", K.MASTERS_STUDENT, "Eastfield Institute of Technology", "MSc student", None),
    ("Sofia", "Rossi", K.INDUSTRY_RESEARCHER, "Initech Materials", "Polymer chemist", None),
    ("Daniel", "Okoye", K.INDUSTRY_RESEARCHER, "Helix Biotherapeutics", "Head of computational biology", None),
    ("Kenji", "Watanabe", K.ENGINEER, "Vantage Semiconductors", "Thermal design engineer", None),
    ("Claire", "Dubois", K.ENGINEER, "Orbital Logistics", "Operations research lead", None),
    ("Lena", "Vogel", K.POSTDOC, "Applied Computing Institute", "Research scientist", None),
    ("Martin", "Hughes", K.ADMINISTRATOR, "National Research Council", "Programme manager", None),
    ("Rachel", "Adams", K.ADMINISTRATOR, "Innovation Agency", "Innovation lead", None),
    ("Ibrahim", "Saleh", K.ADMINISTRATOR, "Lumen Foundation", "Grants officer", None),
]
ORCIDS = {
    "Priya Raman": "0000-0002-1825-0097",
    "Tomás Ibarra": "0000-0003-1234-5674",
    "Jonas Berg": "0000-0002-4455-6671",
    "Mei Chen": "0000-0001-7788-990X",
}

R = ParticipationRole
# person, partnership, role
ROLES = [
    ("Priya Raman", "Dexterous grasping for warehouse robots", R.PRINCIPAL_INVESTIGATOR),
    ("Mei Chen", "Dexterous grasping for warehouse robots", R.STUDENT),
    ("Hannah Schulz", "Dexterous grasping for warehouse robots", R.INDUSTRY_MENTOR),
    ("Liam Carter", "Dexterous grasping for warehouse robots", R.LIAISON),
    ("Grace Moreau", "Retail demand forecasting lab", R.LIAISON),
    ("Tomás Ibarra", "Retail demand forecasting lab", R.PRINCIPAL_INVESTIGATOR),
    ("Tomás Ibarra", "Centre for Trustworthy Autonomy", R.PRINCIPAL_INVESTIGATOR),
    ("Lena Vogel", "Centre for Trustworthy Autonomy", R.RESEARCHER),
    ("Priya Raman", "Joint PhD programme in computational biology", R.PRINCIPAL_INVESTIGATOR),
    ("Lucas Silva", "Joint PhD programme in computational biology", R.STUDENT),
    ("Daniel Okoye", "Joint PhD programme in computational biology", R.INDUSTRY_MENTOR),
    ("Jonas Berg", "Chip thermal modelling study", R.PRINCIPAL_INVESTIGATOR),
    ("Sofia Rossi", "Sustainable materials consortium", R.CO_INVESTIGATOR),
    ("Claire Dubois", "Green logistics matching-fund programme", R.CO_INVESTIGATOR),
    ("Omar Haddad", "Industry fellows exchange", R.RESEARCHER),
]

P, S, OUT = PlacementKind, PlacementStatus, CareerOutcome
NU, EIT = "Northbridge University", "Eastfield Institute of Technology"
# person, kind, home, host, partnership, advisor, mentor, start (days from today), days, status, outcome
PLACEMENTS = [
    ("Mei Chen", P.INTERNSHIP, NU, "Acme Robotics", "Dexterous grasping for warehouse robots",
     "Priya Raman", "Hannah Schulz", -700, 90, S.COMPLETED, OUT.CONTINUED_STUDY),
    ("Lucas Silva", P.JOINT_PHD, NU, "Helix Biotherapeutics", "Joint PhD programme in computational biology",
     "Priya Raman", "Daniel Okoye", -400, 1460, S.ACTIVE, ""),
    ("Hannah Schulz", P.SECONDMENT_TO_ACADEMIA, "Acme Robotics Research Lab", NU, "Centre for Trustworthy Autonomy",
     "Tomás Ibarra", None, -260, 180, S.COMPLETED, OUT.OTHER),
    ("Tomás Ibarra", P.JOINT_APPOINTMENT, NU, "Acme Robotics", "Centre for Trustworthy Autonomy",
     None, "Hannah Schulz", -100, None, S.ACTIVE, ""),
    ("Pieter de Vries", P.INTERNSHIP, EIT, "Vantage Semiconductors", "Chip thermal modelling study",
     "Jonas Berg", "Kenji Watanabe", -500, 120, S.COMPLETED, OUT.HIRED_BY_HOST),
    ("Aisha Khan", P.HIRE_AFTER_GRADUATION, NU, "Orbital Logistics", "Green logistics matching-fund programme",
     "Priya Raman", "Claire Dubois", -150, 0, S.COMPLETED, OUT.HIRED_BY_HOST),
    ("Nora Eriksen", P.VISITING_RESEARCHER, NU, "Applied Computing Institute", "Centre for Trustworthy Autonomy",
     "Tomás Ibarra", None, -300, 90, S.COMPLETED, OUT.STAYED_IN_ACADEMIA),
    ("Ravi Patel", P.SECONDMENT_TO_INDUSTRY, NU, "Initech Materials", "Sustainable materials consortium",
     "Priya Raman", "Sofia Rossi", -420, 180, S.COMPLETED, OUT.HIRED_BY_OTHER_PARTNER),
    ("Lena Vogel", P.VISITING_RESEARCHER, "Applied Computing Institute", NU, "Centre for Trustworthy Autonomy",
     "Tomás Ibarra", None, 30, 60, S.PLANNED, ""),
    ("Omar Haddad", P.SECONDMENT_TO_ACADEMIA, "Globex Analytics", NU, "Industry fellows exchange",
     "Tomás Ibarra", None, -30, 150, S.ACTIVE, ""),
    ("Omar Haddad", P.SECONDMENT_TO_ACADEMIA, "Globex Analytics", NU, "Retail demand forecasting lab",
     "Tomás Ibarra", None, 200, 90, S.CANCELLED, ""),
]  # fmt: skip
# A second, current affiliation that makes a conflict of interest to review.
EXTRA_AFFILIATIONS = [("Jonas Berg", "Vantage Semiconductors", "Visiting engineer")]


def seed(context) -> dict:
    organizations, users = context["organizations"], context["users"]
    people = {}
    for first, last, kind, organization, title, login in PEOPLE:
        name = f"{first} {last}"
        person, created = Person.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "kind": kind,
                "email": f"{first}.{last}@example.org".lower().replace(" ", "").replace("á", "a"),
                "orcid": ORCIDS.get(name, ""),
                "user": users.get(login) if login else None,
            },
        )
        if created:
            Affiliation.objects.create(
                person=person, organization=organizations[organization], title=title, start_date=date(2022, 9, 1)
            )
        people[name] = person
    return {"people": people}


def seed_placements(context) -> dict:
    """Roles in partnerships, and placements of every kind and outcome: needs the partnerships."""
    people, partnerships, organizations = context["people"], context["partnerships"], context["organizations"]
    staff = context["users"]["staff"]
    for name, organization, title in EXTRA_AFFILIATIONS:
        if not Affiliation.objects.filter(person=people[name], organization=organizations[organization]).exists():
            services.affiliation_add(
                person=people[name],
                actor=staff,
                data={"organization": organizations[organization], "title": title, "start_date": date(2024, 1, 1)},
            )
    for name, title, role in ROLES:
        if not Participation.objects.filter(person=people[name], partnership=partnerships[title], role=role).exists():
            services.participation_add(person=people[name], partnership=partnerships[title], role=role, actor=staff)
    today = timezone.localdate()
    for row in PLACEMENTS:
        name, kind, home, host, title, advisor, mentor, start_offset, days, status, outcome = row
        start = today + timedelta(days=start_offset)
        if Placement.objects.filter(person=people[name], kind=kind, partnership=partnerships[title]).exists():
            continue
        services.placement_create(
            actor=staff,
            data={
                "person": people[name],
                "kind": kind,
                "home_organization": organizations[home],
                "host_organization": organizations[host],
                "partnership": partnerships[title],
                "academic_advisor": people.get(advisor),
                "industry_mentor": people.get(mentor),
                "start_date": start,
                "end_date": start + timedelta(days=days) if days is not None else None,
                "status": status,
                "outcome": outcome,
                "notes": f"Arranged through {title}.",
            },
        )
    return {}


def summary() -> dict[str, int]:
    return {"people": Person.objects.count(), "placements": Placement.objects.count()}
