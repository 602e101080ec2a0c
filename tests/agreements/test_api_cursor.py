"""Cursor pages of /api/v1/agreements/: every row once, in order, at a constant cost per page.

Page numbers stay the default; `?cursor=` switches to keyset pages (core.api.pagination), which
deep walks need: an OFFSET reads every earlier row again, a cursor starts at its row.
"""

import base64
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.api import list_rows
from agreements.models import Agreement, AgreementKind, BallChange
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def every_row_built(monkeypatch):
    """Rows are built for every page and never stored: these tests count what the costlier path
    of paging takes (test_api_list_rows.py counts a page of stored rows)."""
    monkeypatch.setattr(list_rows, "_store", lambda rows: None)


LIST = reverse("agreement-list")


@pytest.fixture
def portfolio(acme_partnership, globex_partnership, staff_user):
    """Eleven agreements; four share one updated_at, as a bulk update would leave them.

    The ties are the hard part of keyset pages: ordering by updated_at alone would skip or
    repeat rows at a page boundary that falls inside them.
    """
    agreements = [AgreementFactory(partnership=acme_partnership if n % 3 else globex_partnership) for n in range(11)]
    master = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.MASTER_RESEARCH)
    agreements.append(master)
    agreements.append(
        AgreementFactory(partnership=acme_partnership, kind=AgreementKind.STATEMENT_OF_WORK, parent=master)
    )
    for agreement in agreements:
        BallChange.objects.create(agreement=agreement, holder="tto", actor=staff_user)
    same = timezone.now() - datetime.timedelta(days=3)
    Agreement.objects.filter(pk__in=[a.pk for a in agreements[2:6]]).update(updated_at=same)
    return agreements


def encoded(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def default_order(queryset) -> list[int]:
    return list(queryset.order_by("-updated_at", "-pk").values_list("pk", flat=True))


def walk(client, url, link="next"):
    """Follow `link` from url to the end: the ids of each page, and the queries each page took."""
    pages, queries = [], []
    while url:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        pages.append([row["id"] for row in body["results"]])
        queries.append(len(context.captured_queries))
        url = body[link]
    return pages, queries


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_cursor_pages_walk_every_visible_row_once_in_order(request, client_as, persona, portfolio):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    client.get(LIST, {"cursor": "", "page_size": 2})  # warm up: session and user are read once, then cached

    pages, queries = walk(client, f"{LIST}?cursor=&page_size=2")

    expected = default_order(Agreement.objects.visible_to(user))
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == 2 for page in pages[:-1])
    assert len(set(queries)) == 1, f"queries per page: {queries}"


def test_previous_links_walk_back_to_the_first_page(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    forward, _ = walk(client, f"{LIST}?cursor=&page_size=3")
    last_page = client.get(f"{LIST}?cursor=&page_size=3")
    while last_page.json()["next"]:
        last_page = client.get(last_page.json()["next"])

    backward, _ = walk(client, last_page.json()["previous"], link="previous")

    assert backward == forward[-2::-1]
    assert client.get(f"{LIST}?cursor=&page_size=3").json()["previous"] is None


def links(response) -> dict[str, str]:
    """The Link header as {relation: url}."""
    found = {}
    for link in filter(None, response.headers.get("Link", "").split(", ")):
        url, relation = link.split("; ")
        found[relation.removeprefix('rel="').removesuffix('"')] = url.removeprefix("<").removesuffix(">")
    return found


def test_the_link_header_carries_the_bodys_next_and_previous(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    by_body, _ = walk(client, f"{LIST}?cursor=&page_size=3")

    by_header, url, seen_links = [], f"{LIST}?cursor=&page_size=3", []
    while url:
        response = client.get(url)
        body = response.json()
        by_header.append([row["id"] for row in body["results"]])
        expected = {rel: body[key] for rel, key in (("next", "next"), ("prev", "previous")) if body[key]}
        assert links(response) == expected
        seen_links.append(links(response))
        url = links(response).get("next")

    assert by_header == by_body
    assert set(seen_links[0]) == {"next"} and set(seen_links[1]) == {"next", "prev"}
    assert set(seen_links[-1]) == {"prev"}


def test_page_number_pages_send_the_link_header_too(client_as, staff_user, portfolio):
    response = client_as(staff_user).get(LIST, {"page_size": 5, "page": 2})
    body = response.json()

    assert links(response) == {"next": body["next"], "prev": body["previous"]}
    assert "page=3" in links(response)["next"]
    assert "Link" not in client_as(staff_user).get(LIST, {"page_size": 50}).headers


def test_deep_cursor_pages_take_the_queries_of_the_first(client_as, staff_user, acme_partnership, portfolio):
    client = client_as(staff_user)
    first_pages, first_queries = walk(client, f"{LIST}?cursor=&page_size=4")
    for _ in range(20):
        AgreementFactory(partnership=acme_partnership)
    more_pages, more_queries = walk(client, f"{LIST}?cursor=&page_size=4")

    assert len(more_pages) > len(first_pages)
    assert set(first_queries) == set(more_queries) and len(set(more_queries)) == 1


def test_cursor_pages_keep_filters_and_hide_other_partners(client_as, globex_liaison, portfolio):
    client = client_as(globex_liaison)
    pages, _ = walk(client, f"{LIST}?cursor=&page_size=2&status=draft")

    seen = [pk for page in pages for pk in page]
    assert seen == default_order(Agreement.objects.visible_to(globex_liaison).filter(status="draft"))
    assert seen and len(seen) < len(portfolio)


def test_the_order_index_serves_a_cursor_page_without_sorting(client_as, staff_user, portfolio):
    """The row comparison must be an index range, not a filter: that is what keeps deep pages flat."""
    client = client_as(staff_user)
    cursor_url = client.get(LIST, {"cursor": "", "page_size": 2}).json()["next"]
    with connection.cursor() as cursor:
        # Tiny test tables would be read sequentially; forbid it to see the plan a large table gets.
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as context:
        client.get(cursor_url)
    page_sql = next(q["sql"] for q in context.captured_queries if q["sql"].endswith("LIMIT 3"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {page_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # The stored row is a subplan per row; the page itself, everything above it, must not sort.
    page_plan = plan.split("SubPlan")[0]
    assert "agreements_updated_idx" in page_plan
    assert "Index Cond: (ROW(" in page_plan
    assert "Sort" not in page_plan


def test_page_numbers_stay_the_default(client_as, staff_user, portfolio):
    body = client_as(staff_user).get(LIST, {"page_size": 5, "page": 2}).json()

    assert body["count"] == len(portfolio)
    assert [row["id"] for row in body["results"]] == default_order(Agreement.objects.all())[5:10]
    assert "page=3" in body["next"] and "cursor" not in body["next"]


def test_a_forged_cursor_answers_404_and_another_order_400(client_as, staff_user, portfolio):
    client = client_as(staff_user)
    now = timezone.now().isoformat()
    forged_cursors = [
        "nonsense",
        encoded({"p": [1], "b": 0}),  # one value for two columns
        encoded({"p": ["yesterday", 1], "b": 0}),
        encoded({"p": [now, 10**20], "b": 0}),  # beyond bigint
        encoded({"p": [now, None], "b": 1}),
        encoded([now, 1]),
    ]
    for forged in forged_cursors:
        response = client.get(LIST, {"cursor": forged})
        assert response.status_code == 404, forged
        assert response.json()["error"]["message"] == "Invalid cursor."

    refused = client.get(LIST, {"cursor": "", "ordering": "title"})
    assert refused.status_code == 400
    assert "ordering" in refused.json()["error"]["fields"]
    assert client.get(LIST, {"cursor": "", "ordering": "-updated"}).status_code == 200


def test_schema_offers_the_cursor_and_makes_count_optional(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]}
    page = schema["components"]["schemas"]["PaginatedAgreementList"]

    assert {"cursor", "page", "page_size"} <= parameters
    assert page["required"] == ["results"]
    assert "Link" in schema["paths"]["/api/v1/agreements/"]["get"]["responses"]["200"]["headers"]
    assert "next" in page["properties"] and "count" in page["properties"]
