"""Access-matrix rows for the people and placement pages and API (see tests/test_access_matrix.py).

Detail and write rows act on Acme's objects: an Acme engineer, and a university student's
internship hosted at Acme within Acme's partnership. Acme's liaison may read them but not
change them (403); Globex's liaison gets 404, as if they did not exist. A university
professor is nobody's business but the office's: both liaisons get 404.
"""

from datetime import date

from django.urls import reverse

from people.csv_import import PEOPLE_COLUMNS
from people.models import ImportBatch, ParticipationRole, PersonKind
from tests.access import Row, statuses
from tests.people.factories import AffiliationFactory, ParticipationFactory, PersonFactory, PlacementFactory


def people_objects(personas, acme, university, acme_partnership) -> dict:
    """The scenario's people: added to tests/test_access_matrix.py's `scenario`."""
    engineer = PersonFactory(first_name="Erik", last_name="Acme", email="erik@acme.example", kind=PersonKind.ENGINEER)
    AffiliationFactory(person=engineer, organization=acme, title="Engineer")
    professor = PersonFactory(first_name="Priya", last_name="Northbridge", email="priya@nu.example")
    AffiliationFactory(person=professor, organization=university, title="Professor")
    # Leads Acme's partnership and consults for Acme: a conflict of interest to clear.
    ParticipationFactory(person=professor, partnership=acme_partnership, role=ParticipationRole.PRINCIPAL_INVESTIGATOR)
    AffiliationFactory(person=professor, organization=acme, title="Consultant")
    dean = PersonFactory(first_name="Dana", last_name="Dean", email="dean@nu.example")
    AffiliationFactory(person=dean, organization=university, title="Dean")
    student = PersonFactory(first_name="Sam", last_name="Student", email="sam@nu.example")
    AffiliationFactory(person=student, organization=university, title="PhD candidate")
    batch = ImportBatch.objects.create(
        kind="people",
        filename="people.csv",
        created_by=personas["staff"],
        rows=[{"line": 2, "values": dict.fromkeys(PEOPLE_COLUMNS, ""), "extra_cells": False}],
    )
    return {
        "acme_person": engineer,
        "acme_affiliation": engineer.affiliations.get(),
        "acme_participation": ParticipationFactory(person=engineer, partnership=acme_partnership),
        "university_person": dean,
        "conflicted_pi": professor,
        "acme_placement": PlacementFactory(
            person=student, partnership=acme_partnership, home_organization=university, host_organization=acme
        ),
        "import_batch": batch,
    }


READ_ALL = statuses(302, signed_in=200)
INTERNAL_READ = statuses(302, internal=200, liaisons=403)
EDITORS_ONLY = statuses(302, admin=200, staff=200, viewer=403, liaisons=403)
EDITORS_POST = statuses(302, admin=302, staff=302, viewer=403, liaisons=403)
ACME_READ = statuses(302, internal=200, acme_liaison=200, globex_liaison=404)
OFFICE_ONLY_READ = statuses(302, internal=200, liaisons=404)
ACME_WRITE_FORM = statuses(302, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)
ACME_WRITE_POST = statuses(302, admin=302, staff=302, viewer=403, acme_liaison=403, globex_liaison=404)
ACME_WRITE_DOWNLOAD = statuses(302, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)

API_READ_ALL = statuses(401, signed_in=200)
API_ACME_READ = statuses(401, internal=200, acme_liaison=200, globex_liaison=404)
API_CREATE = statuses(401, admin=201, staff=201, viewer=403, liaisons=403)
API_ACME_WRITE = statuses(401, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)


def _url(name, *keys):
    return lambda s: reverse(name, args=[s[key].pk for key in keys])


def _placement_form(s) -> dict:
    return {
        "person": s["acme_person"].pk,
        "kind": "secondment_to_academia",
        "home_organization": s["acme"].pk,
        "host_organization": s["university"].pk,
        "partnership": s["acme_partnership"].pk,
        "start_date": "2026-01-01",
        "end_date": "2026-03-31",
        "status": "planned",
    }


PEOPLE_ROWS = [
    # People pages
    Row("people:person-list", "get", READ_ALL),
    Row("people:person-create", "get", EDITORS_ONLY),
    Row(
        "people:person-create",
        "post",
        EDITORS_POST,
        data={"first_name": "New", "last_name": "Person", "kind": "faculty"},
    ),
    Row("people:person-detail", "get", ACME_READ, path=_url("people:person-detail", "acme_person")),
    Row("people:person-detail", "get", OFFICE_ONLY_READ, path=_url("people:person-detail", "university_person")),
    Row(
        "people:person-tab",
        "get",
        ACME_READ,
        path=lambda s: reverse("people:person-tab", args=[s["acme_person"].pk, "outputs"]),
    ),
    Row(
        "people:person-tab",
        "get",
        OFFICE_ONLY_READ,
        path=lambda s: reverse("people:person-tab", args=[s["university_person"].pk, "outputs"]),
    ),
    Row("people:person-update", "get", ACME_WRITE_FORM, path=_url("people:person-update", "acme_person")),
    Row(
        "people:person-update",
        "post",
        ACME_WRITE_POST,
        path=_url("people:person-update", "acme_person"),
        data=lambda s: {
            "first_name": "Erik",
            "last_name": "Acme",
            "kind": "engineer",
            "version": s["acme_person"].version,
        },
    ),
    Row(
        "people:affiliation-add",
        "post",
        ACME_WRITE_POST,
        path=_url("people:affiliation-add", "acme_person"),
        data=lambda s: {"organization": s["university"].pk, "title": "Visiting", "start_date": "2026-01-01"},
    ),
    Row(
        "people:affiliation-remove",
        "post",
        ACME_WRITE_POST,
        path=_url("people:affiliation-remove", "acme_person", "acme_affiliation"),
    ),
    Row(
        "people:participation-add",
        "post",
        ACME_WRITE_POST,
        path=_url("people:participation-add", "acme_person"),
        data=lambda s: {"partnership": s["acme_partnership"].pk, "role": "industry_mentor"},
    ),
    Row(
        "people:participation-remove",
        "post",
        ACME_WRITE_POST,
        path=_url("people:participation-remove", "acme_person", "acme_participation"),
    ),
    Row(
        "people:person-data-export",
        "post",
        ACME_WRITE_DOWNLOAD,
        path=_url("people:person-data-export", "acme_person"),
    ),
    Row("people:person-erase", "get", ACME_WRITE_FORM, path=_url("people:person-erase", "acme_person")),
    Row(
        "people:person-erase",
        "post",
        ACME_WRITE_POST,
        path=_url("people:person-erase", "acme_person"),
        data={"confirm": "ERASE"},
    ),
    # Conflicts of interest: the office's review, never shown to partners.
    Row("people:conflict-list", "get", INTERNAL_READ),
    Row(
        "people:conflict-clear",
        "post",
        EDITORS_POST,
        data=lambda s: {
            "person": s["conflicted_pi"].pk,
            "organization": s["acme"].pk,
            "partnership": s["acme_partnership"].pk,
            "note": "Unpaid advisory role, declared.",
        },
    ),
    # Imports: a batch is its uploader's (staff's); anyone else's is "not found".
    Row("people:import-upload", "get", EDITORS_ONLY),
    Row(
        "people:import-upload",
        "post",
        statuses(302, admin=400, staff=400, viewer=403, liaisons=403),  # no file: the form says so
        data={"kind": "people"},
    ),
    Row(
        "people:import-preview",
        "get",
        statuses(302, admin=404, staff=200, viewer=403, liaisons=403),
        path=_url("people:import-preview", "import_batch"),
    ),
    Row(
        "people:import-confirm",
        "post",
        # The kept row is empty, so the import is refused (400) and writes nothing.
        statuses(302, admin=404, staff=400, viewer=403, liaisons=403),
        path=_url("people:import-confirm", "import_batch"),
    ),
    Row(
        "people:import-template",
        "get",
        EDITORS_ONLY,
        path=lambda s: reverse("people:import-template", args=["placements"]),
    ),
    # Placement pages
    Row("people:placement-list", "get", READ_ALL),
    Row("people:placement-create", "get", EDITORS_ONLY),
    Row("people:placement-create", "post", EDITORS_POST, data=_placement_form),
    Row("people:placement-detail", "get", ACME_READ, path=_url("people:placement-detail", "acme_placement")),
    Row("people:placement-update", "get", ACME_WRITE_FORM, path=_url("people:placement-update", "acme_placement")),
    Row(
        "people:placement-update",
        "post",
        ACME_WRITE_POST,
        path=_url("people:placement-update", "acme_placement"),
        data=lambda s: {
            "person": s["acme_placement"].person_id,
            "kind": "internship",
            "home_organization": s["university"].pk,
            "host_organization": s["acme"].pk,
            "partnership": s["acme_partnership"].pk,
            "start_date": "2025-06-01",
            "end_date": "2025-09-30",
            "status": "completed",
            "outcome": "hired_by_host",
            "version": s["acme_placement"].version,
        },
    ),
    # API
    Row("person-list", "get", API_READ_ALL),
    Row("person-list", "post", API_CREATE, data={"first_name": "Api", "last_name": "Person", "kind": "postdoc"}),
    Row("person-detail", "get", API_ACME_READ, path=_url("person-detail", "acme_person")),
    Row(
        "person-detail",
        "get",
        statuses(401, internal=200, liaisons=404),
        path=_url("person-detail", "university_person"),
    ),
    Row(
        "person-detail",
        "patch",
        API_ACME_WRITE,
        path=_url("person-detail", "acme_person"),
        data=lambda s: {"orcid": "0000-0002-1825-0097", "version": s["acme_person"].version},
        json=True,
    ),
    Row("placement-list", "get", API_READ_ALL),
    Row("placement-list", "post", API_CREATE, data=_placement_form),
    Row("placement-detail", "get", API_ACME_READ, path=_url("placement-detail", "acme_placement")),
    Row(
        "placement-detail",
        "patch",
        API_ACME_WRITE,
        path=_url("placement-detail", "acme_placement"),
        data=lambda s: {"end_date": str(date(2025, 9, 30)), "version": s["acme_placement"].version},
        json=True,
    ),
]
