"""Searchable pickers: /lookup/<kind>/ offers what the field validates, and pages list only the chosen rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import ReviewRound
from core import lookups
from partnerships.models import OrganizationKind
from tests.partnerships.factories import OrganizationFactory, PartnershipFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def lookup(client, kind, **query):
    return client.get(reverse("lookup", args=[kind]), query)


def labels(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["label"] for row in response.json()]


def options(page: str) -> int:
    return len(re.findall(r"<option\b", page))


# Scoping per role


def test_staff_finds_any_organization_by_part_of_its_name(client_as, staff_user, acme, globex):
    assert labels(lookup(client_as(staff_user), "organizations", q="acm")) == ["Acme Robotics"]
    assert "Globex Analytics" in labels(lookup(client_as(staff_user), "organizations"))


def test_liaison_finds_only_their_own_organization_and_partnerships(
    client_as, acme_liaison, globex, acme_partnership, globex_partnership
):
    client = client_as(acme_liaison)
    assert labels(lookup(client, "organizations")) == ["Acme Robotics"]
    assert labels(lookup(client, "organizations", q="globex")) == []
    assert labels(lookup(client, "partnerships")) == [acme_partnership.title]


def test_liaison_cannot_narrow_by_a_rival_partnership(client_as, acme_liaison, globex_partnership):
    response = lookup(client_as(acme_liaison), "organizations", not_member_of=globex_partnership.pk)
    assert response.status_code == 404
    assert "Globex" not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = lookup(client, "organizations")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Narrowing: the same queryset the field validates against


def test_member_picker_offers_only_organizations_not_yet_members(client_as, staff_user, acme_partnership, globex):
    offered = labels(lookup(client_as(staff_user), "organizations", not_member_of=acme_partnership.pk))
    assert "Globex Analytics" in offered
    assert "Acme Robotics" not in offered and "Northbridge University" not in offered


def test_academic_lead_picker_offers_universities_and_institutes(client_as, staff_user, university, acme):
    OrganizationFactory(name="Fraunhofer Robotics", kind=OrganizationKind.RESEARCH_INSTITUTE)
    offered = labels(lookup(client_as(staff_user), "organizations", academic=1))
    assert offered == ["Fraunhofer Robotics", "Northbridge University"]


def test_review_filter_offers_organizations_with_rounds_a_user_may_see(
    client_as, staff_user, acme_liaison, acme_agreement, acme, globex_agreement, globex
):
    from tests.agreements.factories import ReviewRoundFactory

    ReviewRoundFactory(agreement=acme_agreement, organization=acme)
    ReviewRoundFactory(agreement=globex_agreement, organization=globex)
    assert ReviewRound.objects.count() == 2
    assert labels(lookup(client_as(staff_user), "reviewed-organizations")) == [
        "Acme Robotics",
        "Globex Analytics",
    ]
    assert labels(lookup(client_as(acme_liaison), "reviewed-organizations")) == ["Acme Robotics"]


def test_placement_picker_leaves_out_erased_people(client_as, staff_user):
    PersonFactory(first_name="Ada", last_name="Lovelace")
    erased = PersonFactory(first_name="Ada", last_name="Gone")
    type(erased).objects.filter(pk=erased.pk).update(erased_at="2026-01-01T00:00Z")
    assert labels(lookup(client_as(staff_user), "people", q="ada", current=1)) == ["Ada Lovelace"]


def test_endpoint_and_field_share_one_queryset(staff_user, acme_partnership, globex):
    from partnerships.forms import MemberForm

    field = MemberForm(partnership=acme_partnership).fields["organization"]
    endpoint = lookups.get("organizations").queryset(staff_user, not_member_of=acme_partnership)
    assert list(field.queryset) == list(endpoint)


# Limit and bad input


def test_at_most_twenty_matches(client_as, staff_user):
    for n in range(30):
        OrganizationFactory(name=f"Widget Works {n:02}")
    assert len(labels(lookup(client_as(staff_user), "organizations", q="widget"))) == lookups.LIMIT


@pytest.mark.parametrize(
    ("kind", "query", "status"),
    [
        ("organizations", {"q": "x" * 101}, 400),
        ("organizations", {"q": "a\x00b"}, 400),
        ("organizations", {"not_member_of": "abc"}, 400),
        ("organizations", {"not_member_of": "²"}, 400),
        ("organizations", {"not_member_of": "99999999999999999999"}, 400),
        ("organizations", {"not_member_of": "999999"}, 404),
        ("organizations", {"academic": "yes"}, 400),
        ("nothing-like-this", {}, 404),
        ("organizations", {"q": "' OR 1=1 --"}, 200),
        ("organizations", {"q": "!!! & | :*"}, 200),
    ],
)
def test_bad_input_is_refused_never_a_server_error(client_as, staff_user, kind, query, status):
    response = lookup(client_as(staff_user), kind, **query)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


# Pages list the chosen rows only, whatever the number of rows


@pytest.fixture
def many(acme_partnership):
    """60 organizations and 60 people besides the personas' own."""
    for n in range(60):
        AffiliationFactory(person=PersonFactory(last_name=f"Person {n:02}"), organization=OrganizationFactory())
        PartnershipFactory(title=f"Partnership {n:02}")


def test_list_filters_render_only_the_chosen_option(client_as, staff_user, acme, many):
    client = client_as(staff_user)
    for name in ("partnerships:partnership-list", "agreements:agreement-list", "people:person-list", "output-list"):
        page = client.get(reverse(name), {"member": acme.pk, "party": acme.pk}).content.decode()
        assert options(page) < 40, name
    page = client.get(reverse("partnerships:partnership-list"), {"member": acme.pk}).content.decode()
    assert f'<option value="{acme.pk}" selected>Acme Robotics</option>' in page
    assert 'value="Acme Robotics"' in page  # the search box shows the choice


def test_partnership_and_person_pages_render_no_option_per_row(client_as, staff_user, acme_partnership, many):
    client = client_as(staff_user)
    page = client.get(reverse("partnerships:partnership-detail", args=[acme_partnership.pk])).content.decode()
    assert options(page) < 40
    assert "Organization 1" not in page and "Person 01" not in page
    person = PersonFactory()
    page = client.get(reverse("people:person-detail", args=[person.pk])).content.decode()
    assert options(page) < 40 and "Partnership 01" not in page


def _queries(client, path, query=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, query or {}).status_code == 200
    return len(captured)


def test_page_query_counts_do_not_grow_with_rows(client_as, staff_user, acme, acme_partnership):
    client = client_as(staff_user)
    paths = [
        (reverse("partnerships:partnership-list"), {"member": acme.pk}),
        (reverse("partnerships:partnership-detail", args=[acme_partnership.pk]), None),
        (reverse("reports:report-list"), None),
    ]
    before = [_queries(client, path, query) for path, query in paths]
    for _ in range(60):
        OrganizationFactory()
        PersonFactory()
    assert [_queries(client, path, query) for path, query in paths] == before


# Form round trips: a picked value, a forbidden one


def test_member_added_with_a_picked_organization(client_as, staff_user, acme_partnership, globex):
    url = reverse("partnerships:member-add", args=[acme_partnership.pk])
    client_as(staff_user).post(url, {"organization": globex.pk, "role": "sponsor"})
    assert acme_partnership.members.filter(organization=globex).exists()


def test_member_picker_refuses_an_existing_member_and_keeps_the_form(client_as, staff_user, acme_partnership, acme):
    url = reverse("partnerships:member-add", args=[acme_partnership.pk])
    response = client_as(staff_user).post(url, {"organization": acme.pk, "role": "sponsor"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert acme_partnership.members.filter(organization=acme).count() == 1


def test_failed_post_shows_the_chosen_label_again(client_as, staff_user, university, acme, globex):
    response = client_as(staff_user).post(
        reverse("partnerships:partnership-create"),
        {
            "title": "",
            "model": "sponsored_research",
            "academic_lead": university.pk,
            "other_members": [acme.pk, globex.pk],
        },
    )
    page = response.content.decode()
    assert f'<option value="{university.pk}" selected>Northbridge University</option>' in page
    assert 'aria-label="Remove Acme Robotics"' in page and 'aria-label="Remove Globex Analytics"' in page


def test_portfolio_report_refuses_a_partner_the_user_may_not_pick(client_as, staff_user, acme):
    loner = OrganizationFactory(name="Lonely Widgets")  # a member of no partnership
    response = client_as(staff_user).get(reverse("reports:portfolio"), {"partner": loner.pk})
    assert response.status_code == 400
    assert "Lonely Widgets" not in labels(lookup(client_as(staff_user), "organizations", partners=1, q="lonely"))


def test_a_rival_id_in_a_liaisons_filter_shows_no_rival_name(client_as, acme_liaison, globex, globex_partnership):
    client = client_as(acme_liaison)
    for name, query in (
        ("agreements:agreement-list", {"party": globex.pk, "partnership": globex_partnership.pk}),
        ("partnerships:partnership-list", {"member": globex.pk}),
    ):
        response = client.get(reverse(name), query)
        assert response.status_code in (200, 400)
        assert "Globex" not in response.content.decode()
