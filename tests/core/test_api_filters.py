"""API lists build their filterset only when the request names one of its filters.

A filterset with no data filters nothing, so core.api.filters.FilterBackend skips building it;
these tests hold that the skip changes no answer: filters, sorting and bad values behave as before.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from agreements.filters import AgreementFilter
from agreements.models import AgreementStatus
from config.api_urls import router
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db

LIST = reverse("agreement-list")


@pytest.fixture
def built_filtersets(monkeypatch):
    """How many AgreementFilters the requests built."""
    built = []
    original = AgreementFilter.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(AgreementFilter, "__init__", counting_init)
    return built


@pytest.fixture
def agreements(acme_partnership, globex_partnership):
    return [
        AgreementFactory(partnership=acme_partnership, title="Beta", status=AgreementStatus.EXECUTED),
        AgreementFactory(partnership=acme_partnership, title="Alpha", status=AgreementStatus.DRAFT),
        AgreementFactory(partnership=globex_partnership, title="Gamma", status=AgreementStatus.EXECUTED),
    ]


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_a_list_without_filters_builds_no_filterset_and_shows_every_visible_row(
    client_as, staff_user, agreements, built_filtersets
):
    client = client_as(staff_user)
    assert sorted(titles(client.get(LIST, {"page_size": 50}))) == ["Alpha", "Beta", "Gamma"]
    assert sorted(titles(client.get(LIST, {"cursor": ""}))) == ["Alpha", "Beta", "Gamma"]
    assert built_filtersets == []


def test_a_liaison_without_filters_still_sees_only_their_partnerships(
    client_as, acme_liaison, agreements, built_filtersets
):
    assert sorted(titles(client_as(acme_liaison).get(LIST))) == ["Alpha", "Beta"]
    assert built_filtersets == []


def test_filters_and_sorting_still_apply(client_as, staff_user, agreements, built_filtersets):
    client = client_as(staff_user)
    assert sorted(titles(client.get(LIST, {"status": AgreementStatus.EXECUTED}))) == ["Beta", "Gamma"]
    assert titles(client.get(LIST, {"ordering": "title"})) == ["Alpha", "Beta", "Gamma"]
    assert titles(client.get(LIST, {"q": "Gamma"})) == ["Gamma"]
    assert len(built_filtersets) == 3


def test_a_bad_filter_value_is_still_a_400_naming_the_field(client_as, staff_user, agreements):
    client = client_as(staff_user)
    for field, junk in (("status", "zzz"), ("expiring_before", "31/02/2026")):
        response = client.get(LIST, {field: junk})
        assert response.status_code == 400 and field in response.json()["error"]["fields"]


FILTERSETS = {
    prefix: viewset.filterset_class
    for prefix, viewset, _ in router.registry
    if getattr(viewset, "filterset_class", None) is not None
}


@pytest.mark.parametrize("prefix", FILTERSETS)
def test_every_api_filterset_given_no_data_filters_nothing(prefix, staff_user):
    """What the backend's skip assumes: no filter is required or has a default, and the
    filterset neither validates nor narrows anything when no parameter names it."""
    filterset_class = FILTERSETS[prefix]
    request = APIRequestFactory().get("/")
    request.user = staff_user
    queryset = filterset_class._meta.model.objects.all()
    filterset = filterset_class(data={}, queryset=queryset, request=request)
    assert filterset.is_valid(), filterset.errors
    assert str(filterset.qs.query) == str(queryset.query)
