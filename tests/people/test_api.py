"""/api/v1/people/ and /api/v1/placements/: the same rules as the pages, through the same services."""

import pytest

from people.models import Person, Placement
from tests.api.openapi import assert_conforms
from tests.people.factories import AffiliationFactory, ParticipationFactory, PersonFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_staff_creates_a_person_with_an_affiliation(client_as, staff_user, university):
    response = client_as(staff_user).post(
        "/api/v1/people/",
        {
            "first_name": "Mei",
            "last_name": "Chen",
            "email": "mei@example.org",
            "orcid": "https://orcid.org/0000-0001-7788-990x",
            "kind": "phd_student",
            "affiliation": {"organization": university.pk, "title": "PhD candidate"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["orcid"] == "0000-0001-7788-990X"
    assert body["affiliations"][0]["organization"]["name"] == "Northbridge University"


def test_a_bad_orcid_is_a_400_on_the_field(client_as, staff_user):
    response = client_as(staff_user).post(
        "/api/v1/people/", {"first_name": "A", "last_name": "B", "kind": "faculty", "orcid": "0000-0001-7788-9901"}
    )
    assert response.status_code == 400
    assert "check digit" in response.json()["error"]["fields"]["orcid"][0]


def test_a_stale_person_edit_is_refused_with_409(client_as, staff_user):
    person = PersonFactory()
    client = client_as(staff_user)
    path = f"/api/v1/people/{person.pk}/"
    assert client.patch(path, {"notes": "one", "version": 1}, content_type="application/json").status_code == 200
    response = client.patch(path, {"notes": "two", "version": 1}, content_type="application/json")
    assert response.status_code == 409
    assert Person.objects.get(pk=person.pk).notes == "one"


def test_an_overlapping_placement_is_a_400_with_the_clash(client_as, staff_user, acme_partnership, university, acme):
    existing = PlacementFactory(partnership=acme_partnership)
    response = client_as(staff_user).post(
        "/api/v1/placements/",
        {
            "person": existing.person_id,
            "kind": "joint_phd",
            "home_organization": university.pk,
            "host_organization": acme.pk,
            "start_date": "2025-08-01",
            "status": "planned",
        },
    )
    assert response.status_code == 400
    assert "already has a placement" in response.json()["error"]["fields"]["start_date"][0]
    assert Placement.objects.count() == 1


def test_a_liaison_cannot_reference_a_rival_person(client_as, staff_user, globex_liaison, globex):
    """Ids resolve through visible_to: one the caller may not see is like one that does not exist."""
    rival = AffiliationFactory(organization=globex).person
    response = client_as(globex_liaison).get(f"/api/v1/people/{rival.pk}/")
    assert response.status_code == 200  # their own organization's person
    response = client_as(globex_liaison).get(f"/api/v1/people/{PersonFactory().pk}/")
    assert response.status_code == 404


def test_placement_filters_work_in_the_api(client_as, viewer_user, acme_partnership):
    PlacementFactory(partnership=acme_partnership)
    client = client_as(viewer_user)
    assert client.get("/api/v1/placements/", {"status": "completed", "year": 2025}).json()["count"] == 1
    assert client.get("/api/v1/placements/", {"kind": "joint_phd"}).json()["count"] == 0


# --- Answers match the OpenAPI schema (cases tests/api/test_fuzz.py found) -------------------------


def test_a_person_read_by_a_liaison_without_contact_details_matches_the_schema(acme_liaison, acme_partnership):
    # The schema required `email` and `notes`, keys a liaison gets only for their own organization's people.
    person = ParticipationFactory(partnership=acme_partnership).person
    response = assert_conforms(acme_liaison, "GET", "/api/v1/people/{id}/", path_parameters={"id": person.pk})
    assert "email" not in response.json() and "notes" not in response.json()


def test_a_person_without_an_email_matches_the_schema(staff_user):
    # A read-only EmailField loses allow_blank, so the schema refused "".
    person = PersonFactory(email="")
    response = assert_conforms(staff_user, "GET", "/api/v1/people/{id}/", path_parameters={"id": person.pk})
    assert response.json()["email"] == ""


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_a_placement_without_an_outcome_matches_the_schema(request, persona, acme_partnership):
    # The outcome's blank choice was not in the schema's enum, and a liaison gets no `notes`,
    # which the schema required.
    placement = PlacementFactory(partnership=acme_partnership, outcome="", status="active")
    assert_conforms(
        request.getfixturevalue(persona), "GET", "/api/v1/placements/{id}/", path_parameters={"id": placement.pk}
    )
