"""The REST API for agreements, told through the personas.

Staff draft and negotiate; two editors never silently overwrite each other; Acme's liaison
sees Acme's agreements, comments on and decides Acme's review rounds, and nothing internal;
Globex's liaison cannot tell Acme's agreements exist.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.models import Activity, Agreement, AgreementKind, AgreementParty, BallChange, Document, ReviewStatus
from tests.agreements.factories import ActivityFactory, AgreementFactory
from tests.api.openapi import assert_conforms
from tests.partnerships.factories import MemberFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def send(client, method: str, url: str, data=None, **headers):
    return getattr(client, method)(url, data or {}, content_type=JSON, headers=headers)


def error(response) -> dict:
    return response.json()["error"]


def detail_url(agreement) -> str:
    return reverse("agreement-detail", args=[agreement.pk])


def action_url(name: str, agreement, *ids) -> str:
    return reverse(f"agreement-{name}", args=[agreement.pk, *ids])


def in_a_week() -> str:
    return (datetime.date.today() + datetime.timedelta(days=7)).isoformat()


def send_for_review(agreement, organization, staff_user, message=""):
    return services.review_send(
        agreement=agreement,
        organization=organization,
        actor=staff_user,
        due_date=datetime.date.today() + datetime.timedelta(days=7),
        message=message,
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def consortium_agreement(acme_partnership, globex, university, acme):
    """Globex joins Acme's partnership: one agreement, three parties, each reviewing on its own."""
    MemberFactory(partnership=acme_partnership, organization=globex)
    return AgreementFactory(
        partnership=acme_partnership, title="Grasping consortium agreement", parties=[university, acme, globex]
    )


# --- Drafting ------------------------------------------------------------------------------


def test_staff_draft_an_agreement_from_a_preset(client_as, staff_user, acme_partnership, university, acme):
    response = send(
        client_as(staff_user),
        "post",
        reverse("agreement-list"),
        {
            "partnership": acme_partnership.pk,
            "kind": "sponsored_research",
            "title": "Grasping of deformable objects",
            "preset": "lambert_2",
            "parties": [{"organization": university.pk}, {"organization": acme.pk}],
            "value": "180000.00",
            "publication_review_days": 45,
            "internal_notes": "45 days is our limit.",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith(f"AGR-{datetime.date.today():%Y}-")
    assert response.headers["ETag"] == '"1"'
    assert body["owner"]["id"] == staff_user.pk
    assert body["partnership"] == {"id": acme_partnership.pk, "name": acme_partnership.title}
    assert body["terms"]["ip"]["option_exclusive_licence"] is True  # from the preset
    assert body["terms"]["ip"]["option_negotiation_days"] == 180
    assert body["terms"]["publication"]["publication_review_days"] == 45  # typed value beats the preset
    assert body["terms"]["confidentiality"]["confidentiality_years"] == 3
    assert body["inherited_terms"] == []
    assert body["value"] == "180000.00"
    assert body["internal_notes"] == "45 days is our limit."
    assert body["allowed_transitions"] == ["internal_review", "negotiation", "on_hold", "terminated"]
    assert set(body["ball_days"]) == {"tto"}
    assert [party["organization"]["name"] for party in body["parties"]] == ["Acme Robotics", "Northbridge University"]


def test_an_agreement_without_parties_is_refused_and_nothing_is_written(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)
    data = {"partnership": acme_partnership.pk, "kind": "sponsored_research", "title": "No one signs", "parties": []}

    empty = send(client, "post", reverse("agreement-list"), data)
    missing = send(client, "post", reverse("agreement-list"), {k: v for k, v in data.items() if k != "parties"})

    assert empty.status_code == missing.status_code == 400
    assert "parties" in error(empty)["fields"] and "parties" in error(missing)["fields"]
    assert Agreement.objects.count() == AgreementParty.objects.count() == BallChange.objects.count() == 0


def test_a_party_outside_the_partnership_is_refused_by_the_rules(client_as, staff_user, acme_partnership, globex):
    response = send(
        client_as(staff_user),
        "post",
        reverse("agreement-list"),
        {
            "partnership": acme_partnership.pk,
            "kind": "confidentiality",
            "title": "NDA",
            "parties": [{"organization": globex.pk}],
        },
    )

    assert response.status_code == 400
    assert "Not members of the partnership: Globex Analytics" in error(response)["fields"]["parties"][0]
    assert not Agreement.objects.exists()


def test_liaisons_and_viewers_may_not_draft(client_as, viewer_user, acme_liaison, acme_partnership, acme):
    data = {"partnership": acme_partnership.pk, "kind": "option", "title": "x", "parties": [{"organization": acme.pk}]}
    for user in (viewer_user, acme_liaison):
        assert send(client_as(user), "post", reverse("agreement-list"), data).status_code == 403
    assert not Agreement.objects.exists()


def test_a_statement_of_work_shows_the_terms_it_inherits(client_as, staff_user, acme_partnership):
    master = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.MASTER_RESEARCH, confidentiality_years=5)
    sow = AgreementFactory(
        partnership=acme_partnership,
        kind=AgreementKind.STATEMENT_OF_WORK,
        parent=master,
        right_to_publish=None,
        publication_review_days=60,
    )

    body = client_as(staff_user).get(detail_url(sow)).json()

    assert body["parent"] == master.pk
    assert body["terms"]["confidentiality"]["confidentiality_years"] == 5
    assert body["terms"]["publication"]["publication_review_days"] == 60
    assert set(body["inherited_terms"]) == {"confidentiality_years", "right_to_publish"}


# --- Editing without losing anyone's changes -----------------------------------------------


def test_two_editors_with_if_match_one_wins_the_other_gets_412_and_nothing_is_lost(
    client_as, staff_user, admin_user, acme_agreement
):
    sam = client_as(staff_user)
    alice = Client()
    alice.force_login(admin_user)
    sams_etag = sam.get(detail_url(acme_agreement)).headers["ETag"]
    alices_etag = alice.get(detail_url(acme_agreement)).headers["ETag"]
    assert sams_etag == alices_etag == '"1"'

    sams_edit = send(sam, "patch", detail_url(acme_agreement), {"publication_review_days": 45}, if_match=sams_etag)
    alices_edit = send(alice, "patch", detail_url(acme_agreement), {"title": "Renamed"}, if_match=alices_etag)

    assert sams_edit.status_code == 200 and sams_edit.headers["ETag"] == '"2"'
    assert alices_edit.status_code == 412
    assert error(alices_edit)["code"] == "precondition_failed"
    acme_agreement.refresh_from_db()
    assert (acme_agreement.publication_review_days, acme_agreement.title, acme_agreement.version) == (
        45,
        "Acme grasping research agreement",
        2,
    )

    # Alice reloads and makes her change again: both are kept.
    fresh_etag = alice.get(detail_url(acme_agreement)).headers["ETag"]
    retried = send(alice, "patch", detail_url(acme_agreement), {"title": "Renamed"}, if_match=fresh_etag)
    assert retried.status_code == 200
    assert retried.json()["title"] == "Renamed"
    assert retried.json()["terms"]["publication"]["publication_review_days"] == 45


def test_two_editors_with_body_versions_one_wins_the_other_gets_409(client_as, staff_user, admin_user, acme_agreement):
    sam = client_as(staff_user)
    alice = Client()
    alice.force_login(admin_user)
    version = sam.get(detail_url(acme_agreement)).json()["version"]

    first = send(sam, "patch", detail_url(acme_agreement), {"value": "1000.00", "version": version})
    second = send(alice, "put", detail_url(acme_agreement), {"kind": "option", "title": "Option", "version": version})

    assert first.status_code == 200
    assert second.status_code == 409
    assert error(second)["code"] == "conflict"
    acme_agreement.refresh_from_db()
    assert (str(acme_agreement.value), acme_agreement.kind, acme_agreement.version) == (
        "1000.00",
        "sponsored_research",
        2,
    )


def test_an_edit_that_names_no_version_is_refused_with_428(client_as, staff_user, acme_agreement):
    response = send(client_as(staff_user), "patch", detail_url(acme_agreement), {"title": "Blind write"})

    assert response.status_code == 428
    assert error(response)["code"] == "precondition_required"
    acme_agreement.refresh_from_db()
    assert acme_agreement.title == "Acme grasping research agreement"


def test_liaison_may_read_but_not_edit_their_agreement(client_as, acme_liaison, acme_agreement):
    response = send(client_as(acme_liaison), "patch", detail_url(acme_agreement), {"title": "Mine", "version": 1})
    assert response.status_code == 403


# --- Lifecycle -------------------------------------------------------------------------------


def test_an_illegal_transition_is_refused_naming_the_allowed_ones(client_as, staff_user, acme_agreement):
    response = send(client_as(staff_user), "post", action_url("transition", acme_agreement), {"to_status": "executed"})

    assert response.status_code == 400
    assert error(response)["fields"]["to_status"] == [
        "A draft agreement cannot move to executed. Allowed: Internal review, Negotiation, On hold, Terminated."
    ]
    acme_agreement.refresh_from_db()
    assert acme_agreement.status == "draft"


def test_a_transition_moves_the_agreement_and_a_stale_if_match_moves_nothing(client_as, staff_user, acme_agreement):
    client = client_as(staff_user)
    url = action_url("transition", acme_agreement)

    moved = send(client, "post", url, {"to_status": "negotiation", "note": "Sponsor replied"}, if_match='"1"')
    stale = send(client, "post", url, {"to_status": "approved"}, if_match='"1"')

    assert moved.status_code == 200
    assert moved.json()["status"] == "negotiation" and moved.headers["ETag"] == '"2"'
    assert stale.status_code == 412
    acme_agreement.refresh_from_db()
    assert acme_agreement.status == "negotiation"


def test_staff_pass_the_ball_and_record_a_signature(client_as, staff_user, acme_agreement, acme):
    client = client_as(staff_user)
    party = acme_agreement.parties.get(organization=acme)

    passed = send(client, "post", action_url("ball", acme_agreement), {"holder": "legal", "note": "Indemnity"})
    signed = send(
        client,
        "post",
        action_url("party-sign", acme_agreement, party.pk),
        {"signed_on": datetime.date.today().isoformat()},
    )

    assert passed.status_code == 200 and passed.json()["ball_holder"] == "legal"
    assert signed.status_code == 200
    acme_party = next(p for p in signed.json()["parties"] if p["id"] == party.pk)
    assert acme_party["signed_on"] == datetime.date.today().isoformat()


# --- What liaisons see -----------------------------------------------------------------------


def test_liaison_lists_only_agreements_their_organization_is_party_to(
    client_as, acme_liaison, acme_agreement, globex_agreement
):
    response = client_as(acme_liaison).get(reverse("agreement-list"))

    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["id"] for row in results] == [acme_agreement.pk]
    assert "internal_notes" not in results[0]
    assert results[0]["allowed_transitions"] == []


def test_liaison_reads_their_agreement_without_internal_notes(client_as, acme_liaison, viewer_user, acme_agreement):
    mine = client_as(acme_liaison).get(detail_url(acme_agreement))
    office = client_as(viewer_user).get(detail_url(acme_agreement))

    assert mine.status_code == office.status_code == 200
    assert "internal_notes" not in mine.json()
    assert office.json()["internal_notes"] == "Internal: fallback position is 45 days review."
    assert office.json()["allowed_transitions"] == []  # viewers read, they do not move agreements


def test_rival_liaison_cannot_tell_acmes_agreement_exists(
    client_as, globex_liaison, staff_user, acme_agreement, acme, media_root
):
    document = services.document_upload(
        agreement=acme_agreement, actor=staff_user, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    review_round = send_for_review(acme_agreement, acme, staff_user)
    client = client_as(globex_liaison)

    for url in (
        detail_url(acme_agreement),
        action_url("documents", acme_agreement),
        action_url("document-download", acme_agreement, document.pk),
        action_url("reviews", acme_agreement),
        action_url("activities", acme_agreement),
        action_url("review-compare", acme_agreement, review_round.pk),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert error(response)["code"] == "not_found"
    comment = send(
        client,
        "post",
        action_url("review-comments", acme_agreement, review_round.pk),
        {"term_group": "ip", "body": "Let us in"},
    )
    assert comment.status_code == 404


def test_liaison_never_sees_internal_activities_or_comments(client_as, staff_user, acme_liaison, acme_agreement, acme):
    services.activity_log(
        agreement=acme_agreement,
        actor=staff_user,
        data={"kind": "call", "occurred_on": datetime.date.today(), "summary": "Our fallback is 45 days"},
    )
    services.activity_log(
        agreement=acme_agreement,
        actor=staff_user,
        data={"kind": "draft_sent", "occurred_on": datetime.date.today(), "summary": "Draft 2 sent", "internal": False},
    )
    review_round = send_for_review(acme_agreement, acme, staff_user)
    services.review_comment(
        review_round=review_round, actor=staff_user, term_group="ip", body="Do not concede", internal=True
    )
    services.review_comment(review_round=review_round, actor=staff_user, term_group="ip", body="See clause 4")

    liaison = client_as(acme_liaison)
    activities = liaison.get(action_url("activities", acme_agreement)).json()
    rounds = liaison.get(action_url("reviews", acme_agreement)).json()
    office_rounds = client_as(staff_user).get(action_url("reviews", acme_agreement)).json()

    assert [a["summary"] for a in activities] == ["Draft 2 sent"]
    assert [c["body"] for c in rounds[0]["comments"]] == ["See clause 4"]
    assert [c["body"] for c in office_rounds[0]["comments"]] == ["Do not concede", "See clause 4"]


# --- Review rounds ---------------------------------------------------------------------------


def test_staff_send_a_round_and_the_liaison_comments_and_requests_changes(
    client_as, staff_user, acme_liaison, acme_agreement, acme
):
    sent = send(
        client_as(staff_user),
        "post",
        action_url("reviews", acme_agreement),
        {"organization": acme.pk, "due_date": in_a_week(), "message": "Please review"},
    )
    assert sent.status_code == 201, sent.content
    round_id = sent.json()["id"]
    assert sent.json()["terms"]["publication"]["publication_review_days"] == 30

    liaison = client_as(acme_liaison)
    comment = send(
        liaison,
        "post",
        action_url("review-comments", acme_agreement, round_id),
        {"term_group": "publication", "body": "We need 60 days", "internal": True},
    )
    decision = send(
        liaison,
        "post",
        action_url("review-decision", acme_agreement, round_id),
        {"decision": "changes_requested", "note": "See our comment"},
    )

    assert comment.status_code == 201
    assert comment.json()["internal"] is False  # a partner's comment is never hidden from them
    assert decision.status_code == 200
    assert decision.json()["status"] == ReviewStatus.CHANGES_REQUESTED
    assert decision.json()["decided_by"]["id"] == acme_liaison.pk
    acme_agreement.refresh_from_db()
    assert acme_agreement.ball_holder == "tto"


def test_liaison_cannot_see_or_decide_another_partys_round(
    client_as, staff_user, acme_liaison, consortium_agreement, acme, globex
):
    acme_round = send_for_review(consortium_agreement, acme, staff_user)
    globex_round = send_for_review(consortium_agreement, globex, staff_user)
    liaison = client_as(acme_liaison)

    listed = liaison.get(action_url("reviews", consortium_agreement)).json()
    decided = send(
        liaison,
        "post",
        action_url("review-decision", consortium_agreement, globex_round.pk),
        {"decision": "approved"},
    )
    compared = liaison.get(action_url("review-compare", consortium_agreement, globex_round.pk))

    assert [r["id"] for r in listed] == [acme_round.pk]
    assert decided.status_code == 404
    assert compared.status_code == 404
    globex_round.refresh_from_db()
    assert globex_round.status == ReviewStatus.OPEN


def test_staff_comment_on_a_round_but_only_the_partner_decides_it(client_as, staff_user, acme_agreement, acme):
    review_round = send_for_review(acme_agreement, acme, staff_user)
    client = client_as(staff_user)

    comment = send(
        client,
        "post",
        action_url("review-comments", acme_agreement, review_round.pk),
        {"term_group": "general", "body": "Note for the file", "internal": True},
    )
    decision = send(
        client, "post", action_url("review-decision", acme_agreement, review_round.pk), {"decision": "approved"}
    )

    assert comment.status_code == 201 and comment.json()["internal"] is True
    assert decision.status_code == 403
    review_round.refresh_from_db()
    assert review_round.status == ReviewStatus.OPEN


def test_compare_shows_a_publication_term_changed_between_two_rounds(
    client_as, staff_user, acme_liaison, acme_agreement, acme
):
    first = send_for_review(acme_agreement, acme, staff_user)
    services.review_decide(review_round=first, actor=acme_liaison, decision="changes_requested", note="60 days")
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 60}, expected_version=None
    )
    second = send_for_review(acme_agreement, acme, staff_user)
    liaison = client_as(acme_liaison)

    between_rounds = liaison.get(action_url("review-compare", acme_agreement, first.pk), {"with": second.pk})
    with_current = liaison.get(action_url("review-compare", acme_agreement, second.pk), {"with": "current"})
    unknown = liaison.get(action_url("review-compare", acme_agreement, first.pk), {"with": "999999"})

    assert between_rounds.status_code == 200
    assert between_rounds.json() == {
        "round": 1,
        "compared_with": "2",
        "changes": [{"group": "Publication", "label": "Sponsor review period (days)", "old": "30", "new": "60"}],
    }
    assert with_current.json()["changes"] == []
    assert unknown.status_code == 400 and "with" in error(unknown)["fields"]


# --- Activities and documents ----------------------------------------------------------------


def test_staff_log_an_activity_and_close_its_follow_up(client_as, staff_user, acme_agreement):
    client = client_as(staff_user)
    logged = send(
        client,
        "post",
        action_url("activities", acme_agreement),
        {"kind": "call", "occurred_on": "2026-01-05", "summary": "Called legal", "follow_up_on": "2026-01-12"},
    )
    assert logged.status_code == 201, logged.content
    assert logged.json()["internal"] is True  # internal unless said otherwise

    done = send(client, "post", action_url("activity-done", acme_agreement, logged.json()["id"]))
    again = send(client, "post", action_url("activity-done", acme_agreement, logged.json()["id"]))

    assert done.status_code == 200 and done.json()["follow_up_done"] is True
    assert again.status_code == 400


def test_a_renamed_executable_is_refused(client_as, staff_user, acme_agreement, media_root):
    response = client_as(staff_user).post(
        action_url("documents", acme_agreement),
        {"file": SimpleUploadedFile("contract.pdf", WINDOWS_EXECUTABLE), "note": "Final"},
    )

    assert response.status_code == 400
    assert "file" in error(response)["fields"]
    assert not Document.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_document_downloads_as_an_attachment_with_the_uploaded_bytes(
    client_as, staff_user, acme_liaison, acme_agreement, media_root
):
    uploaded = client_as(staff_user).post(
        action_url("documents", acme_agreement), {"file": SimpleUploadedFile("Acme SRA v1.pdf", PDF), "note": "v1"}
    )
    assert uploaded.status_code == 201, uploaded.content
    document = uploaded.json()
    assert (document["number"], document["file_type"], document["size"]) == (1, "pdf", len(PDF))

    liaison = client_as(acme_liaison)
    assert liaison.get(action_url("documents", acme_agreement)).json() == []  # a working draft stays internal
    send_for_review(acme_agreement, acme_liaison.person.affiliations.get().organization, staff_user)
    listed = liaison.get(action_url("documents", acme_agreement)).json()
    response = liaison.get(listed[0]["download_url"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Acme SRA v1.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_liaison_may_not_upload_or_log(client_as, acme_liaison, acme_agreement, media_root):
    client = client_as(acme_liaison)
    upload = client.post(action_url("documents", acme_agreement), {"file": SimpleUploadedFile("x.pdf", PDF)})
    log = send(
        client,
        "post",
        action_url("activities", acme_agreement),
        {"kind": "call", "occurred_on": "2026-01-05", "summary": "Hi"},
    )
    assert upload.status_code == log.status_code == 403
    assert not Document.objects.exists() and not Activity.objects.exists()


# --- Performance -----------------------------------------------------------------------------


def list_queries(client) -> tuple[int, int]:
    url = reverse("agreement-list")
    client.get(url)  # warm up: session and user are read the same way every time after
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()["count"]


@pytest.mark.parametrize("persona", ["staff_user", "acme_liaison"])
def test_agreement_list_queries_do_not_grow_with_rows(request, client_as, persona, acme_partnership, staff_user):
    client = client_as(request.getfixturevalue(persona))
    master = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.MASTER_RESEARCH)
    BallChange.objects.create(agreement=master, holder="tto", actor=staff_user)
    one, count_one = list_queries(client)

    for _ in range(19):
        sow = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.STATEMENT_OF_WORK, parent=master)
        BallChange.objects.create(agreement=sow, holder="tto", actor=staff_user)
        BallChange.objects.create(agreement=sow, holder="sponsor", actor=staff_user)
    twenty, count_twenty = list_queries(client)

    assert (count_one, count_twenty) == (1, 20)
    assert one == twenty, f"{one} queries for 1 agreement, {twenty} for 20"


# --- Answers match the OpenAPI schema (cases tests/api/test_fuzz.py found) -------------------------


def test_a_liaisons_agreement_without_internal_notes_matches_the_schema(acme_liaison, acme_agreement):
    # The schema required `internal_notes`, a key partner liaisons never get.
    response = assert_conforms(
        acme_liaison, "GET", "/api/v1/agreements/{id}/", path_parameters={"id": acme_agreement.pk}
    )
    assert "internal_notes" not in response.json()


def test_a_transition_with_a_stale_if_match_is_a_documented_412(staff_user, acme_agreement):
    # The transition takes If-Match, but its 412 was missing from the schema.
    response = assert_conforms(
        staff_user,
        "POST",
        "/api/v1/agreements/{id}/transition/",
        path_parameters={"id": acme_agreement.pk},
        headers={"If-Match": f'"{acme_agreement.version + 1}"'},
        body={"to_status": "internal_review"},
        media_type=JSON,
    )
    assert response.status_code == 412


def test_closing_a_follow_up_that_is_not_open_is_a_documented_400(staff_user, acme_agreement):
    # A write without a body can still break a rule; its 400 was missing from the schema.
    activity = ActivityFactory(agreement=acme_agreement, follow_up_on=None)
    response = assert_conforms(
        staff_user,
        "POST",
        "/api/v1/agreements/{id}/activities/{activity_id}/done/",
        path_parameters={"id": acme_agreement.pk, "activity_id": activity.pk},
    )
    assert response.status_code == 400
