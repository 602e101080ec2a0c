"""Lists count exactly up to a limit and say "more than" beyond it (core.views_helpers).

The limit is 10,000 in production; these tests lower it to 3 so that a handful of partners
exceeds it.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import views_helpers
from core.views_helpers import CappedCountPaginator
from partnerships.models import Organization
from tests.partnerships.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:organization-list")


@pytest.fixture
def limit_of_three(monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "limit", 3)


@pytest.fixture
def partners(university):
    """Eight organizations, the university included."""
    return [university, *(OrganizationFactory(name=f"Partner {n:02}") for n in range(7))]


def names(page: str) -> list[str]:
    return re.findall(r'href="/partners/\d+/"[^>]*>([^<]+)<', page)


def result_count(page: str) -> str:
    return re.search(r'data-testid="result-count">([^<]*)<', page).group(1)


def walk(client, url: str) -> tuple[list[list[str]], list[str]]:
    """Follow the Next links from url: each page's names and its page label."""
    pages, labels = [], []
    while url:
        page = client.get(url).content.decode()
        pages.append(names(page))
        labels.append(re.search(r'<span class="page-link">(Page [^<]*)<', page).group(1))
        following = re.search(r'href="\?([^"]*)" rel="next"', page)
        url = f"{LIST}?{following.group(1).replace('&amp;', '&')}" if following else None
    return pages, labels


def test_a_list_under_the_limit_counts_exactly(client_as, staff_user, partners, monkeypatch):
    monkeypatch.setattr(views_helpers, "PAGE_SIZE", 3)
    page = client_as(staff_user).get(LIST).content.decode()

    assert result_count(page) == f"{len(partners)} results"
    assert "Page 1 of 3" in page


def test_past_the_limit_the_list_says_more_than_and_next_walks_every_row(
    client_as, staff_user, partners, limit_of_three, monkeypatch
):
    monkeypatch.setattr(views_helpers, "PAGE_SIZE", 3)
    client = client_as(staff_user)
    assert result_count(client.get(LIST).content.decode()) == "More than 3 results"

    pages, labels = walk(client, LIST)

    expected = list(Organization.objects.order_by("name").values_list("name", flat=True))
    assert [name for page in pages for name in page] == expected
    assert [len(page) for page in pages] == [3, 3, 2]
    assert labels == ["Page 1", "Page 2", "Page 3"]  # no "of N": the last page is not counted


def test_the_count_reads_at_most_one_row_past_the_limit_and_does_not_sort(client_as, staff_user, partners):
    paginator = CappedCountPaginator(Organization.objects.order_by("name"), 2)
    paginator.limit = 3
    with CaptureQueriesContext(connection) as context:
        assert paginator.count == 4
    (count_sql,) = [query["sql"] for query in context.captured_queries]
    assert "LIMIT 4" in count_sql and "ORDER BY" not in count_sql
    assert paginator.capped


def test_a_page_past_the_end_of_a_capped_list_is_its_last_page(client_as, staff_user, partners):
    paginator = CappedCountPaginator(Organization.objects.order_by("name"), 3)
    paginator.limit = 3

    last = paginator.get_page(99)
    assert last.number == 3 and len(last.object_list) == 2 and not last.has_next()
    assert paginator.get_page("nonsense").number == 1
    middle = paginator.get_page(2)
    assert middle.has_next() and middle.has_previous()
    assert (middle.start_index(), middle.end_index()) == (4, 6)


@pytest.mark.parametrize("page", ["0", "-5", "99999999999999999999"])
def test_a_page_before_the_first_or_beyond_any_offset_is_the_last_page(
    client_as, staff_user, partners, limit_of_three, monkeypatch, page
):
    monkeypatch.setattr(views_helpers, "PAGE_SIZE", 3)
    response = client_as(staff_user).get(LIST, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 3 and not response.context["page_obj"].has_next()
    assert names(response.content.decode()) == ["Partner 05", "Partner 06"]


def test_the_limit_itself_is_counted_exactly(client_as, staff_user, partners, monkeypatch):
    client = client_as(staff_user)
    monkeypatch.setattr(CappedCountPaginator, "limit", len(partners))
    assert result_count(client.get(LIST).content.decode()) == f"{len(partners)} results"
    monkeypatch.setattr(CappedCountPaginator, "limit", len(partners) - 1)
    assert result_count(client.get(LIST).content.decode()) == f"More than {len(partners) - 1} results"


def test_counts_past_the_limit_read_as_the_limit_and_more(staff_user, partners, monkeypatch):
    from core.templatetags.tandem import count_label

    monkeypatch.setattr(views_helpers, "COUNT_LIMIT", 5)
    assert views_helpers.capped_count(Organization.objects.all()) == 6
    assert [count_label(n) for n in (0, 5, 6)] == ["0", "5", "5+"]
    monkeypatch.setattr(views_helpers, "COUNT_LIMIT", 10_000)
    assert [count_label(n) for n in (1_234, 10_001)] == ["1,234", "10,000+"]
