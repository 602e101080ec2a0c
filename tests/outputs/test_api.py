"""/api/v1/outputs/: answers that match the OpenAPI schema."""

import pytest

from tests.api.openapi import assert_conforms
from tests.outputs.factories import OutputFactory

pytestmark = pytest.mark.django_db


def test_an_output_without_a_link_matches_the_schema(staff_user, acme_partnership):
    # Found by tests/api/test_fuzz.py: a read-only URLField loses allow_blank, so the schema refused "".
    output = OutputFactory(partnership=acme_partnership, url="")
    response = assert_conforms(staff_user, "GET", "/api/v1/outputs/{id}/", path_parameters={"id": output.pk})
    assert response.json()["url"] == ""


@pytest.mark.parametrize("years", [{"income_years_min": 0}, {"years_max": 10000}, {"years_min": "2020.5"}])
def test_years_outside_the_calendar_are_a_400_not_a_500(staff_user, years):
    # Found by tests/api/test_fuzz.py: year 0 reached `date(0, 1, 1)` in the year lookup (500).
    response = assert_conforms(staff_user, "GET", "/api/v1/outputs/", query=years)
    assert response.status_code == 400
