"""The playbook, deviations and publication reviews through /api/v1/: who may do what, and what it costs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, PlaybookRule, PlaybookVersion
from tests.agreements.factories import (
    AgreementFactory,
    DeviationFactory,
    PlaybookRuleFactory,
    PlaybookVersionFactory,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def agreement(acme_agreement):
    """Acme's agreement: 30 days' review, and a patent delay of at most 60 days."""
    Agreement.objects.filter(pk=acme_agreement.pk).update(patent_delay_days=60)
    acme_agreement.refresh_from_db()
    return acme_agreement


def submit(agreement, actor, title="Learning to grasp deformable objects"):
    return services.manuscript_submit(agreement=agreement, actor=actor, title=title, authors="M. Chen")


@pytest.fixture
def acme_review(agreement, staff_user, acme):
    return submit(agreement, staff_user).reviews.get(organization=acme)


def answer(client, review, **data):
    return client.post(reverse("publication-review-answer", args=[review.pk]), data, content_type="application/json")


# --- Answering a publication review ----------------------------------------------------------


def test_liaison_asks_for_a_patent_delay_on_their_partys_review(client_as, acme_liaison, acme_review):
    response = answer(client_as(acme_liaison), acme_review, action="request_delay", delay_days=45, text="Filing")

    assert response.status_code == 200
    assert response.json()["status"] == "delay_requested"
    assert response.json()["delay_days"] == 45
    manuscript = client_as(acme_liaison).get(reverse("manuscript-detail", args=[acme_review.manuscript_id])).json()
    submitted = datetime.date.fromisoformat(manuscript["submitted_for_review_on"])
    assert manuscript["standing"]["release_date"] == (submitted + datetime.timedelta(days=30 + 45)).isoformat()


def test_a_delay_over_the_limit_is_refused_with_the_limit_and_changes_nothing(client_as, acme_liaison, acme_review):
    response = answer(client_as(acme_liaison), acme_review, action="request_delay", delay_days=90)

    assert response.status_code == 400
    assert "at most 60 days" in response.json()["error"]["fields"]["delay_days"][0]
    acme_review.refresh_from_db()
    assert (acme_review.status, acme_review.delay_days, acme_review.answered_by) == ("pending", None, None)


def test_rival_liaison_cannot_see_or_answer_acmes_review(client_as, globex_liaison, acme_review):
    client = client_as(globex_liaison)

    assert answer(client, acme_review, action="clear").status_code == 404
    assert client.get(reverse("publication-review-detail", args=[acme_review.pk])).status_code == 404
    assert client.get(reverse("manuscript-detail", args=[acme_review.manuscript_id])).status_code == 404
    assert client.get(reverse("publication-review-list")).json()["count"] == 0
    assert client.get(reverse("manuscript-list")).json()["count"] == 0
    acme_review.refresh_from_db()
    assert acme_review.status == "pending"


def test_staff_cannot_answer_for_the_partner(client_as, staff_user, acme_review):
    response = answer(client_as(staff_user), acme_review, action="clear")

    assert response.status_code == 403
    acme_review.refresh_from_db()
    assert acme_review.status == "pending"


def test_office_resolves_a_removal_request_and_the_liaison_cannot(client_as, acme_liaison, staff_user, acme_review):
    answer(client_as(acme_liaison), acme_review, action="request_removal", text="Figure 3 shows our gripper.")
    url = reverse("publication-review-resolve", args=[acme_review.pk])
    payload = {"resolution": "Figure 3 replaced by a schematic."}

    assert client_as(acme_liaison).post(url, payload, content_type="application/json").status_code == 403
    response = client_as(staff_user).post(url, payload, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["status"] == "cleared"
    assert response.json()["resolution"] == "Figure 3 replaced by a schematic."


def test_liaison_sees_only_their_organizations_review_of_a_shared_manuscript(
    client_as, acme_liaison, staff_user, acme_partnership, university, acme, globex
):
    consortium = AgreementFactory(partnership=acme_partnership, parties=[university, acme, globex])
    manuscript = submit(consortium, staff_user)

    seen = client_as(acme_liaison).get(reverse("manuscript-detail", args=[manuscript.pk])).json()
    office = client_as(staff_user).get(reverse("manuscript-detail", args=[manuscript.pk])).json()

    assert [review["organization"]["name"] for review in seen["reviews"]] == [acme.name]
    assert sorted(review["organization"]["name"] for review in office["reviews"]) == sorted([acme.name, globex.name])
    assert seen["standing"] == office["standing"]


# --- Submitting a manuscript -------------------------------------------------------------------


def test_staff_submit_a_manuscript_with_its_file(client_as, staff_user, agreement, acme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf")
    data = {"agreement": agreement.pk, "title": "Grasping", "authors": "M. Chen", "venue": "ICRA", "file": upload}

    response = client_as(staff_user).post(reverse("manuscript-list"), data)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["file_name"] == "paper.pdf"
    assert [review["organization"]["name"] for review in body["reviews"]] == [acme.name]
    assert body["standing"]["summary"].startswith(f"Waiting for {acme.name}")


def test_a_manuscript_file_must_be_a_pdf_or_docx(client_as, staff_user, agreement):
    upload = SimpleUploadedFile("paper.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    data = {"agreement": agreement.pk, "title": "Grasping", "authors": "M. Chen", "file": upload}

    response = client_as(staff_user).post(reverse("manuscript-list"), data)

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]
    assert not agreement.manuscripts.exists()


def test_viewers_and_liaisons_cannot_submit_manuscripts(client_as, viewer_user, acme_liaison, agreement):
    data = {"agreement": agreement.pk, "title": "Grasping", "authors": "M. Chen"}
    for user in (viewer_user, acme_liaison):
        response = client_as(user).post(reverse("manuscript-list"), data, content_type="application/json")
        assert response.status_code == 403
    assert not agreement.manuscripts.exists()


# --- Deviations and sign-offs ------------------------------------------------------------------


@pytest.fixture
def blocker(acme_agreement):
    return DeviationFactory(agreement=acme_agreement)


def sign_off(client, deviation, reason="Theses are protected by university regulations."):
    return client.post(
        reverse("deviation-sign-off", args=[deviation.pk]), {"reason": reason}, content_type="application/json"
    )


def test_only_admins_sign_off_a_deviation(client_as, staff_user, viewer_user, admin_user, blocker):
    assert sign_off(client_as(staff_user), blocker).status_code == 403
    assert sign_off(client_as(viewer_user), blocker).status_code == 403

    response = sign_off(client_as(admin_user), blocker)

    assert response.status_code == 200
    assert response.json()["signed_off_by"]["id"] == admin_user.pk
    assert response.json()["needs_sign_off"] is False
    blocker.refresh_from_db()
    assert blocker.sign_off_reason == "Theses are protected by university regulations."


def test_a_sign_off_needs_a_reason(client_as, admin_user, blocker):
    response = sign_off(client_as(admin_user), blocker, reason="   ")

    assert response.status_code == 400
    blocker.refresh_from_db()
    assert blocker.signed_off_at is None


def test_deviations_are_invisible_to_liaisons(client_as, acme_liaison, blocker):
    client = client_as(acme_liaison)

    assert client.get(reverse("deviation-list")).json()["count"] == 0
    assert client.get(reverse("deviation-detail", args=[blocker.pk])).status_code == 404
    assert sign_off(client, blocker).status_code == 404


def test_deviations_filter_by_agreement_severity_and_open(client_as, viewer_user, acme_agreement, globex_agreement):
    blocker = DeviationFactory(agreement=acme_agreement)
    DeviationFactory(agreement=acme_agreement, severity="warning", actual="120")
    DeviationFactory(agreement=acme_agreement, resolved_at=datetime.datetime.now(datetime.UTC))
    DeviationFactory(agreement=globex_agreement)
    client = client_as(viewer_user)

    def ids(**params):
        return [row["id"] for row in client.get(reverse("deviation-list"), params).json()["results"]]

    assert len(ids(agreement=acme_agreement.pk)) == 3
    assert ids(agreement=acme_agreement.pk, severity="blocker", open="true") == [blocker.pk]
    assert len(ids(open="false")) == 1


# --- The playbook ----------------------------------------------------------------------------


RULE = {
    "term": "confidentiality_years",
    "condition": "at_most",
    "value": "5",
    "severity": "warning",
    "standard_position": "Confidentiality for at most 5 years.",
}


def test_only_admins_add_playbook_rules_and_each_save_publishes_a_version(client_as, staff_user, admin_user):
    url = reverse("playbook-rule-list")
    assert client_as(staff_user).post(url, RULE, content_type="application/json").status_code == 403
    assert not PlaybookRule.objects.exists()

    response = client_as(admin_user).post(url, RULE, content_type="application/json")

    assert response.status_code == 201
    version = PlaybookVersion.objects.get()
    assert [rule["id"] for rule in version.rules] == [response.json()["id"]]


def test_a_rule_comparing_with_a_number_needs_a_number(client_as, admin_user):
    response = client_as(admin_user).post(
        reverse("playbook-rule-list"), {**RULE, "value": "five"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "value" in response.json()["error"]["fields"]
    assert not PlaybookRule.objects.exists()


def test_staff_cannot_change_a_rule_and_liaisons_cannot_find_it(client_as, staff_user, acme_liaison):
    rule = PlaybookRuleFactory()
    url = reverse("playbook-rule-detail", args=[rule.pk])

    assert client_as(staff_user).patch(url, {"value": "90"}, content_type="application/json").status_code == 403
    assert client_as(acme_liaison).patch(url, {"value": "90"}, content_type="application/json").status_code == 404
    assert client_as(acme_liaison).get(reverse("playbook-rule-list")).json()["count"] == 0
    rule.refresh_from_db()
    assert rule.value == "60"


# --- Lists never query per row -----------------------------------------------------------------


def _rules(n, **context):
    PlaybookRuleFactory.create_batch(n)


def _versions(n, admin_user, **context):
    PlaybookVersionFactory.create_batch(n, published_by=admin_user)


def _deviations(n, admin_user, acme_agreement, **context):
    for _ in range(n):
        DeviationFactory(
            agreement=acme_agreement,
            signed_off_by=admin_user,
            signed_off_at=datetime.datetime.now(datetime.UTC),
            sign_off_reason="Accepted.",
        )


def _manuscripts(n, staff_user, acme_agreement, acme_liaison, **context):
    for _ in range(n):
        review = submit(acme_agreement, staff_user).reviews.get()
        services.publication_review_answer(review=review, actor=acme_liaison, action="clear")


LISTS = [
    ("playbook-rule-list", _rules, "staff_user"),
    ("playbook-version-list", _versions, "staff_user"),
    ("deviation-list", _deviations, "staff_user"),
    ("manuscript-list", _manuscripts, "staff_user"),
    ("manuscript-list", _manuscripts, "acme_liaison"),
    ("publication-review-list", _manuscripts, "staff_user"),
    ("publication-review-list", _manuscripts, "acme_liaison"),
]


@pytest.mark.parametrize(("name", "make", "persona"), LISTS, ids=[f"{n}-{p}" for n, _, p in LISTS])
def test_lists_cost_the_same_queries_for_one_row_and_for_ten(
    name, make, persona, client_as, admin_user, staff_user, acme_liaison, acme_agreement
):
    context = {
        "admin_user": admin_user,
        "staff_user": staff_user,
        "acme_liaison": acme_liaison,
        "acme_agreement": acme_agreement,
    }
    client = client_as(context[persona])

    def count_queries(expected_rows):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert response.json()["count"] == expected_rows
        return len(queries)

    make(1, **context)
    one = count_queries(1)
    make(9, **context)
    assert count_queries(10) == one
