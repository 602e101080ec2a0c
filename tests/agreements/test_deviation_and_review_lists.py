"""The deviations list (the office's own) and the review rounds page with its filters."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import ReviewStatus
from agreements.playbook import Severity
from tests.agreements.factories import AgreementFactory, DeviationFactory, ReviewRoundFactory
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name):
    return reverse(f"agreements:{name}")


# --- Deviations -----------------------------------------------------------------------------


@pytest.fixture
def deviations(admin_user, acme_agreement, globex_agreement):
    now = timezone.now()
    return {
        "open_blocker": DeviationFactory(agreement=acme_agreement),
        "signed_blocker": DeviationFactory(
            agreement=globex_agreement,
            term="publication_review_days",
            actual="120",
            standard_position="Sponsor review of at most 60 days.",
            signed_off_by=admin_user,
            signed_off_at=now,
            sign_off_reason="Accepted by the steering committee",
        ),
        "open_warning": DeviationFactory(
            agreement=globex_agreement, term="confidentiality_years", severity=Severity.WARNING, actual="9"
        ),
        "resolved_note": DeviationFactory(
            agreement=acme_agreement, severity=Severity.NOTE, actual="True", resolved_at=now - timedelta(days=2)
        ),
    }


def _listed(response):
    return [d.pk for d in response.context["page_obj"]]


def test_the_office_sees_open_deviations_first_the_most_serious_first(client_as, viewer_user, deviations):
    response = client_as(viewer_user).get(url("deviation-list"))

    names = {d.pk: name for name, d in deviations.items()}
    assert [names[pk] for pk in _listed(response)] == [
        "open_blocker",
        "signed_blocker",
        "open_warning",
        "resolved_note",
    ]
    page = response.content.decode()
    assert "Accepted by the steering committee" not in page  # the reason lives on the agreement's page
    assert page.count('data-testid="needs-sign-off"') == 1
    assert "Right to publish" in page  # terms read as people name them, not as field names


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"severity": "warning"}, {"open_warning"}),
        ({"state": "open"}, {"open_blocker", "signed_blocker", "open_warning"}),
        ({"state": "resolved"}, {"resolved_note"}),
        ({"sign_off": "needed"}, {"open_blocker"}),
        ({"sign_off": "signed"}, {"signed_blocker"}),
        ({"q": "confidentiality"}, {"open_warning"}),
        ({"q": "AGR-TEST"}, {"open_blocker", "signed_blocker", "open_warning", "resolved_note"}),
    ],
    ids=["severity", "open", "resolved", "needing-sign-off", "signed-off", "search-term", "search-reference"],
)
def test_deviation_filters(client_as, staff_user, deviations, params, expected):
    response = client_as(staff_user).get(url("deviation-list"), params)
    assert set(_listed(response)) == {deviations[name].pk for name in expected}


def test_deviations_filter_by_the_agreements_partnership(client_as, staff_user, globex_partnership, deviations):
    response = client_as(staff_user).get(url("deviation-list"), {"partnership": globex_partnership.pk})
    assert set(_listed(response)) == {deviations["signed_blocker"].pk, deviations["open_warning"].pk}


def test_deviations_sort_by_severity_and_by_found(client_as, staff_user, deviations):
    client = client_as(staff_user)
    severities = [d.severity for d in client.get(url("deviation-list"), {"ordering": "-severity"}).context["page_obj"]]
    assert severities == ["note", "warning", "blocker", "blocker"]
    oldest_first = _listed(client.get(url("deviation-list"), {"ordering": "found"}))
    assert oldest_first == sorted(oldest_first)


@pytest.mark.parametrize("persona", ["acme_liaison", "globex_liaison"])
def test_liaisons_may_not_see_the_deviations_list(client_as, request, deviations, persona):
    response = client_as(request.getfixturevalue(persona)).get(url("deviation-list"))
    assert response.status_code == 403
    assert b"AGR-TEST" not in response.content


def test_htmx_filtering_of_deviations_returns_only_the_results(client_as, staff_user, deviations):
    response = client_as(staff_user).get(url("deviation-list"), {"severity": "warning"}, **HTMX)
    assert b"<html" not in response.content
    assert b"1 result" in response.content


def test_the_playbook_and_the_agreement_list_lead_to_the_deviations(client_as, staff_user, acme_liaison):
    client = client_as(staff_user)
    assert url("deviation-list").encode() in client.get(url("playbook")).content
    assert url("deviation-list").encode() in client.get(url("agreement-list")).content
    assert url("deviation-list").encode() not in client_as(acme_liaison).get(url("agreement-list")).content


def test_no_deviation_says_so(client_as, staff_user):
    assert b"No deviations match these filters." in client_as(staff_user).get(url("deviation-list")).content


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_deviation_list_runs_the_same_queries_for_1_and_25_rows(client_as, staff_user, admin_user):
    client = client_as(staff_user)
    DeviationFactory()
    one = _queries(client, url("deviation-list"))
    for n in range(24):
        signed = (
            {"signed_off_by": admin_user, "signed_off_at": timezone.now(), "sign_off_reason": "ok"} if n % 2 else {}
        )
        DeviationFactory(agreement=AgreementFactory(partnership=PartnershipFactory()), **signed)
    assert _queries(client, url("deviation-list")) == one


# --- Review rounds --------------------------------------------------------------------------


@pytest.fixture
def rounds(acme, globex, acme_liaison, acme_agreement, globex_agreement):
    today = date.today()
    decided = ReviewRoundFactory(
        agreement=acme_agreement,
        organization=acme,
        status=ReviewStatus.APPROVED,
        decided_by=acme_liaison,
        decided_at=timezone.now(),
        due_date=today - timedelta(days=3),
    )
    return {
        "acme_decided": decided,
        "acme_open": ReviewRoundFactory(
            agreement=acme_agreement, organization=acme, due_date=today + timedelta(days=5)
        ),
        "globex_open": ReviewRoundFactory(
            agreement=globex_agreement, organization=globex, due_date=today + timedelta(days=20)
        ),
    }


def _rounds(response):
    return [r.pk for r in response.context["waiting"]], [r.pk for r in response.context["decided"]]


def test_the_review_page_keeps_what_waits_and_what_was_decided(client_as, staff_user, rounds):
    waiting, decided = _rounds(client_as(staff_user).get(url("review-list")))
    assert waiting == [rounds["acme_open"].pk, rounds["globex_open"].pk]  # soonest due first
    assert decided == [rounds["acme_decided"].pk]


@pytest.mark.parametrize(
    ("params", "expected_waiting", "expected_decided"),
    [
        (lambda s: {"status": "approved"}, [], ["acme_decided"]),
        (lambda s: {"organization": s["globex"].pk}, ["globex_open"], []),
        (lambda s: {"due_before": (date.today() + timedelta(days=10)).isoformat()}, ["acme_open"], ["acme_decided"]),
    ],
    ids=["status", "organization", "due-before"],
)
def test_the_review_page_filters_its_rounds(
    client_as, staff_user, acme, globex, rounds, params, expected_waiting, expected_decided
):
    response = client_as(staff_user).get(url("review-list"), params({"acme": acme, "globex": globex}))
    waiting, decided = _rounds(response)
    assert waiting == [rounds[name].pk for name in expected_waiting]
    assert decided == [rounds[name].pk for name in expected_decided]


def test_a_liaison_filters_only_their_own_rounds(client_as, acme_liaison, rounds):
    response = client_as(acme_liaison).get(url("review-list"))
    assert _rounds(response) == ([rounds["acme_open"].pk], [rounds["acme_decided"].pk])
    assert [o.name for o in response.context["filter"].form.fields["organization"].queryset] == ["Acme Robotics"]
    assert b"Globex" not in response.content


def test_htmx_filtering_of_rounds_returns_the_rounds_alone(client_as, staff_user, rounds):
    response = client_as(staff_user).get(url("review-list"), {"status": "open"}, **HTMX)
    assert b"<html" not in response.content
    assert b'data-testid="reviews-waiting"' in response.content
    assert b"Manuscripts to review" not in response.content


def test_the_review_page_offers_the_export_of_its_rounds(client_as, acme_liaison, rounds):
    page = client_as(acme_liaison).get(url("review-list"), {"status": "open"}).content.decode()
    assert 'data-testid="export-menu"' in page
    assert f'href="{reverse("reports:export", args=["reviews"])}?status=open"' in page


def test_review_page_runs_the_same_queries_for_1_and_25_rounds(client_as, staff_user, acme):
    client = client_as(staff_user)
    partnership = PartnershipFactory(sponsor=acme)
    ReviewRoundFactory(agreement=AgreementFactory(partnership=partnership), organization=acme)
    one = _queries(client, url("review-list"))
    for n in range(24):
        status = {"status": ReviewStatus.CHANGES_REQUESTED, "decided_at": timezone.now()} if n % 2 else {}
        ReviewRoundFactory(agreement=AgreementFactory(partnership=partnership), organization=acme, **status)
    assert _queries(client, url("review-list")) == one


@pytest.mark.django_db
def test_a_liaison_cannot_learn_of_deviations_by_filtering_agreements(
    client_as, acme_liaison, acme_agreement, admin_user
):
    from agreements import services

    services.playbook_seed_defaults(actor=admin_user)
    type(acme_agreement).objects.filter(pk=acme_agreement.pk).update(theses_protected=False)
    services.agreement_check(agreement=acme_agreement)
    assert acme_agreement.deviations.exists()
    page = client_as(acme_liaison).get("/agreements/", {"deviation": "any"})
    assert acme_agreement not in list(page.context["page_obj"])
