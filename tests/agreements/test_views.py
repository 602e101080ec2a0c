"""Agreement pages as the office and partners use them."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import reminders, services
from agreements.deadlines import notice_threshold
from agreements.models import Activity, Agreement, AgreementStatus, Document, ReviewComment, ReviewStatus, SentReminder
from tests.agreements.factories import ActivityFactory, AgreementFactory, ReviewRoundFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


def test_list_filters_by_status_party_and_expiry(client_as, staff_user, acme, acme_agreement, globex_agreement):
    Agreement.objects.filter(pk=globex_agreement.pk).update(status="executed", expiry_date=date(2027, 1, 1))
    client = client_as(staff_user)
    titles = lambda response: [a.title for a in response.context["page_obj"]]  # noqa: E731
    assert titles(client.get(url("agreement-list"), {"party": acme.pk})) == [acme_agreement.title]
    assert titles(client.get(url("agreement-list"), {"status": ["executed"]})) == [globex_agreement.title]
    assert titles(client.get(url("agreement-list"), {"expiring_before": "2027-06-30"})) == [globex_agreement.title]


def test_liaison_lists_only_agreements_their_organization_is_party_to(
    client_as, acme_liaison, acme_agreement, globex_agreement
):
    response = client_as(acme_liaison).get(url("agreement-list"))
    assert [a.pk for a in response.context["page_obj"]] == [acme_agreement.pk]


def test_list_runs_the_same_queries_for_1_and_25_agreements(client_as, staff_user, acme_partnership):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(staff_user)
    AgreementFactory(partnership=acme_partnership)

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(url("agreement-list"))
        return len(captured)

    one = count()
    for _ in range(24):
        AgreementFactory(partnership=acme_partnership)
    assert count() == one


def test_liaison_detail_hides_internal_notes_and_internal_activities(
    client_as, acme_liaison, staff_user, acme_agreement
):
    services.agreement_transition(
        agreement=acme_agreement, to_status="negotiation", actor=staff_user, note="They will cave on the review period"
    )
    services.agreement_pass_ball(
        agreement=acme_agreement, holder="legal", actor=staff_user, note="Legal hates clause 7"
    )
    ActivityFactory(agreement=acme_agreement, summary="Our walk-away is 45 days", internal=True)
    ActivityFactory(agreement=acme_agreement, summary="Draft v2 sent to Acme", internal=False)
    page = client_as(acme_liaison).get(url("agreement-detail", acme_agreement.pk)).content.decode()
    assert "fallback position" not in page
    assert "walk-away" not in page
    assert "cave on the review period" not in page
    assert "clause 7" not in page
    assert "Draft v2 sent to Acme" in page


def test_rival_liaison_gets_404_everywhere(client_as, globex_liaison, acme_agreement, acme):
    client = client_as(globex_liaison)
    review_round = ReviewRoundFactory(agreement=acme_agreement, organization=acme)
    assert client.get(url("agreement-detail", acme_agreement.pk)).status_code == 404
    assert client.get(url("review-detail", acme_agreement.pk, review_round.pk)).status_code == 404


def test_staff_drafts_from_a_preset_and_typed_terms_win(client_as, staff_user, acme_partnership, acme, university):
    response = client_as(staff_user).post(
        url("agreement-create") + f"?partnership={acme_partnership.pk}",
        {
            "title": "Grasping SRA",
            "kind": "sponsored_research",
            "owner": staff_user.pk,
            "currency": "GBP",
            "parties": [acme.pk, university.pk],
            "preset": "lambert_2",
            "publication_review_days": "45",
        },
    )
    agreement = Agreement.objects.get(title="Grasping SRA")
    assert response.status_code == 302
    assert (agreement.publication_review_days, agreement.option_exclusive_licence) == (45, True)
    assert agreement.reference.startswith("AGR-")


def test_expiry_before_effective_date_is_an_error_on_the_field(client_as, staff_user, acme_partnership, acme):
    response = client_as(staff_user).post(
        url("agreement-create") + f"?partnership={acme_partnership.pk}",
        {
            "title": "Backwards",
            "kind": "confidentiality",
            "owner": staff_user.pk,
            "currency": "GBP",
            "parties": [acme.pk],
            "effective_date": "2026-05-01",
            "expiry_date": "2026-01-01",
        },
    )
    assert response.context["form"].errors["expiry_date"] == ["The expiry date must come after the effective date."]
    assert not Agreement.objects.filter(title="Backwards").exists()


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client_as, staff_user, acme_agreement):
    read_version = acme_agreement.version
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 45}, expected_version=read_version
    )
    form = client_as(staff_user).get(url("agreement-update", acme_agreement.pk)).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"owner": staff_user.pk, "publication_review_days": "90", "version": read_version})
    response = client_as(staff_user).post(url("agreement-update", acme_agreement.pk), data)
    assert "Someone else changed this agreement" in response.content.decode()
    assert Agreement.objects.get(pk=acme_agreement.pk).publication_review_days == 45


def test_illegal_transition_is_explained_and_changes_nothing(client_as, staff_user, acme_agreement):
    response = client_as(staff_user).post(
        url("agreement-transition", acme_agreement.pk),
        {"to_status": "executed", "version": acme_agreement.version},
        follow=True,
    )
    assert "cannot move to executed" in response.content.decode()
    assert Agreement.objects.get(pk=acme_agreement.pk).status == AgreementStatus.DRAFT


def test_upload_of_a_renamed_executable_is_refused(client_as, staff_user, acme_agreement):
    response = client_as(staff_user).post(
        url("document-upload", acme_agreement.pk),
        {"file": SimpleUploadedFile("contract.pdf", b"MZ\x90\x00\x03 executable")},
        follow=True,
    )
    assert "this file is neither" in response.content.decode()
    assert not Document.objects.exists()


def test_download_is_an_attachment_for_those_who_may_see_it(
    client_as, acme_liaison, globex_liaison, staff_user, acme, acme_agreement, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = services.document_upload(
        agreement=acme_agreement, actor=staff_user, uploaded_file=SimpleUploadedFile("v1.pdf", b"%PDF-1.7 content")
    )
    # A working draft stays internal until it is sent to the partner.
    assert client_as(acme_liaison).get(url("document-download", acme_agreement.pk, document.pk)).status_code == 404
    services.review_send(
        agreement=acme_agreement, organization=acme, actor=staff_user, due_date=date.today() + timedelta(days=7)
    )
    response = client_as(acme_liaison).get(url("document-download", acme_agreement.pk, document.pk))
    assert response["Content-Disposition"] == 'attachment; filename="v1.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 content"
    assert client_as(globex_liaison).get(url("document-download", acme_agreement.pk, document.pk)).status_code == 404


def test_liaison_requests_changes_and_staff_sees_the_comparison(
    client_as, staff_user, acme_liaison, acme, acme_agreement
):
    first = services.review_send(
        agreement=acme_agreement, organization=acme, actor=staff_user, due_date=date.today() + timedelta(days=7)
    )
    liaison = client_as(acme_liaison)
    liaison.post(url("review-comment", acme_agreement.pk, first.pk), {"term_group": "publication", "body": "60 days"})
    liaison.post(url("review-decision", acme_agreement.pk, first.pk), {"decision": "changes_requested"})
    assert ReviewComment.objects.get().author == acme_liaison
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 60}, expected_version=None
    )
    second = services.review_send(
        agreement=acme_agreement, organization=acme, actor=staff_user, due_date=date.today() + timedelta(days=7)
    )
    response = client_as(staff_user).get(url("review-detail", acme_agreement.pk, second.pk))
    assert response.context["changes"] == [
        {"group": "Publication", "label": "Sponsor review period (days)", "old": "30", "new": "60"}
    ]
    client_as(acme_liaison).post(url("review-decision", acme_agreement.pk, second.pk), {"decision": "approved"})
    second.refresh_from_db()
    assert second.status == ReviewStatus.APPROVED


def test_liaison_never_sees_internal_comments(client_as, staff_user, acme_liaison, acme, acme_agreement):
    review_round = ReviewRoundFactory(agreement=acme_agreement, organization=acme)
    services.review_comment(
        review_round=review_round, actor=staff_user, term_group="ip", body="Concede if pressed", internal=True
    )
    page = client_as(acme_liaison).get(url("review-detail", acme_agreement.pk, review_round.pk)).content.decode()
    assert "Concede if pressed" not in page


def test_review_list_is_titled_for_the_liaison_organization(client_as, acme_liaison, acme, acme_agreement):
    ReviewRoundFactory(agreement=acme_agreement, organization=acme)
    page = client_as(acme_liaison).get(url("review-list")).content.decode()
    assert "Reviews for Acme Robotics" in page
    assert acme_agreement.reference in page


# --- Deadlines and reminders --------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "threshold"), [(120, None), (90, 90), (75, 90), (60, 60), (31, 60), (30, 30), (0, 30), (-1, None)]
)
def test_notice_thresholds(days_left, threshold):
    today = date(2026, 1, 1)
    assert notice_threshold(today + timedelta(days=days_left), today) == threshold


def test_expiry_reminders_go_once_per_threshold(staff_user, acme_agreement):
    today = date.today()
    Agreement.objects.filter(pk=acme_agreement.pk).update(
        status="executed", effective_date=today - timedelta(days=300), expiry_date=today + timedelta(days=55)
    )
    assert reminders.send_due_reminders(today=today) == 1
    assert reminders.send_due_reminders(today=today) == 0  # a second run sends nothing twice
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"{acme_agreement.reference} expires on {today + timedelta(days=55):%d %b %Y}"
    assert reminders.send_due_reminders(today=today + timedelta(days=30)) == 1  # crossed 30 days
    assert SentReminder.objects.count() == 2


def test_an_overdue_follow_up_reminds_again_every_few_days_until_done(staff_user, acme_agreement):
    activity = ActivityFactory(agreement=acme_agreement, follow_up_on=date.today() - timedelta(days=1))
    today = date.today()
    sent = [reminders.send_due_reminders(today=today + timedelta(days=offset)) for offset in range(7)]
    assert sent == [1, 0, 0, 1, 0, 0, 1]
    services.activity_follow_up_done(activity=activity, actor=staff_user)
    assert reminders.send_due_reminders(today=today + timedelta(days=9)) == 0
    assert Activity.objects.get(pk=activity.pk).follow_up_done
