"""Agreement rules: lifecycle, execution, negotiation clock, reviews, documents, expiry."""

import contextlib
import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from agreements import services, terms
from agreements.models import Agreement, AgreementStatus, BallHolder, Document, ReviewStatus, StatusChange
from core.exceptions import ConcurrentEditError
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db
S = AgreementStatus


def test_create_from_a_preset_fills_terms_and_generates_a_reference(staff_user, acme_partnership, acme, university):
    agreement = services.agreement_create(
        partnership=acme_partnership,
        actor=staff_user,
        preset="lambert_2",
        data={"kind": "sponsored_research", "title": "Grasping", "owner": staff_user, "publication_review_days": 45},
        parties=[(university, None), (acme, None)],
    )
    assert agreement.reference == f"AGR-{date.today():%Y}-{agreement.pk:05d}"
    assert agreement.option_exclusive_licence is True
    assert agreement.publication_review_days == 45  # typed value wins over the preset
    assert agreement.ball_changes.get().holder == BallHolder.TTO


def test_parties_must_be_members_of_the_partnership(staff_user, acme_partnership, globex):
    with pytest.raises(ValidationError, match="Not members of the partnership: Globex Analytics"):
        services.agreement_create(
            partnership=acme_partnership,
            actor=staff_user,
            data={"kind": "confidentiality", "title": "NDA", "owner": staff_user},
            parties=[(globex, None)],
        )
    assert not Agreement.objects.exists()


def test_illegal_transition_is_refused_and_says_what_is_allowed(staff_user, acme_agreement):
    with pytest.raises(ValidationError, match="cannot move to executed. Allowed: Internal review"):
        services.agreement_transition(agreement=acme_agreement, to_status=S.EXECUTED, actor=staff_user)
    assert Agreement.objects.get(pk=acme_agreement.pk).status == S.DRAFT


def test_execution_needs_the_effective_date_and_every_signature(staff_user, acme_agreement):
    for status in (S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE):
        services.agreement_transition(agreement=acme_agreement, to_status=status, actor=staff_user)
    with pytest.raises(ValidationError, match="first enter the effective date and signature dates of"):
        services.agreement_transition(agreement=acme_agreement, to_status=S.EXECUTED, actor=staff_user)
    Agreement.objects.filter(pk=acme_agreement.pk).update(effective_date=date(2026, 1, 1))
    for party in acme_agreement.parties.all():
        services.party_sign(party=party, actor=staff_user, signed_on=date(2025, 12, 20))
    services.agreement_transition(agreement=acme_agreement, to_status=S.EXECUTED, actor=staff_user, note="Signed")
    agreement = Agreement.objects.get(pk=acme_agreement.pk)
    assert agreement.status == S.EXECUTED and agreement.executed_at is not None


def test_expiry_job_expires_once(staff_user, acme_agreement):
    Agreement.objects.filter(pk=acme_agreement.pk).update(
        status=S.EXECUTED, effective_date=date(2020, 1, 1), expiry_date=date(2021, 1, 1)
    )
    assert services.agreements_expire_due() == 1
    assert services.agreements_expire_due() == 0
    change = StatusChange.objects.get(agreement=acme_agreement)
    assert (change.from_status, change.to_status, change.actor) == (S.EXECUTED, S.EXPIRED, None)


def test_executed_agreements_are_frozen(staff_user, acme_agreement):
    Agreement.objects.filter(pk=acme_agreement.pk).update(status=S.EXECUTED)
    with pytest.raises(ValidationError, match="record an amendment"):
        services.agreement_update(
            agreement=acme_agreement, actor=staff_user, data={"title": "x"}, expected_version=None
        )


def test_two_editors_one_wins_the_other_is_refused(staff_user, admin_user, acme_agreement):
    read_version = acme_agreement.version
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 45}, expected_version=read_version
    )
    with pytest.raises(ConcurrentEditError):
        services.agreement_update(
            agreement=acme_agreement,
            actor=admin_user,
            data={"publication_review_days": 90},
            expected_version=read_version,
        )
    assert Agreement.objects.get(pk=acme_agreement.pk).publication_review_days == 45


def test_statement_of_work_inherits_unset_terms(staff_user, acme_partnership, acme, university):
    master = services.agreement_create(
        partnership=acme_partnership,
        actor=staff_user,
        preset="institution_standard",
        data={"kind": "master_research", "title": "Master", "owner": staff_user},
        parties=[(university, None), (acme, None)],
    )
    sow = services.agreement_create(
        partnership=acme_partnership,
        actor=staff_user,
        data={
            "kind": "statement_of_work",
            "title": "SOW 1",
            "owner": staff_user,
            "parent": master,
            "publication_review_days": 20,
        },
        parties=[(acme, None)],
    )
    from agreements.selectors import term_rows

    rows = {row["name"]: row for group in term_rows(sow) for row in group["rows"]}
    assert rows["publication_review_days"] == {**rows["publication_review_days"], "value": "20", "inherited": False}
    assert rows["foreground_ip_owner"]["value"] == "Institution" and rows["foreground_ip_owner"]["inherited"] is True


def test_statement_of_work_needs_a_master_agreement(staff_user, acme_partnership, acme):
    with pytest.raises(ValidationError, match="names its master agreement"):
        services.agreement_create(
            partnership=acme_partnership,
            actor=staff_user,
            data={"kind": "statement_of_work", "title": "Orphan", "owner": staff_user},
            parties=[(acme, None)],
        )


def test_ball_days_count_each_side():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    changes = [("tto", start), ("sponsor", start + timedelta(days=3)), ("tto", start + timedelta(days=10))]
    assert terms.ball_days(changes, start + timedelta(days=12)) == {"tto": 5, "sponsor": 7}


def test_review_round_freezes_terms_moves_status_and_passes_the_ball(staff_user, acme_liaison, acme, acme_agreement):
    services.agreement_transition(agreement=acme_agreement, to_status=S.NEGOTIATION, actor=staff_user)
    review_round = services.review_send(
        agreement=acme_agreement, organization=acme, actor=staff_user, due_date=date.today() + timedelta(days=14)
    )
    agreement = Agreement.objects.get(pk=acme_agreement.pk)
    assert (agreement.status, agreement.ball_holder) == (S.PARTNER_REVIEW, BallHolder.SPONSOR)
    assert review_round.terms["publication_review_days"] == 30

    services.review_comment(
        review_round=review_round, actor=acme_liaison, term_group="publication", body="We need 60 days.", internal=True
    )
    assert review_round.comments.get().internal is False  # partners never write internal comments
    services.review_decide(review_round=review_round, actor=acme_liaison, decision=ReviewStatus.CHANGES_REQUESTED)
    assert Agreement.objects.get(pk=acme_agreement.pk).ball_holder == BallHolder.TTO
    with pytest.raises(ValidationError, match="already decided"):
        services.review_decide(review_round=review_round, actor=acme_liaison, decision=ReviewStatus.APPROVED)


def test_only_the_reviewing_party_decides(staff_user, globex_liaison, acme, acme_agreement):
    review_round = services.review_send(
        agreement=acme_agreement, organization=acme, actor=staff_user, due_date=date.today() + timedelta(days=14)
    )
    for outsider in (staff_user, globex_liaison):
        with pytest.raises(ValidationError, match="Only a liaison of the reviewing party"):
            services.review_decide(review_round=review_round, actor=outsider, decision=ReviewStatus.APPROVED)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_documents_are_versioned_and_checksummed(staff_user, acme_agreement, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = services.document_upload(
        agreement=acme_agreement, actor=staff_user, uploaded_file=SimpleUploadedFile("draft.pdf", b"%PDF-1.7 body")
    )
    second = services.document_upload(
        agreement=acme_agreement, actor=staff_user, uploaded_file=SimpleUploadedFile("../../etc/passwd.docx", _docx())
    )
    assert (first.number, first.file_type, second.number, second.file_type) == (1, "pdf", 2, "docx")
    assert second.original_name == "passwd.docx"
    assert "passwd" not in second.file.name and ".." not in second.file.name
    import hashlib

    assert first.sha256 == hashlib.sha256(b"%PDF-1.7 body").hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.pdf", b"MZ\x90\x00 an executable", "neither"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "neither"),
        ("notes.pdf", b"just text", "neither"),
    ],
)
def test_uploads_that_are_not_pdf_or_docx_are_refused(staff_user, acme_agreement, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.document_upload(
            agreement=acme_agreement, actor=staff_user, uploaded_file=SimpleUploadedFile(name, content)
        )
    assert not Document.objects.exists()


def test_oversize_upload_is_refused(staff_user, acme_agreement, monkeypatch):
    from agreements.services import documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError, match="larger than"):
        services.document_upload(
            agreement=acme_agreement,
            actor=staff_user,
            uploaded_file=SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20),
        )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(AgreementStatus.values), max_size=12))
def test_any_sequence_of_requests_leaves_a_history_that_replays_to_the_status(requests):
    """Whatever order people ask for, only legal steps are taken and the record explains the state."""
    from tests.accounts.factories import UserFactory

    user = UserFactory(username="hypothesis-staff", role="staff")
    agreement = AgreementFactory(owner=user)
    Agreement.objects.filter(pk=agreement.pk).update(effective_date=date(2026, 1, 1))
    agreement.parties.update(signed_on=date(2025, 12, 1))
    for to_status in requests:
        with contextlib.suppress(ValidationError):  # refused requests are the point of the test
            services.agreement_transition(agreement=agreement, to_status=to_status, actor=user)
    steps = list(StatusChange.objects.filter(agreement=agreement).values_list("from_status", "to_status"))
    assert terms.replay(S.DRAFT, steps) == Agreement.objects.get(pk=agreement.pk).status
    Agreement.objects.all().delete()


def test_an_executed_agreement_is_amended_and_may_be_extended(staff_user, acme_agreement):
    Agreement.objects.filter(pk=acme_agreement.pk).update(status=S.EXECUTED, expiry_date=date(2027, 1, 1))
    amendment = services.amendment_record(
        agreement=acme_agreement,
        actor=staff_user,
        title="Extension",
        summary="A third year",
        effective_date=date(2026, 6, 1),
        new_expiry_date=date(2028, 1, 1),
    )
    assert amendment.number == 1
    assert Agreement.objects.get(pk=acme_agreement.pk).expiry_date == date(2028, 1, 1)


def test_drafts_are_not_amended(staff_user, acme_agreement):
    with pytest.raises(ValidationError, match="Only an executed agreement is amended"):
        services.amendment_record(
            agreement=acme_agreement, actor=staff_user, title="x", summary="y", effective_date=date(2026, 1, 1)
        )
