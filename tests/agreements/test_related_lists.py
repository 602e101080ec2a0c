"""An agreement's related lists (parties, ball and status changes, amendments) on its pages, in
the API and in the export are fetched through each related model's own visible_to.

Every party sees who the other parties are: a rival's party on a shared agreement is legitimately
shown. What the tests hold is the wiring: a row the rule hides (tests.visibility) leaves every list.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.api.serializers import shown_relations
from agreements.models import AgreementParty, Amendment, BallChange, StatusChange
from core.querysets import ParentVisibleQuerySet
from reports.portfolio import portfolio_report
from tests.agreements.factories import AgreementFactory
from tests.reports.conftest import read_csv
from tests.visibility import hide_from_liaisons

pytestmark = pytest.mark.django_db

GLOBEX = "Globex Analytics"


@pytest.fixture
def shared_agreement(acme_agreement, globex, staff_user):
    """Acme's agreement with Globex as a second party, a ball change, a status change and an amendment."""
    AgreementParty.objects.create(agreement=acme_agreement, organization=globex)
    BallChange.objects.create(agreement=acme_agreement, holder="sponsor", actor=staff_user)
    StatusChange.objects.create(agreement=acme_agreement, from_status="draft", to_status="negotiation")
    Amendment.objects.create(
        agreement=acme_agreement,
        number=1,
        title="Extension",
        summary="One more year.",
        effective_date=date(2026, 1, 1),
        created_by=staff_user,
    )
    return acme_agreement


def _page(client, agreement):
    response = client.get(reverse("agreements:agreement-detail", args=[agreement.pk]))
    assert response.status_code == 200
    return response


def _api(client, agreement) -> dict:
    response = client.get(reverse("agreement-detail", args=[agreement.pk]))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _party_names(parties) -> list[str]:
    return sorted(party.organization.name for party in parties)


def test_every_party_sees_the_other_parties(client_as, acme_liaison, shared_agreement, globex_agreement):
    client = client_as(acme_liaison)
    listed = {a.pk: a for a in client.get(reverse("agreements:agreement-list")).context["page_obj"]}
    assert list(listed) == [shared_agreement.pk]  # never the rival's own agreement
    assert _party_names(listed[shared_agreement.pk].parties.all()) == [
        "Acme Robotics",
        GLOBEX,
        "Northbridge University",
    ]
    assert GLOBEX in [party.organization.name for party in _page(client, shared_agreement).context["parties"]]
    assert GLOBEX in [party["organization"]["name"] for party in _api(client, shared_agreement)["parties"]]


def test_the_list_page_shows_only_parties_the_rule_shows(client_as, acme_liaison, shared_agreement, monkeypatch):
    hide_from_liaisons(monkeypatch, AgreementParty, organization__name=GLOBEX)
    response = client_as(acme_liaison).get(reverse("agreements:agreement-list"))
    (agreement,) = response.context["page_obj"]
    assert _party_names(agreement.parties.all()) == ["Acme Robotics", "Northbridge University"]
    assert GLOBEX.encode() not in response.content


@pytest.mark.parametrize(
    ("model", "lookup", "shown"),
    [
        (AgreementParty, {"organization__name": GLOBEX}, "parties"),
        (BallChange, {"holder": "sponsor"}, "ball_changes"),
        (StatusChange, {"to_status": "negotiation"}, "status_changes"),
        (Amendment, {"number": 1}, "amendments"),
    ],
)
def test_the_page_shows_only_related_rows_the_rule_shows(
    client_as, acme_liaison, staff_user, shared_agreement, monkeypatch, model, lookup, shown
):
    assert model.objects.filter(agreement=shared_agreement, **lookup).exists()
    hide_from_liaisons(monkeypatch, model, **lookup)
    assert not [row for row in _page(client_as(acme_liaison), shared_agreement).context[shown] if _matches(row, lookup)]
    # The office's view is not narrowed by a liaison's rule.
    assert [row for row in _page(client_as(staff_user), shared_agreement).context[shown] if _matches(row, lookup)]


def _matches(row, lookup) -> bool:
    return type(row).objects.filter(pk=row.pk, **lookup).exists()


def test_the_api_shows_only_parties_and_amendments_the_rule_shows(
    client_as, acme_liaison, shared_agreement, monkeypatch
):
    hide_from_liaisons(monkeypatch, AgreementParty, organization__name=GLOBEX)
    hide_from_liaisons(monkeypatch, Amendment, number=1)
    body = _api(client_as(acme_liaison), shared_agreement)
    assert [party["organization"]["name"] for party in body["parties"]] == ["Acme Robotics", "Northbridge University"]
    assert body["amendments"] == []


def test_the_api_negotiation_clock_counts_only_ball_changes_the_rule_shows(
    client_as, acme_liaison, shared_agreement, monkeypatch
):
    client = client_as(acme_liaison)
    assert "sponsor" in _api(client, shared_agreement)["ball_days"]
    hide_from_liaisons(monkeypatch, BallChange, holder="sponsor")
    assert "sponsor" not in _api(client, shared_agreement)["ball_days"]


def test_the_stored_list_rows_show_only_relations_every_reader_of_the_agreement_sees():
    """One stored row serves every reader (agreements.api.list_rows): so each related list it shows
    must be one that whoever sees the agreement sees whole, i.e. follow the agreement's own rule."""
    for lookup, model, rows, _ in shown_relations():
        assert rows.model is model, lookup
        queryset = model.objects.all()
        assert isinstance(queryset, ParentVisibleQuerySet), f"{model.__name__} does not follow the agreement"
        assert queryset.parent_field == "agreement", lookup


def test_the_stored_list_row_is_what_the_liaison_reads_of_the_agreement(client_as, acme_liaison, shared_agreement):
    client = client_as(acme_liaison)
    (row,) = client.get(reverse("agreement-list")).json()["results"]
    assert row == _api(client, shared_agreement)


def test_the_export_lists_only_parties_the_rule_shows(client_as, acme_liaison, shared_agreement, monkeypatch):
    client = client_as(acme_liaison)
    export = lambda: read_csv(client.get(reverse("reports:export", args=["agreements"])))  # noqa: E731
    header, row = export()
    assert row[header.index("Parties")] == f"Acme Robotics; {GLOBEX}; Northbridge University"
    hide_from_liaisons(monkeypatch, AgreementParty, organization__name=GLOBEX)
    header, row = export()
    assert row[header.index("Parties")] == "Acme Robotics; Northbridge University"


def test_the_portfolio_report_lists_only_parties_the_rule_shows(acme_liaison, acme, shared_agreement, monkeypatch):
    hide_from_liaisons(monkeypatch, AgreementParty, organization__name=GLOBEX)
    report = portfolio_report(user=acme_liaison, year=date.today().year, partner=acme)
    (agreement,) = report.agreements.rows
    assert GLOBEX not in agreement.party_names


# --- The queries stay what they were: none per agreement or per related row -----------------


def _queries(client, path) -> int:
    client.get(path)  # warm up: the session and user are read the same way every time after
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _more_of_everything(agreement, globex, staff_user, count: int) -> None:
    for number in range(2, count + 2):
        other = AgreementFactory(partnership=agreement.partnership)  # the university and Acme as parties
        AgreementParty.objects.create(agreement=other, organization=globex)
        BallChange.objects.create(agreement=agreement, holder="pi", actor=staff_user)
        StatusChange.objects.create(agreement=agreement, from_status="negotiation", to_status="partner_review")
        Amendment.objects.create(
            agreement=agreement,
            number=number,
            title="More",
            summary="More.",
            effective_date=date(2026, 1, number),
            created_by=staff_user,
        )


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_pages_and_api_run_the_same_queries_however_many_related_rows(
    request, client_as, persona, staff_user, globex, shared_agreement
):
    client = client_as(request.getfixturevalue(persona))
    paths = [
        reverse("agreements:agreement-list"),
        reverse("agreements:agreement-detail", args=[shared_agreement.pk]),
        reverse("agreement-detail", args=[shared_agreement.pk]),
    ]
    few = [_queries(client, path) for path in paths]
    _more_of_everything(shared_agreement, globex, staff_user, 6)
    assert [_queries(client, path) for path in paths] == few
