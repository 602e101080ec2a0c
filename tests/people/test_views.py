"""The people and placement pages as staff, viewers and liaisons use them."""

import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ChangeLog
from people.models import ConflictClearance, ParticipationRole, Person, Placement, PlacementKind, PlacementStatus
from tests.partnerships.factories import OrganizationFactory, PartnershipFactory
from tests.people.factories import AffiliationFactory, ParticipationFactory, PersonFactory, PlacementFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"people:{name}", args=args)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.fixture
def acme_engineer(acme):
    person = PersonFactory(first_name="Erik", last_name="Engineer", email="erik@acme.example", notes="Acme note")
    AffiliationFactory(person=person, organization=acme, title="Engineer")
    return person


@pytest.fixture
def student_at_acme(university, acme, acme_partnership):
    """A university student interning at Acme: Acme's liaison sees them, but not their e-mail or notes."""
    person = PersonFactory(first_name="Sam", last_name="Student", email="sam@nu.example", notes="Private note")
    AffiliationFactory(person=person, organization=university, title="PhD candidate")
    PlacementFactory(person=person, partnership=acme_partnership, notes="Placement note about Sam")
    return person


# --- Lists --------------------------------------------------------------------------------


def test_person_list_runs_the_same_queries_for_1_and_25_rows(client_as, staff_user, acme, university):
    client = client_as(staff_user)
    AffiliationFactory(organization=acme)
    one = _queries(client, url("person-list"))
    for n in range(24):
        person = PersonFactory()
        AffiliationFactory(person=person, organization=acme)
        AffiliationFactory(person=person, organization=university, title=f"Title {n}")
    assert _queries(client, url("person-list")) == one


def test_person_list_runs_the_same_queries_for_a_liaison(client_as, acme_liaison, acme):
    client = client_as(acme_liaison)
    one = _queries(client, url("person-list"))
    for _ in range(24):
        AffiliationFactory(organization=acme)
    assert _queries(client, url("person-list")) == one


def test_placement_list_runs_the_same_queries_for_1_and_25_rows(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)
    PlacementFactory(partnership=acme_partnership)
    one = _queries(client, url("placement-list"))
    for _ in range(24):
        PlacementFactory(
            partnership=acme_partnership, academic_advisor=PersonFactory(), industry_mentor=PersonFactory()
        )
    assert _queries(client, url("placement-list")) == one


def test_api_lists_run_the_same_queries_for_1_and_25_rows(client_as, staff_user, acme_partnership, acme):
    client = client_as(staff_user)
    PlacementFactory(partnership=acme_partnership)
    people, placements = _queries(client, "/api/v1/people/"), _queries(client, "/api/v1/placements/")
    for _ in range(24):
        placement = PlacementFactory(partnership=acme_partnership, academic_advisor=PersonFactory())
        AffiliationFactory(person=placement.person, organization=acme)
        ParticipationFactory(person=placement.person, partnership=acme_partnership)
    assert (_queries(client, "/api/v1/people/"), _queries(client, "/api/v1/placements/")) == (people, placements)


def test_person_list_filters_by_kind_organization_partnership_and_search(
    client_as, viewer_user, acme, acme_engineer, acme_partnership, student_at_acme
):
    client = client_as(viewer_user)
    ParticipationFactory(person=student_at_acme, partnership=acme_partnership, role=ParticipationRole.STUDENT)

    def names(**params):
        return {p.full_name for p in client.get(url("person-list"), params).context["page_obj"]}

    assert names(organization=acme.pk) == {"Erik Engineer"}
    assert names(partnership=acme_partnership.pk) == {"Sam Student"}
    assert names(q="engin") == {"Erik Engineer"}
    assert names(kind="faculty", q="Sam") == {"Sam Student"}


def test_placement_list_filters_by_kind_status_organization_partnership_and_year(
    client_as, staff_user, acme_partnership, globex_partnership, acme
):
    PlacementFactory(partnership=acme_partnership, person__last_name="Early", start_date=date(2023, 6, 1),
                     end_date=date(2023, 8, 1))  # fmt: skip
    PlacementFactory(
        partnership=globex_partnership,
        person__last_name="Joint",
        kind=PlacementKind.JOINT_PHD,
        status=PlacementStatus.ACTIVE,
        outcome="",
        start_date=date(2024, 9, 1),
        end_date=None,
    )
    client = client_as(staff_user)

    def names(**params):
        response = client.get(url("placement-list"), params)
        return {p.person.last_name for p in response.context["page_obj"]}

    assert names(kind="joint_phd") == {"Joint"}
    assert names(status="completed") == {"Early"}
    assert names(organization=acme.pk) == {"Early"}
    assert names(partnership=globex_partnership.pk) == {"Joint"}
    assert names(year=2023) == {"Early"}
    assert names(year=2026) == {"Joint"}  # open-ended: still going
    assert names(q="joint") == {"Joint"}


def test_htmx_filtering_returns_only_the_results(client_as, staff_user, acme_engineer):
    response = client_as(staff_user).get(url("person-list"), {"q": "Erik"}, **HTMX)
    assert b"<html" not in response.content and b"Erik" in response.content


def test_exports_follow_the_filters_and_hide_outsiders_emails_from_a_liaison(
    client_as, acme_liaison, acme_engineer, student_at_acme
):
    response = client_as(acme_liaison).get(reverse("reports:export", args=["people"]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "erik@acme.example" in content
    assert "Sam" in content and "sam@nu.example" not in content
    response = client_as(acme_liaison).get(reverse("reports:export", args=["placements"]))
    assert "Sam Student" in b"".join(response.streaming_content).decode("utf-8-sig")


# --- Liaisons -------------------------------------------------------------------------------


def test_liaison_sees_their_people_and_placed_students_without_outsiders_contact_or_notes(
    client_as, acme_liaison, acme_engineer, student_at_acme
):
    client = client_as(acme_liaison)
    page = client.get(url("person-list")).content.decode()
    assert "erik@acme.example" in page and "sam@nu.example" not in page
    student_page = client.get(url("person-detail", student_at_acme.pk)).content.decode()
    assert "sam@nu.example" not in student_page and "Private note" not in student_page
    assert 'data-testid="person-placements"' in student_page
    engineer_page = client.get(url("person-detail", acme_engineer.pk)).content.decode()
    assert "erik@acme.example" in engineer_page and "Acme note" in engineer_page
    placement = student_at_acme.placements.get()
    placement_page = client.get(url("placement-detail", placement.pk)).content.decode()
    assert "Placement note about Sam" not in placement_page
    assert "History" not in placement_page


def test_liaison_cannot_see_rival_people_or_placements(client_as, globex_liaison, acme_engineer, student_at_acme):
    client = client_as(globex_liaison)
    assert client.get(url("person-detail", acme_engineer.pk)).status_code == 404
    assert client.get(url("person-detail", student_at_acme.pk)).status_code == 404
    assert client.get(url("placement-detail", student_at_acme.placements.get().pk)).status_code == 404
    assert not client.get(url("placement-list")).context["page_obj"].object_list


def test_liaison_does_not_see_placements_outside_their_partnerships(client_as, acme_liaison, university, acme):
    # Hosted at Acme, but in no partnership Acme belongs to.
    other = PartnershipFactory(lead=university, sponsor=OrganizationFactory(name="Hooli"))
    PlacementFactory(partnership=None, home_organization=university, host_organization=acme)
    PlacementFactory(partnership=other)
    assert not client_as(acme_liaison).get(url("placement-list")).context["page_obj"].object_list


def test_api_hides_outsiders_email_and_notes_from_a_liaison(client_as, acme_liaison, acme_engineer, student_at_acme):
    client = client_as(acme_liaison)
    people = {p["last_name"]: p for p in client.get("/api/v1/people/").json()["results"]}
    assert people["Engineer"]["email"] == "erik@acme.example"
    assert "email" not in people["Student"] and "notes" not in people["Student"]
    [placement] = client.get("/api/v1/placements/").json()["results"]
    assert "notes" not in placement
    # Only Acme's side of the student's affiliations shows.
    assert people["Student"]["affiliations"] == []


# --- Person page --------------------------------------------------------------------------


def test_person_page_shows_affiliations_roles_placements_and_history(
    client_as, staff_user, student_at_acme, acme_partnership
):
    ParticipationFactory(person=student_at_acme, partnership=acme_partnership, role=ParticipationRole.STUDENT)
    response = client_as(staff_user).get(url("person-detail", student_at_acme.pk))
    content = response.content.decode()
    assert "PhD candidate" in content and "Acme robot grasping" in content and "Student" in content
    assert list(response.context["placements"]) == list(student_at_acme.placements.all())
    assert "sam@nu.example" in content and "Private note" in content


def test_staff_creates_a_person_and_a_bad_orcid_keeps_what_was_typed(client_as, staff_user, university):
    client = client_as(staff_user)
    data = {"first_name": "Ada", "last_name": "Lovelace", "kind": "faculty", "orcid": "0000-0002-1825-0098",
            "organization": university.pk, "title": "Professor"}  # fmt: skip
    response = client.post(url("person-create"), data)
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert 'value="Lovelace"' in response.content.decode()
    assert not Person.objects.filter(last_name="Lovelace").exists()
    response = client.post(url("person-create"), {**data, "orcid": "https://orcid.org/0000-0002-1825-0097"})
    person = Person.objects.get(last_name="Lovelace")
    assert response["Location"] == person.get_absolute_url()
    assert person.orcid == "0000-0002-1825-0097"
    assert person.affiliations.get().organization == university


def test_overlapping_placement_is_refused_on_the_form_with_the_clash(
    client_as, staff_user, student_at_acme, acme_partnership, university, acme
):
    data = {
        "person": student_at_acme.pk,
        "kind": "secondment_to_industry",
        "home_organization": university.pk,
        "host_organization": acme.pk,
        "partnership": acme_partnership.pk,
        "start_date": "2025-07-01",
        "end_date": "2025-12-31",
        "status": "completed",
    }
    response = client_as(staff_user).post(url("placement-create"), data)
    assert response.status_code == 200
    assert "already has a placement in this period" in response.content.decode()
    assert student_at_acme.placements.count() == 1


def test_staff_adds_an_affiliation_and_a_partnership_role(
    client_as, staff_user, acme_engineer, university, acme_partnership
):
    client = client_as(staff_user)
    client.post(url("affiliation-add", acme_engineer.pk), {"organization": university.pk, "title": "Visiting"})
    client.post(
        url("participation-add", acme_engineer.pk), {"partnership": acme_partnership.pk, "role": "industry_mentor"}
    )
    assert acme_engineer.affiliations.count() == 2
    assert acme_engineer.participations.get().role == "industry_mentor"
    response = client.post(
        url("participation-add", acme_engineer.pk), {"partnership": acme_partnership.pk, "role": "industry_mentor"}
    )
    assert response.status_code == 400 and "already has this role" in response.content.decode()


def test_personal_data_export_is_json_and_recorded(client_as, staff_user, student_at_acme):
    response = client_as(staff_user).post(url("person-data-export", student_at_acme.pk))
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["email"] == "sam@nu.example" and len(data["placements"]) == 1
    assert ChangeLog.objects.filter(object_id=student_at_acme.pk, action="personal data exported").exists()


def test_erasure_needs_the_word_and_then_anonymises(client_as, staff_user, student_at_acme):
    # A name of its own for the signed-in user, shown in the menu and the history: not "Samantha".
    staff_user.first_name, staff_user.last_name = "Olive", "Officer"
    staff_user.save()
    client = client_as(staff_user)
    response = client.post(url("person-erase", student_at_acme.pk), {"confirm": "erase"})
    assert response.status_code == 200 and "Type ERASE" in response.content.decode()
    client.post(url("person-erase", student_at_acme.pk), {"confirm": "ERASE"})
    student_at_acme.refresh_from_db()
    assert student_at_acme.is_erased and student_at_acme.email == ""
    assert Placement.objects.filter(person=student_at_acme).count() == 1
    page = client.get(url("person-detail", student_at_acme.pk)).content.decode()
    assert not re.search(r"\bSam\b|\bStudent\b", page)
    assert "sam@nu.example" not in page and "Private note" not in page
    assert "Personal data erased" in page


# --- Conflicts of interest ----------------------------------------------------------------


@pytest.fixture
def conflicted_pi(university, acme, acme_partnership):
    person = PersonFactory(first_name="Priya", last_name="Raman")
    AffiliationFactory(person=person, organization=university, title="Professor")
    ParticipationFactory(person=person, partnership=acme_partnership, role=ParticipationRole.PRINCIPAL_INVESTIGATOR)
    PlacementFactory(
        person=person,
        partnership=acme_partnership,
        kind=PlacementKind.JOINT_APPOINTMENT,
        status=PlacementStatus.ACTIVE,
        outcome="",
        start_date=timezone.localdate() - timedelta(days=30),
        end_date=None,
    )
    return person


def test_conflict_is_flagged_on_the_person_page_the_partnership_page_and_the_list(
    client_as, staff_user, conflicted_pi, acme_partnership
):
    client = client_as(staff_user)
    for path in (url("person-detail", conflicted_pi.pk), acme_partnership.get_absolute_url(), url("conflict-list")):
        content = client.get(path).content.decode()
        assert 'data-testid="conflict"' in content, path
        assert "Clear with note" in content


def test_staff_clears_a_conflict_with_a_note_and_it_is_recorded(
    client_as, staff_user, conflicted_pi, acme, acme_partnership
):
    client = client_as(staff_user)
    response = client.post(
        url("conflict-clear"),
        {"person": conflicted_pi.pk, "organization": acme.pk, "partnership": acme_partnership.pk,
         "note": "Joint appointment approved by the ethics board", "next": url("person-detail", conflicted_pi.pk)},
    )  # fmt: skip
    assert response["Location"] == url("person-detail", conflicted_pi.pk)
    clearance = ConflictClearance.objects.get()
    assert (clearance.cleared_by, clearance.note) == (staff_user, "Joint appointment approved by the ethics board")
    assert 'data-testid="no-conflicts"' in client.get(url("conflict-list")).content.decode()
    assert "approved by the ethics board" in client.get(url("conflict-list") + "?show=all").content.decode()


def test_conflict_clear_refuses_an_outside_redirect(client_as, staff_user, conflicted_pi, acme, acme_partnership):
    response = client_as(staff_user).post(
        url("conflict-clear"),
        {"person": conflicted_pi.pk, "organization": acme.pk, "partnership": acme_partnership.pk, "note": "ok",
         "next": "https://evil.example/"},
    )  # fmt: skip
    assert response["Location"] == url("conflict-list")


def test_viewers_see_conflicts_but_cannot_clear_and_liaisons_never_see_them(
    client_as, viewer_user, acme_liaison, conflicted_pi, acme_partnership
):
    content = client_as(viewer_user).get(url("person-detail", conflicted_pi.pk)).content.decode()
    assert 'data-testid="conflict"' in content and "Clear with note" not in content
    partnership_page = client_as(acme_liaison).get(acme_partnership.get_absolute_url()).content.decode()
    assert 'data-testid="conflict"' not in partnership_page


def test_person_page_and_data_export_list_their_outputs(client_as, staff_user, acme_partnership):
    from outputs.models import Output

    person = PersonFactory(first_name="Mei", last_name="Chen")
    paper = Output.objects.create(
        partnership=acme_partnership, kind="publication", title="Grasping benchmark", date=date(2026, 3, 1)
    )
    paper.people.add(person)
    client = client_as(staff_user)
    page = client.get(url("person-detail", person.pk)).content.decode()
    assert f'hx-get="{url("person-tab", person.pk, "outputs")}"' in page  # loaded when shown
    assert "Grasping benchmark" in client.get(url("person-tab", person.pk, "outputs")).content.decode()
    exported = client.post(url("person-data-export", person.pk))
    body = json.loads(b"".join(exported.streaming_content) if exported.streaming else exported.content)
    assert [output["title"] for output in body["outputs"]] == ["Grasping benchmark"]
