"""Lists at any size: sorted pages show every row once (the primary key breaks ties, core.filters.OrderingFilter),
and filters on the row's own columns count without DISTINCT."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.filters import AgreementFilter
from agreements.models import Agreement
from tests.agreements.factories import AgreementFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts():
    """30 agreements of one status, lying in the table in a shuffled order: sorted by status
    alone, PostgreSQL hands the ties back in the table's order, not by id."""
    partnership = PartnershipFactory()
    ids = [AgreementFactory(partnership=partnership).pk for _ in range(30)]
    for pk in random.Random(7).sample(ids, len(ids)):
        Agreement.objects.filter(pk=pk).update(title=f"Rewritten {pk}")  # a new row version, at the end
    return ids


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [("title", ("title", "pk")), ("-title", ("-title", "-pk")), ("status,-expiry", ("status", "-expiry_date", "-pk"))],
)
def test_the_primary_key_breaks_ties_in_the_direction_of_the_last_field(ordering, expected):
    agreements = AgreementFilter({"ordering": ordering}, queryset=Agreement.objects.all()).qs
    assert agreements.query.order_by == expected


@pytest.mark.parametrize(("ordering", "descending"), [("status", False), ("-status", True)])
def test_the_agreements_pages_sorted_by_a_shared_status_show_each_agreement_once(
    client_as, staff_user, drafts, ordering, descending
):
    client = client_as(staff_user)
    shown = []
    for page in (1, 2):
        response = client.get(reverse("agreements:agreement-list"), {"ordering": ordering, "page": page})
        shown += [agreement.pk for agreement in response.context["page_obj"].object_list]
    # Ties broken by id, in the sort's direction: the same rows in the same order on every request.
    assert shown == sorted(drafts, reverse=descending)


def test_the_api_sorted_by_a_shared_status_pages_through_each_agreement_once(client_as, staff_user, drafts):
    client = client_as(staff_user)
    shown = []
    for page in (1, 2, 3):
        response = client.get("/api/v1/agreements/", {"ordering": "status", "page_size": 10, "page": page})
        shown += [row["id"] for row in response.json()["results"]]
    assert shown == sorted(drafts)


@pytest.mark.parametrize(
    ("path", "params"), [("/agreements/", {"status": ["executed", "draft"]}), ("/outputs/", {"kind": ["publication"]})]
)
def test_filtering_by_a_column_of_the_row_counts_without_distinct(client_as, staff_user, path, params):
    # DISTINCT made PostgreSQL compare every column of every matching row.
    with CaptureQueriesContext(connection) as queries:
        assert client_as(staff_user).get(path, params).status_code == 200
    assert [q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "DISTINCT" in q["sql"]] == []
