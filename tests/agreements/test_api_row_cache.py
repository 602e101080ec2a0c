"""The agreements list API's row cache: never a stale row, never another audience's row.

Each test reads the list (which fills the cache), changes something a row shows, and compares
the list with one built without any cache. Changes are made the ways that bypass signals too
(queryset.update), since the cache keys on a digest of the rows, not on invalidation.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from accounts.models import User
from agreements import services
from agreements.api import row_cache
from agreements.api.serializers import AgreementSerializer
from agreements.models import Agreement, AgreementKind, AgreementParty, Amendment, BallChange, BallHolder
from partnerships.models import Organization, Partnership
from people.models import Person
from tests.agreements.factories import AgreementFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("agreement-list")
NO_CACHE = {**settings.CACHES, "api_rows": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Nothing listens on port 1: every cache call fails at once, as with Redis stopped.
CACHE_DOWN = {
    **settings.CACHES,
    "api_rows": {**settings.CACHES["api_rows"], "LOCATION": "redis://127.0.0.1:1/0"},
}


def listed(client, **params) -> list[dict]:
    response = client.get(LIST, {"page_size": 50, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def built_fresh(client, **params) -> list[dict]:
    with override_settings(CACHES=NO_CACHE):
        return listed(client, **params)


@pytest.fixture
def agreements(acme, acme_partnership, globex_partnership, staff_user):
    """A master agreement and its statement of work with Acme, and one with Globex; each with the
    ball passed once and a signatory on Acme's side."""
    master = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.MASTER_RESEARCH, title="Master")
    work = AgreementFactory(
        partnership=acme_partnership, kind=AgreementKind.STATEMENT_OF_WORK, parent=master, title="Work"
    )
    rival = AgreementFactory(partnership=globex_partnership, title="Rival")
    signatory = PersonFactory(first_name="Ada", last_name="Signer")
    for agreement in (master, work, rival):
        services.agreement_pass_ball(agreement=agreement, holder=BallHolder.SPONSOR, actor=staff_user)
    AgreementParty.objects.filter(agreement=master, organization=acme).update(signatory=signatory)
    return {"master": master, "work": work, "rival": rival, "signatory": signatory, "sponsor": acme}


def rename_organization(objects, staff):
    Organization.objects.filter(pk=objects["sponsor"].pk).update(name="Acme, renamed")


def rename_signatory(objects, staff):
    Person.objects.filter(pk=objects["signatory"].pk).update(last_name="Renamed")


def rename_owner(objects, staff):
    User.objects.filter(pk=objects["master"].owner_id).update(first_name="Renamed", last_name="Owner")


def retitle_partnership(objects, staff):
    Partnership.objects.filter(pk=objects["master"].partnership_id).update(title="Renamed partnership")


def sign_a_party(objects, staff):
    party = objects["master"].parties.first()
    services.party_sign(party=party, actor=staff, signed_on=datetime.date(2026, 1, 5), signatory=None)


def pass_the_ball(objects, staff):
    services.agreement_pass_ball(agreement=objects["work"], holder=BallHolder.TTO, actor=staff)


def amend(objects, staff):
    Amendment.objects.create(
        agreement=objects["master"],
        number=1,
        title="Extension",
        summary="Six more months",
        effective_date="2026-03-01",
        created_by=staff,
    )


def change_the_masters_terms(objects, staff):
    # The statement of work inherits unset terms: its row shows the master's new value.
    Agreement.objects.filter(pk=objects["master"].pk).update(publication_review_days=90)
    Agreement.objects.filter(pk=objects["work"].pk).update(publication_review_days=None)


def change_a_column_without_touching_updated_at(objects, staff):
    Agreement.objects.filter(pk=objects["work"].pk).update(title="Quietly retitled", internal_notes="New note")


CHANGES = [
    rename_organization,
    rename_signatory,
    rename_owner,
    retitle_partnership,
    sign_a_party,
    pass_the_ball,
    amend,
    change_the_masters_terms,
    change_a_column_without_touching_updated_at,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
@pytest.mark.parametrize("persona", ["staff_user", "viewer_user", "acme_liaison"])
def test_a_row_changed_in_any_way_is_never_served_stale(request, client_as, agreements, staff_user, change, persona):
    client = client_as(request.getfixturevalue(persona))
    before = listed(client)
    assert listed(client) == before  # the second read comes from the cache
    change(agreements, staff_user)
    after = listed(client)
    assert after == built_fresh(client)
    assert after != before


def test_each_audience_gets_its_own_rows(client_as, agreements, staff_user, viewer_user, acme_liaison):
    listed(client_as(staff_user))  # an editor fills the cache first
    as_viewer = listed(client_as(viewer_user))
    as_liaison = listed(client_as(acme_liaison))
    assert as_viewer == built_fresh(client_as(viewer_user))
    assert as_liaison == built_fresh(client_as(acme_liaison))
    assert all(row["allowed_transitions"] == [] for row in as_viewer)
    assert all("internal_notes" not in row for row in as_liaison)
    assert {row["title"] for row in as_liaison} == {"Master", "Work"}  # never Globex's


def test_the_negotiation_clock_runs_on_in_a_cached_row(client_as, agreements, staff_user, monkeypatch):
    client = client_as(staff_user)
    BallChange.objects.filter(agreement=agreements["work"]).update(since=timezone.now() - datetime.timedelta(days=3))
    [row] = [row for row in listed(client) if row["title"] == "Work"]
    assert row["ball_days"]["sponsor"] == 3
    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(row_cache, "timezone", SimpleNamespace(now=lambda: later))  # the row cache's clock only
    with CaptureQueriesContext(connection) as queries:
        [row] = [row for row in listed(client) if row["title"] == "Work"]
    assert row["ball_days"]["sponsor"] == 5
    # Served from the entry: the prefetch of ball passes (the digest reads them unquoted) did not run.
    assert not any('FROM "agreements_ballchange"' in q["sql"] for q in queries.captured_queries)


def test_a_warm_page_reads_one_query_for_any_number_of_rows(client_as, acme_partnership, staff_user):
    client = client_as(staff_user)

    def queries_for_a_warm_page():
        listed(client)
        with CaptureQueriesContext(connection) as queries:
            listed(client)
        return len(queries.captured_queries)

    AgreementFactory.create_batch(3, partnership=acme_partnership)
    few = queries_for_a_warm_page()
    AgreementFactory.create_batch(20, partnership=acme_partnership)
    assert queries_for_a_warm_page() == few
    with CaptureQueriesContext(connection) as cold:
        built_fresh(client)
    assert few < len(cold.captured_queries)  # the prefetches of parties, ball passes, amendments


def test_cursor_pages_from_the_cache_walk_every_row_once(client_as, acme_partnership, staff_user):
    AgreementFactory.create_batch(7, partnership=acme_partnership)
    client = client_as(staff_user)
    for _ in range(2):  # cold, then warm
        seen, url = [], f"{LIST}?page_size=3&cursor="
        while url:
            body = client.get(url).json()
            seen += [row["id"] for row in body["results"]]
            url = body["next"]
        assert seen == list(Agreement.objects.order_by("-updated_at", "-pk").values_list("pk", flat=True))


def test_with_the_cache_down_the_list_is_built_from_the_database(client_as, agreements, staff_user, caplog):
    client = client_as(staff_user)
    expected = built_fresh(client)
    with override_settings(CACHES=CACHE_DOWN):
        assert listed(client) == expected
        assert listed(client) == expected
    assert "API row cache unavailable" in caplog.text


def test_filters_and_search_still_decide_the_rows(client_as, agreements, staff_user):
    client = client_as(staff_user)
    listed(client)
    assert [row["title"] for row in listed(client, q="Rival")] == ["Rival"]
    assert {row["title"] for row in listed(client, ordering="title")} == {"Master", "Work", "Rival"}
    assert [row["title"] for row in listed(client, ordering="title")] == ["Master", "Rival", "Work"]


@pytest.mark.parametrize("persona", ["staff_user", "viewer_user", "acme_liaison"])
def test_a_cached_row_reads_exactly_as_the_agreement_itself(request, client_as, agreements, persona):
    # The detail endpoint renders AgreementSerializer whole, never through the row cache: the
    # list's rows, cold and warm, carry the same keys in the same order with the same values.
    client = client_as(request.getfixturevalue(persona))
    for _ in range(2):
        for row in listed(client):
            detail = client.get(reverse("agreement-detail", args=[row["id"]])).json()
            assert list(row.items()) == list(detail.items())


def test_the_serializer_writes_the_clock_last_where_cached_rows_add_it():
    assert list(AgreementSerializer().fields)[-1] == "ball_days"


def test_the_browsable_api_shows_cached_rows(client_as, agreements, staff_user):
    client = client_as(staff_user)
    listed(client)
    response = client.get(LIST, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "&quot;title&quot;: &quot;Master&quot;" in response.content.decode()


@pytest.mark.parametrize("paging", [{}, {"cursor": ""}], ids=["page-number", "cursor"])
def test_a_page_of_cached_rows_is_byte_for_byte_a_page_rendered_whole(client_as, agreements, staff_user, paging):
    Agreement.objects.filter(pk=agreements["work"].pk).update(title="Line\u2028and paragraph\u2029separators, café")
    client = client_as(staff_user)
    for _ in range(2):  # cold, then warm
        response = client.get(LIST, {"page_size": 50, **paging})
        assert response.content == DRFJSONRenderer().render(response.json())
        assert "café".encode() in response.content and b"\\u2028" in response.content


def test_the_page_query_reads_every_column_the_cursor_names(agreements):
    # The cursor reads the ordering's columns off the page's rows by name.
    [row] = row_cache.page_rows(Agreement.objects.all())[:1]
    assert {name.lstrip("-") for name in Agreement._meta.ordering} <= set(row._fields)
