"""The playbook check, sign-offs, publication reviews, the lapse job and the calendar feed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementStatus, Deviation, PlaybookRule, PublicationReview
from agreements.playbook import Condition, Severity, deviates
from core.history import history_for

pytestmark = pytest.mark.django_db
S = AgreementStatus


@pytest.fixture
def playbook(admin_user):
    return services.playbook_seed_defaults(actor=admin_user)


@pytest.mark.parametrize(
    ("condition", "expected", "actual", "result"),
    [
        (Condition.AT_MOST, "60", 90, True),
        (Condition.AT_MOST, "60", 60, False),
        (Condition.AT_LEAST, "30", 10, True),
        (Condition.IS_TRUE, "", False, True),
        (Condition.IS_TRUE, "", True, False),
        (Condition.NOT_EQUALS, "sponsor", "sponsor", True),
        (Condition.AT_MOST, "60", None, False),  # not settled yet: nothing to flag
    ],
)
def test_rule_conditions(condition, expected, actual, result):
    assert deviates(condition, expected, actual) is result


def test_a_deviation_is_found_when_terms_change_and_names_the_playbook_version(staff_user, acme_agreement, playbook):
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 90}, expected_version=None
    )
    deviation = Deviation.objects.get(agreement=acme_agreement)
    assert (deviation.term, deviation.actual, deviation.severity) == ("publication_review_days", "90", Severity.WARNING)
    assert deviation.playbook_version == playbook
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 45}, expected_version=None
    )
    assert not Deviation.objects.open().exists()  # fixed terms close the deviation
    closed = history_for(acme_agreement, staff_user).get(action="deviation closed")
    assert closed.actor == staff_user
    assert "no longer depart from it (was 90)" in closed.summary


def test_a_blocker_stops_approval_until_an_admin_signs_it_off(staff_user, admin_user, acme_agreement, playbook):
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"right_to_publish": False}, expected_version=None
    )
    services.agreement_transition(agreement=acme_agreement, to_status=S.NEGOTIATION, actor=staff_user)
    with pytest.raises(ValidationError, match="sign off the blocking deviations first"):
        services.agreement_transition(agreement=acme_agreement, to_status=S.APPROVED, actor=staff_user)
    blocker = Deviation.objects.needing_sign_off().get()
    with pytest.raises(PermissionDenied):
        services.deviation_sign_off(deviation=blocker, actor=staff_user, reason="Fine")
    with pytest.raises(ValidationError):
        services.deviation_sign_off(deviation=blocker, actor=admin_user, reason="  ")
    services.deviation_sign_off(deviation=blocker, actor=admin_user, reason="Classified defence work, agreed by the VP")
    services.agreement_transition(agreement=acme_agreement, to_status=S.APPROVED, actor=staff_user)
    assert Agreement.objects.get(pk=acme_agreement.pk).status == S.APPROVED


def test_changing_the_playbook_rechecks_live_agreements(admin_user, acme_agreement, playbook):
    Agreement.objects.filter(pk=acme_agreement.pk).update(publication_review_days=45)
    rule = PlaybookRule.objects.get(term="publication_review_days")
    services.playbook_rule_save(actor=admin_user, rule=rule, data={"value": "30"})
    deviation = Deviation.objects.open().get(agreement=acme_agreement)
    assert deviation.playbook_version.number == playbook.number + 1


def test_only_admins_edit_the_playbook(staff_user, playbook):
    with pytest.raises(PermissionDenied):
        services.playbook_rule_save(
            actor=staff_user, data={"standard_position": "x"}, rule=PlaybookRule.objects.first()
        )


def test_liaisons_never_see_deviations(client_as, acme_liaison, staff_user, acme_agreement, playbook):
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"publication_review_days": 90}, expected_version=None
    )
    assert not Deviation.objects.visible_to(acme_liaison).exists()
    page = client_as(acme_liaison).get(acme_agreement.get_absolute_url()).content.decode()
    assert "Deviations from the playbook" not in page


def test_agreements_list_filters_by_deviation_severity(
    client_as, staff_user, acme_agreement, globex_agreement, playbook
):
    services.agreement_update(
        agreement=acme_agreement, actor=staff_user, data={"theses_protected": False}, expected_version=None
    )
    client = client_as(staff_user)
    blockers = client.get(reverse("agreements:agreement-list"), {"deviation": "blocker"}).context["page_obj"]
    assert [a.pk for a in blockers] == [acme_agreement.pk]
    assert not client.get(reverse("agreements:agreement-list"), {"deviation": "note"}).context["page_obj"]


# --- Publication reviews ------------------------------------------------------------------


@pytest.fixture
def manuscript(staff_user, acme_agreement):
    Agreement.objects.filter(pk=acme_agreement.pk).update(publication_review_days=30, patent_delay_days=60)
    return services.manuscript_submit(
        agreement=acme_agreement,
        actor=staff_user,
        title="Grasping paper",
        authors="M. Chen",
        submitted_on=date(2026, 1, 1),
    )


def test_each_sponsor_party_reviews_with_a_deadline_from_the_terms(manuscript, acme):
    review = PublicationReview.objects.get()
    assert (review.organization, review.due_date) == (acme, date(2026, 1, 31))


def test_a_delay_longer_than_allowed_is_refused_with_the_limit(manuscript, acme_liaison):
    review = PublicationReview.objects.get()
    with pytest.raises(ValidationError, match="at most 60 days"):
        services.publication_review_answer(review=review, actor=acme_liaison, action="request_delay", delay_days=90)
    assert PublicationReview.objects.get().status == "pending"
    services.publication_review_answer(review=review, actor=acme_liaison, action="request_delay", delay_days=45)
    assert services.manuscript_standing(manuscript)["release_date"] == date(2026, 3, 17)


def test_only_the_reviewing_party_answers(manuscript, staff_user, globex_liaison):
    review = PublicationReview.objects.get()
    for outsider in (staff_user, globex_liaison):
        with pytest.raises(ValidationError, match="Only a liaison of the reviewing party"):
            services.publication_review_answer(review=review, actor=outsider, action="clear")


def test_removal_request_is_recorded_and_resolved(manuscript, acme_liaison, staff_user):
    review = PublicationReview.objects.get()
    services.publication_review_answer(
        review=review, actor=acme_liaison, action="request_removal", text="Figure 3 shows our gripper design"
    )
    assert "confidential information to be removed" in services.manuscript_standing(manuscript)["summary"]
    services.publication_review_resolve(review=review, actor=staff_user, resolution="Figure 3 replaced")
    review.refresh_from_db()
    assert (review.status, review.resolution) == ("cleared", "Figure 3 replaced")


def test_the_lapse_job_clears_only_what_lapsed_and_only_once(manuscript):
    assert services.publication_reviews_lapse(today=date(2026, 1, 31)) == 0  # due today: not yet lapsed
    assert services.publication_reviews_lapse(today=date(2026, 2, 1)) == 1
    assert services.publication_reviews_lapse(today=date(2026, 2, 2)) == 0
    assert PublicationReview.objects.get().get_status_display() == "Cleared by lapse (no answer by the deadline)"


def test_a_lapse_is_recorded_once_per_review_by_the_system_and_shown_on_the_agreement(
    client_as, manuscript, staff_user, acme_agreement
):
    second = services.manuscript_submit(
        agreement=acme_agreement,
        actor=staff_user,
        title="Tactile sensing",
        authors="M. Chen",
        submitted_on=date(2026, 1, 1),
    )
    assert services.publication_reviews_lapse(today=date(2026, 2, 1)) == 2
    lapses = history_for(acme_agreement, staff_user).filter(action="publication review lapsed")
    assert [(entry.actor, entry.summary) for entry in lapses.order_by("pk")] == [
        (None, f"Acme Robotics: “{title}” cleared by lapse, unanswered at its deadline of 31 Jan 2026")
        for title in (manuscript.title, second.title)
    ]
    services.publication_reviews_lapse(today=date(2026, 2, 2))
    assert lapses.count() == 2  # a second run records nothing again

    client = client_as(staff_user)
    history = client.get(acme_agreement.get_absolute_url()).content.decode()
    assert (
        "<strong>System</strong> publication review lapsed: Acme Robotics: “Grasping paper” cleared by lapse" in history
    )
    assert "Cleared by lapse" in client.get(manuscript.get_absolute_url()).content.decode()


def test_liaisons_see_only_reviews_addressed_to_them(client_as, manuscript, globex_liaison, acme_liaison):
    assert client_as(globex_liaison).get(manuscript.get_absolute_url()).status_code == 404
    page = client_as(acme_liaison).get(manuscript.get_absolute_url()).content.decode()
    assert "May be submitted from" in page
