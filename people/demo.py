from datetime import date

from people.models import Affiliation, Person, PersonKind

# first, last, kind, organization, title, login
PEOPLE = [
    ("Priya", "Raman", PersonKind.FACULTY, "Northbridge University", "Professor of Robotics", None),
    ("Tomás", "Ibarra", PersonKind.FACULTY, "Northbridge University", "Reader in Machine Learning", None),
    ("Mei", "Chen", PersonKind.PHD_STUDENT, "Northbridge University", "PhD candidate", None),
    ("Jonas", "Berg", PersonKind.POSTDOC, "Eastfield Institute of Technology", "Research fellow", None),
    ("Liam", "Carter", PersonKind.LIAISON, "Acme Robotics", "University partnerships manager", "acme-liaison"),
    ("Grace", "Moreau", PersonKind.LIAISON, "Globex Analytics", "Head of external research", "globex-liaison"),
    (
        "Hannah",
        "Schulz",
        PersonKind.INDUSTRY_RESEARCHER,
        "Acme Robotics Research Lab",
        "Senior research engineer",
        None,
    ),
    ("Omar", "Haddad", PersonKind.INDUSTRY_RESEARCHER, "Globex Analytics", "Data scientist", None),
]


def seed(context) -> dict:
    organizations, users = context["organizations"], context["users"]
    people = {}
    for first, last, kind, organization, title, login in PEOPLE:
        person, created = Person.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "kind": kind,
                "email": f"{first}.{last}@example.org".lower(),
                "user": users.get(login) if login else None,
            },
        )
        if created:
            Affiliation.objects.create(
                person=person, organization=organizations[organization], title=title, start_date=date(2022, 9, 1)
            )
        people[f"{first} {last}"] = person
    return {"people": people}


def summary() -> dict[str, int]:
    return {"people": Person.objects.count()}
