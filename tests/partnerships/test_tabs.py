"""A partner's and a partnership's Agreements, Outputs and Placements tabs load when first shown.

The page itself carries each tab's count and a placeholder htmx fills from the tab's URL
(partnerships/views/tabs.py); tests/browser/test_partnerships.py opens one in a browser.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outputs.models import Output
from tests.agreements.factories import AgreementFactory
from tests.people.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


def test_the_page_shows_counts_and_placeholders_not_rows(client_as, staff_user, acme, acme_partnership):
    agreement = AgreementFactory(partnership=acme_partnership)
    page = client_as(staff_user).get(url("organization-detail", acme.pk)).content.decode()

    for tab in ("agreements", "outputs", "placements"):
        assert f'hx-get="{url("organization-tab", acme.pk, tab)}" hx-trigger="intersect once"' in page
    assert agreement.reference not in page
    assert 'Agreements <span class="badge text-bg-light">1</span>' in page
    partnership_page = client_as(staff_user).get(url("partnership-detail", acme_partnership.pk)).content.decode()
    assert f'hx-get="{url("partnership-tab", acme_partnership.pk, "agreements")}"' in partnership_page
    assert agreement.reference not in partnership_page


def test_a_tab_shows_what_the_reader_may_see(
    client_as, acme_liaison, acme, globex, acme_partnership, globex_partnership
):
    ours = AgreementFactory(partnership=acme_partnership)
    AgreementFactory(partnership=globex_partnership)
    client = client_as(acme_liaison)

    tab = client.get(url("organization-tab", acme.pk, "agreements"))

    assert [agreement.pk for agreement in tab.context["latest"].rows] == [ours.pk]
    assert "<html" not in tab.content.decode()  # a fragment, for htmx to swap in
    assert client.get(url("organization-tab", globex.pk, "agreements")).status_code == 404
    assert client.get(url("partnership-tab", globex_partnership.pk, "outputs")).status_code == 404


def test_placements_go_both_ways(client_as, staff_user, acme, university, acme_partnership):
    PlacementFactory(person__first_name="Ines", person__last_name="Moreau", partnership=acme_partnership)

    acme_tab = client_as(staff_user).get(url("organization-tab", acme.pk, "placements")).content.decode()
    university_tab = client_as(staff_user).get(url("organization-tab", university.pk, "placements")).content.decode()

    assert "Ines Moreau" in acme_tab and "Ines Moreau" in university_tab


def test_an_unknown_tab_is_404(client_as, staff_user, acme, acme_partnership):
    client = client_as(staff_user)
    assert client.get(url("organization-tab", acme.pk, "funding")).status_code == 404
    assert client.get(url("partnership-tab", acme_partnership.pk, "placements")).status_code == 404


def test_a_tab_takes_the_same_queries_for_many_rows_as_for_one(client_as, staff_user, acme, acme_partnership):
    client = client_as(staff_user)
    client.get(url("organization-tab", acme.pk, "outputs"))  # session and user are read once, then cached

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("organization-tab", acme.pk, "outputs")).status_code == 200
        return len(captured)

    Output.objects.create(partnership=acme_partnership, kind="dataset", title="First", date=date(2026, 1, 1))
    one = queries()
    for n in range(10):
        Output.objects.create(partnership=acme_partnership, kind="dataset", title=f"Set {n}", date=date(2026, 1, 2))
    assert queries() == one


def test_tab_counts_stop_past_the_count_limit(client_as, staff_user, acme, acme_partnership, monkeypatch):
    from core import views_helpers

    monkeypatch.setattr(views_helpers, "COUNT_LIMIT", 1)
    AgreementFactory(partnership=acme_partnership)
    AgreementFactory(partnership=acme_partnership)

    page = client_as(staff_user).get(url("organization-detail", acme.pk)).content.decode()

    assert 'Agreements <span class="badge text-bg-light">1+</span>' in page


def test_a_partnerships_htmx_fragments_do_not_count_the_tabs(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)
    client.get(url("partnership-detail", acme_partnership.pk))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            url("milestone-add", acme_partnership.pk),
            {"title": "Kick-off", "due_date": "2027-01-15"},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    assert not [q for q in captured if "COUNT(" in q["sql"] and "agreements_agreement" in q["sql"]]
