"""Outputs: the service's rules, the pages, the export and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exceptions import ConcurrentEditError
from outputs import services
from outputs.models import IncomeKind, Output, OutputKind
from tests.agreements.factories import AgreementFactory
from tests.outputs.factories import IncomeFactory, OutputFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _data(partnership, **extra):
    return {
        "partnership": partnership,
        "kind": OutputKind.PUBLICATION,
        "title": "A paper",
        "date": datetime.date(2025, 3, 1),
        **extra,
    }


def test_a_doi_pasted_as_a_link_is_stored_bare(acme_partnership, staff_user):
    output = services.output_create(actor=staff_user, data=_data(acme_partnership, doi="https://doi.org/10.1234/abc.5"))
    assert output.doi == "10.1234/abc.5"


def test_an_invalid_doi_is_refused_next_to_the_field(acme_partnership, staff_user):
    with pytest.raises(ValidationError) as error:
        services.output_create(actor=staff_user, data=_data(acme_partnership, doi="not-a-doi"))
    assert "doi" in error.value.message_dict


def test_a_doi_is_recorded_once(acme_partnership, globex_partnership, staff_user):
    services.output_create(actor=staff_user, data=_data(acme_partnership, doi="10.1234/x"))
    with pytest.raises(ValidationError):
        services.output_create(actor=staff_user, data=_data(globex_partnership, doi="10.1234/x", title="Again"))


def test_the_agreement_must_belong_to_the_partnership(acme_partnership, globex_agreement, staff_user):
    with pytest.raises(ValidationError) as error:
        services.output_create(actor=staff_user, data=_data(acme_partnership, agreement=globex_agreement))
    assert "agreement" in error.value.message_dict


def test_fields_of_other_kinds_are_cleared(acme_partnership, acme, staff_user):
    output = services.output_create(
        actor=staff_user,
        data=_data(acme_partnership, kind=OutputKind.DISCLOSURE, citations=9, licensee=acme, exclusive=True),
    )
    assert (output.citations, output.licensee, output.exclusive) == (0, None, False)


def test_authors_are_linked_to_people_and_the_change_is_recorded(acme_partnership, staff_user):
    author = PersonFactory(first_name="Mei", last_name="Chen")
    output = services.output_create(actor=staff_user, data=_data(acme_partnership, people=[author]))
    assert list(output.people.all()) == [author]
    services.output_update(output=output, actor=staff_user, data={"citations": 4}, expected_version=1)
    output.refresh_from_db()
    assert output.version == 2 and output.citations == 4
    with pytest.raises(ConcurrentEditError):
        services.output_update(output=output, actor=staff_user, data={"citations": 5}, expected_version=1)


def test_income_is_recorded_against_licences_and_options_only(acme_partnership, staff_user):
    paper = OutputFactory(partnership=acme_partnership)
    with pytest.raises(ValidationError):
        services.licence_income_add(
            output=paper,
            actor=staff_user,
            data={"received_on": datetime.date(2025, 1, 1), "kind": "royalty", "amount": 10},
        )


def test_list_filters_by_kind_and_year_and_searches(client_as, staff_user, acme_partnership):
    OutputFactory(partnership=acme_partnership, title="Tactile grasping", date=datetime.date(2025, 1, 1))
    OutputFactory(partnership=acme_partnership, title="Old grasping", date=datetime.date(2023, 1, 1))
    OutputFactory(partnership=acme_partnership, kind=OutputKind.STARTUP, title="Gripco", date=datetime.date(2025, 1, 1))
    client = client_as(staff_user)
    page = client.get(reverse("outputs:output-list"), {"kind": "publication", "year": 2025}).content.decode()
    assert "Tactile grasping" in page and "Old grasping" not in page and "Gripco" not in page
    page = client.get(reverse("outputs:output-list"), {"q": "gripco"}).content.decode()
    assert "Gripco" in page and "Tactile" not in page
    page = client.get(reverse("outputs:output-list"), {"ordering": "title"}).content.decode()
    assert page.index("Gripco") < page.index("Old grasping") < page.index("Tactile grasping")


def test_liaison_lists_only_outputs_of_their_partnerships(
    client_as, acme_liaison, acme_partnership, globex_partnership
):
    OutputFactory(partnership=acme_partnership, title="Acme paper")
    OutputFactory(partnership=globex_partnership, title="Globex paper")
    page = client_as(acme_liaison).get(reverse("outputs:output-list")).content.decode()
    assert "Acme paper" in page and "Globex paper" not in page
    export_url = reverse("reports:export", args=["outputs"])
    export = b"".join(client_as(acme_liaison).get(export_url).streaming_content).decode()
    assert "Acme paper" in export and "Globex paper" not in export
    api = client_as(acme_liaison).get("/api/v1/outputs/").json()
    assert [row["title"] for row in api["results"]] == ["Acme paper"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/outputs/", "/api/v1/outputs/"])
def test_list_query_count_does_not_grow_with_rows(client_as, staff_user, acme_partnership, url):
    client = client_as(staff_user)
    licence = OutputFactory(partnership=acme_partnership, kind=OutputKind.LICENCE)
    IncomeFactory(output=licence)
    OutputFactory(partnership=acme_partnership).people.add(PersonFactory())
    few = _queries(client, url)
    for _ in range(20):
        output = OutputFactory(partnership=acme_partnership, agreement=AgreementFactory(partnership=acme_partnership))
        output.people.add(PersonFactory())
        IncomeFactory(output=OutputFactory(partnership=acme_partnership, kind=OutputKind.OPTION))
    assert _queries(client, url) == few


def test_staff_record_an_output_and_its_income_through_the_pages(client_as, staff_user, acme_partnership, acme):
    client = client_as(staff_user)
    response = client.post(
        reverse("outputs:output-create"),
        {
            "partnership": acme_partnership.pk,
            "kind": "licence",
            "title": "Gripper licence",
            "date": "2025-04-01",
            "licensee": acme.pk,
            "exclusive": "on",
            "citations": 0,
        },
    )
    licence = Output.objects.get(title="Gripper licence")
    assert response.status_code == 302 and licence.exclusive
    response = client.post(
        reverse("outputs:income-add", args=[licence.pk]),
        {"received_on": "2025-05-01", "kind": IncomeKind.ISSUE_FEE, "amount": "2500", "currency": "GBP"},
    )
    assert response.status_code == 302
    page = client.get(licence.get_absolute_url()).content.decode()
    assert "Issue fee" in page and "£2,500.00" in page


def test_a_bad_form_keeps_what_was_typed(client_as, staff_user, acme_partnership):
    response = client_as(staff_user).post(
        reverse("outputs:output-create"),
        {
            "partnership": acme_partnership.pk,
            "kind": "publication",
            "title": "Kept title",
            "date": "2025-04-01",
            "doi": "nope",
            "citations": 0,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kept title" in page and "Enter a DOI" in page


def test_api_creates_an_output_and_records_income(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)
    response = client.post(
        "/api/v1/outputs/",
        {"partnership": acme_partnership.pk, "kind": "option", "title": "Option", "date": "2025-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    output_id = response.json()["id"]
    response = client.post(
        f"/api/v1/outputs/{output_id}/income/",
        {"received_on": "2025-03-01", "kind": "patent_costs", "amount": "100.00"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["counts_as_licence_income"] is False
    assert client.get(f"/api/v1/outputs/{output_id}/").json()["licence_income"] is None


def test_api_refuses_another_partners_partnership_like_a_missing_one(
    client_as, staff_user, acme_liaison, globex_partnership
):
    response = client_as(staff_user).post(
        "/api/v1/outputs/",
        {"partnership": 999999, "kind": "option", "title": "Option", "date": "2025-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_licence_income_received_in_the_future_is_refused_on_its_field(staff_user, acme_partnership):
    licence = OutputFactory(partnership=acme_partnership, kind=OutputKind.LICENCE)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.licence_income_add(
            output=licence, actor=staff_user, data={"received_on": tomorrow, "kind": "royalty", "amount": 10}
        )
    assert refused.value.message_dict == {
        "received_on": ["This date is in the future: record it once it has happened."]
    }
    assert not licence.income.exists()
