"""The partner and partnership pages as staff, viewers and liaisons use them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import FundingCommitment, Organization, Partnership, PartnershipMember, Payment, PhaseChange
from tests.partnerships.factories import (
    FundingFactory,
    MilestoneFactory,
    OrganizationFactory,
    PartnershipFactory,
    ResearchAreaFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"partnerships:{name}", args=args)


# --- Lists --------------------------------------------------------------------------------


def test_partnership_list_filters_by_phase_member_and_area(
    client_as, staff_user, acme, acme_partnership, globex_partnership
):
    robotics = ResearchAreaFactory(name="Robotics")
    acme_partnership.research_areas.add(robotics)
    client = client_as(staff_user)
    titles = lambda response: [p.title for p in response.context["page_obj"]]  # noqa: E731
    assert titles(client.get(url("partnership-list"), {"member": acme.pk})) == ["Acme robot grasping"]
    assert titles(client.get(url("partnership-list"), {"research_area": robotics.pk})) == ["Acme robot grasping"]
    assert titles(client.get(url("partnership-list"), {"phase": "closed"})) == []


def test_partnership_search_finds_words_in_objectives_and_stems_them(
    client_as, staff_user, acme_partnership, globex_partnership
):
    Partnership.objects.filter(pk=globex_partnership.pk).update(
        objectives="Forecasting seasonal demand in retail stores."
    )
    response = client_as(staff_user).get(url("partnership-list"), {"q": "forecast"})
    assert [p.title for p in response.context["page_obj"]] == ["Globex demand forecasting"]
    assert response.context["total"] == 1


def test_search_never_matches_internal_notes(client_as, acme_liaison, acme_partnership):
    Partnership.objects.filter(pk=acme_partnership.pk).update(internal_notes="walk-away price 90k")
    response = client_as(acme_liaison).get(url("partnership-list"), {"q": "walk-away"})
    assert response.context["total"] == 0


def test_partnership_list_sorts_and_paginates_with_a_count(client_as, staff_user):
    for n in range(30):
        PartnershipFactory(title=f"Project {n:02d}")
    client = client_as(staff_user)
    first = client.get(url("partnership-list"), {"ordering": "-title"})
    assert first.context["total"] == 30
    assert first.context["page_obj"][0].title == "Project 29"
    second = client.get(url("partnership-list"), {"ordering": "-title", "page": 2})
    assert [p.title for p in second.context["page_obj"]] == [
        "Project 04",
        "Project 03",
        "Project 02",
        "Project 01",
        "Project 00",
    ]
    assert b"30 results" in first.content


def test_htmx_filtering_returns_only_the_results(client_as, staff_user, acme_partnership):
    response = client_as(staff_user).get(url("partnership-list"), {"q": "grasping"}, **HTMX)
    assert b"<nav" not in response.content.split(b'class="pagination')[0]  # no page shell
    assert b"Acme robot grasping" in response.content
    assert b"<html" not in response.content


def test_liaison_list_shows_only_their_partnerships(client_as, acme_liaison, acme_partnership, globex_partnership):
    response = client_as(acme_liaison).get(url("partnership-list"))
    assert [p.title for p in response.context["page_obj"]] == ["Acme robot grasping"]
    assert b"Globex" not in response.content


def _list_queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_partnership_list_runs_the_same_queries_for_1_and_25_rows(client_as, staff_user):
    client = client_as(staff_user)
    PartnershipFactory()
    one = _list_queries(client, url("partnership-list"))
    for _ in range(24):
        partnership = PartnershipFactory()
        partnership.research_areas.add(ResearchAreaFactory())
        MilestoneFactory(partnership=partnership, due_date=date(2020, 1, 1))
    assert _list_queries(client, url("partnership-list")) == one


def test_partner_list_runs_the_same_queries_for_1_and_25_rows(client_as, staff_user):
    client = client_as(staff_user)
    OrganizationFactory()
    one = _list_queries(client, url("organization-list"))
    parent = OrganizationFactory(name="Parent group")
    for n in range(24):
        OrganizationFactory(name=f"Company {n}", parent=parent)
    assert _list_queries(client, url("organization-list")) == one


def test_partner_list_filters_by_kind_and_country(client_as, viewer_user, acme, university):
    OrganizationFactory(name="Kyoto Lab", country="JP")
    client = client_as(viewer_user)
    assert [o.name for o in client.get(url("organization-list"), {"kind": "university"}).context["page_obj"]] == [
        "Northbridge University"
    ]
    assert [o.name for o in client.get(url("organization-list"), {"country": "JP"}).context["page_obj"]] == [
        "Kyoto Lab"
    ]


# --- Export -------------------------------------------------------------------------------


def test_export_follows_the_filters_and_defuses_formulas(client_as, staff_user, acme_partnership, globex_partnership):
    Partnership.objects.filter(pk=acme_partnership.pk).update(title="=HYPERLINK(evil)")
    response = client_as(staff_user).get(
        reverse("reports:export", args=["partnerships"]), {"member": acme_partnership.members.last().organization_id}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Title,Model,Phase")
    assert len(lines) == 2
    assert lines[1].startswith("'=HYPERLINK(evil)")
    assert response["Content-Disposition"].startswith('attachment; filename="partnerships-')


def test_liaison_export_contains_only_their_partnerships_and_no_internal_notes(
    client_as, acme_liaison, acme_partnership, globex_partnership
):
    response = client_as(acme_liaison).get(reverse("reports:export", args=["partnerships"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Acme robot grasping" in body
    assert "Globex" not in body
    assert "price sensitive" not in body


# --- Detail pages -------------------------------------------------------------------------


def test_staff_sees_internal_notes_and_history(client_as, staff_user, acme_partnership):
    page = client_as(staff_user).get(url("partnership-detail", acme_partnership.pk)).content.decode()
    assert "price sensitive" in page
    assert 'id="tab-history"' in page


def test_liaison_never_sees_internal_notes_or_history(client_as, acme_liaison, acme_partnership, acme):
    client = client_as(acme_liaison)
    page = client.get(url("partnership-detail", acme_partnership.pk)).content.decode()
    assert "price sensitive" not in page
    assert 'id="tab-history"' not in page
    Organization.objects.filter(pk=acme.pk).update(internal_notes="Acme is slow to pay")
    partner_page = client.get(url("organization-detail", acme.pk)).content.decode()
    assert "slow to pay" not in partner_page


def test_liaison_cannot_see_rival_partnership(client_as, acme_liaison, globex_partnership):
    assert client_as(acme_liaison).get(url("partnership-detail", globex_partnership.pk)).status_code == 404


def test_liaison_sees_only_their_own_funding_in_a_shared_consortium(
    client_as, acme_liaison, acme, globex, acme_partnership
):
    PartnershipMember.objects.create(partnership=acme_partnership, organization=globex, role="sponsor")
    FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("100000"))
    FundingFactory(partnership=acme_partnership, source=globex, amount=Decimal("777777"))
    response = client_as(acme_liaison).get(url("partnership-detail", acme_partnership.pk))
    assert [c.source for c in response.context["commitments"]] == [acme]
    assert b"777" not in response.content


def test_overdue_milestones_stand_out(client_as, staff_user, acme_partnership):
    MilestoneFactory(partnership=acme_partnership, title="Late report", due_date=date(2020, 1, 1))
    MilestoneFactory(partnership=acme_partnership, title="Future demo", due_date=date(2099, 1, 1))
    response = client_as(staff_user).get(url("partnership-detail", acme_partnership.pk))
    overdue = {m.title: m.is_overdue for m in response.context["milestones"]}
    assert overdue == {"Late report": True, "Future demo": False}
    assert b"is-overdue" in response.content


def test_partner_view_gathers_partnerships_funding_and_people(
    client_as, staff_user, acme, acme_liaison, acme_partnership
):
    commitment = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("200000"))
    Payment.objects.create(commitment=commitment, received_on=date(2025, 2, 1), amount=Decimal("50000"))
    response = client_as(staff_user).get(url("organization-detail", acme.pk))
    totals = response.context["funding_totals"].by_currency[0]
    assert (totals.committed, totals.received, totals.outstanding) == (
        Decimal("200000"),
        Decimal("50000"),
        Decimal("150000"),
    )
    assert [m.partnership for m in response.context["memberships"]] == [acme_partnership]
    people_tab = client_as(staff_user).get(url("organization-tab", acme.pk, "people"))
    assert [a.person for a in people_tab.context["latest"].rows] == [acme_liaison.person]


# --- Forms --------------------------------------------------------------------------------


def test_partnership_without_other_members_is_refused_and_keeps_what_was_typed(client_as, staff_user, university):
    before = Partnership.objects.count()
    response = client_as(staff_user).post(
        url("partnership-create"),
        {
            "title": "Lonely lab",
            "model": "sponsored_research",
            "phase": "pilot",
            "owner": staff_user.pk,
            "academic_lead": university.pk,
            "other_members_role": "sponsor",
            "objectives": "Typed with care",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["other_members"] == ["Add at least one member besides the academic lead."]
    assert b"Typed with care" in response.content
    assert Partnership.objects.count() == before


def test_partnership_needs_an_academic_lead(client_as, staff_user, acme):
    response = client_as(staff_user).post(
        url("partnership-create"),
        {
            "title": "No lead",
            "model": "sponsored_research",
            "phase": "pilot",
            "owner": staff_user.pk,
            "lead_sponsor": acme.pk,
            "other_members_role": "sponsor",
        },
    )
    assert "academic_lead" in response.context["form"].errors
    assert not Partnership.objects.filter(title="No lead").exists()


def test_end_before_start_is_an_error_on_the_end_date(client_as, staff_user, university, acme):
    response = client_as(staff_user).post(
        url("partnership-create"),
        {
            "title": "Backwards",
            "model": "sponsored_research",
            "phase": "pilot",
            "owner": staff_user.pk,
            "academic_lead": university.pk,
            "lead_sponsor": acme.pk,
            "other_members_role": "sponsor",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.context["form"].errors["end_date"] == ["The end must be on or after the start."]
    assert not Partnership.objects.filter(title="Backwards").exists()


def test_staff_creates_a_consortium_with_new_research_areas(client_as, staff_user, university, acme, globex):
    initech = OrganizationFactory(name="Initech")
    response = client_as(staff_user).post(
        url("partnership-create"),
        {
            "title": "Materials consortium",
            "model": "consortium",
            "phase": "pilot",
            "owner": staff_user.pk,
            "academic_lead": university.pk,
            "other_members": [acme.pk, globex.pk, initech.pk],
            "other_members_role": "consortium_member",
            "new_research_areas": "Polymers, Recycling",
        },
    )
    partnership = Partnership.objects.get(title="Materials consortium")
    assert response.status_code == 302
    assert partnership.members.filter(role="consortium_member").count() == 3
    assert sorted(partnership.research_areas.values_list("name", flat=True)) == ["Polymers", "Recycling"]


def test_a_stale_edit_is_refused_and_changes_nothing(client_as, staff_user, acme_partnership):
    stale_version = acme_partnership.version
    Partnership.objects.filter(pk=acme_partnership.pk).update(title="Renamed meanwhile", version=stale_version + 1)
    response = client_as(staff_user).post(
        url("partnership-update", acme_partnership.pk),
        {"title": "My rename", "model": "sponsored_research", "owner": staff_user.pk, "version": stale_version},
    )
    assert response.status_code == 200
    assert "Someone else changed this partnership" in response.content.decode()
    assert Partnership.objects.get(pk=acme_partnership.pk).title == "Renamed meanwhile"


def test_phase_change_is_recorded_with_who_and_why(client_as, staff_user, acme_partnership):
    client_as(staff_user).post(
        url("partnership-phase", acme_partnership.pk),
        {"to_phase": "expanding", "reason": "Second lab joins", "version": acme_partnership.version},
    )
    change = PhaseChange.objects.get(partnership=acme_partnership)
    assert (change.from_phase, change.to_phase, change.changed_by, change.reason) == (
        "active",
        "expanding",
        staff_user,
        "Second lab joins",
    )


def test_phase_change_without_a_reason_is_refused(client_as, staff_user, acme_partnership):
    response = client_as(staff_user).post(
        url("partnership-phase", acme_partnership.pk),
        {"to_phase": "closed", "reason": "", "version": acme_partnership.version},
    )
    assert response.status_code == 400
    assert Partnership.objects.get(pk=acme_partnership.pk).phase == "active"


def test_inline_member_add_returns_the_members_card(client_as, staff_user, acme_partnership):
    newcomer = OrganizationFactory(name="Newcomer Ltd")
    response = client_as(staff_user).post(
        url("member-add", acme_partnership.pk), {"organization": newcomer.pk, "role": "sponsor"}, **HTMX
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div class="card" id="members">')
    assert acme_partnership.members.filter(organization=newcomer).exists()


def test_second_academic_lead_is_refused_inline(client_as, staff_user, acme_partnership):
    other_university = OrganizationFactory(name="Other University", kind="university")
    response = client_as(staff_user).post(
        url("member-add", acme_partnership.pk), {"organization": other_university.pk, "role": "academic_lead"}, **HTMX
    )
    assert "This partnership already has an academic lead." in response.content.decode()
    assert not acme_partnership.members.filter(organization=other_university).exists()


def test_payment_above_what_is_outstanding_is_refused(client_as, staff_user, acme_partnership, acme):
    commitment = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("1000"))
    response = client_as(staff_user).post(
        url("payment-add", acme_partnership.pk, commitment.pk), {"on": "2026-01-01", "amount": "1500"}, **HTMX
    )
    assert "more than is outstanding; 1000.00 GBP remains" in response.content.decode()
    assert not Payment.objects.exists()


def test_funding_form_refuses_in_kind_without_saying_what(client_as, staff_user, acme_partnership, acme):
    response = client_as(staff_user).post(
        url("funding-create", acme_partnership.pk),
        {"source": acme.pk, "mechanism": "in_kind", "amount": "5000", "currency": "GBP"},
    )
    assert "in_kind_kind" in response.context["form"].errors
    assert not FundingCommitment.objects.exists()


def test_negative_funding_is_refused_next_to_the_amount(client_as, staff_user, acme_partnership, acme):
    response = client_as(staff_user).post(
        url("funding-create", acme_partnership.pk),
        {"source": acme.pk, "mechanism": "direct_sponsorship", "amount": "-5", "currency": "GBP"},
    )
    assert response.context["form"].errors["amount"]
    assert not FundingCommitment.objects.exists()


def test_partner_and_partnership_pages_list_outputs_the_viewer_may_see(
    client_as, acme_liaison, acme, acme_partnership, globex_partnership
):
    from outputs.models import Output

    Output.objects.create(
        partnership=acme_partnership, kind="publication", title="Grasping benchmark", date=date(2026, 3, 1)
    )
    Output.objects.create(
        partnership=globex_partnership, kind="publication", title="Demand paper", date=date(2026, 3, 1)
    )
    client = client_as(acme_liaison)
    partner_tab = client.get(url("organization-tab", acme.pk, "outputs"))
    assert [o.title for o in partner_tab.context["latest"].rows] == ["Grasping benchmark"]
    assert client.get(url("organization-detail", acme.pk)).context["tab_counts"]["outputs"] == 1
    partnership_tab = client.get(url("partnership-tab", acme_partnership.pk, "outputs")).content.decode()
    assert "Grasping benchmark" in partnership_tab and "Demand paper" not in partnership_tab


def test_a_busy_partners_page_shows_the_latest_rows_and_links_to_the_lists(
    client_as, staff_user, acme, acme_partnership, monkeypatch
):
    from core import views_helpers
    from outputs.models import Output
    from tests.agreements.factories import AgreementFactory

    monkeypatch.setattr(views_helpers, "LATEST_ROWS", 2)
    agreements = [AgreementFactory(partnership=acme_partnership) for _ in range(3)]
    for n in range(2):
        Output.objects.create(partnership=acme_partnership, kind="dataset", title=f"Set {n}", date=date(2026, 1, 1))
    client = client_as(staff_user)
    response = client.get(url("organization-tab", acme.pk, "agreements"))
    latest = response.context["latest"]
    assert (len(latest.rows), latest.total, latest.more) == (2, 3, True)
    assert [a.pk for a in latest.rows] == [a.pk for a in reversed(agreements)][:2]  # the latest first
    assert f'href="/agreements/?party={acme.pk}">All 3 agreements, with filters and export</a>' in (
        response.content.decode()
    )
    outputs = client.get(url("organization-tab", acme.pk, "outputs"))
    assert (outputs.context["latest"].total, outputs.context["latest"].more) == (2, False)  # all shown: no link
    assert f"/outputs/?member={acme.pk}" not in outputs.content.decode()
    partnership_tab = client.get(url("partnership-tab", acme_partnership.pk, "agreements"))
    assert partnership_tab.context["latest"].total == 3
    assert f'href="/agreements/?partnership={acme_partnership.pk}">All 3 agreements' in (
        partnership_tab.content.decode()
    )
    assert client.get(url("organization-detail", acme.pk)).context["tab_counts"] == {
        "partnerships": 1,
        "agreements": 3,
        "outputs": 2,
        "placements": 0,
        "people": 0,
    }


def test_a_payment_dated_in_the_future_is_refused_and_what_was_typed_stays(
    client_as, staff_user, acme_partnership, acme
):
    from datetime import timedelta

    commitment = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("1000"))
    next_month = date.today() + timedelta(days=30)
    response = client_as(staff_user).post(
        url("payment-add", acme_partnership.pk, commitment.pk), {"on": next_month.isoformat(), "amount": "500"}, **HTMX
    )
    page = response.content.decode()
    assert "This date is in the future: record it once it has happened." in page
    assert f'value="{next_month.isoformat()}"' in page and 'value="500"' in page  # kept to correct
    assert not Payment.objects.exists()
