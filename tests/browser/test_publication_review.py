from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements import services
from agreements.models import Agreement, AgreementParty

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_partner_asks_for_a_patent_delay_the_other_lets_the_deadline_lapse(
    page, sign_in, screenshot, staff_user, acme_liaison, acme_agreement, globex
):
    """Submitted 20 days ago with a 30-day review: Acme asks for 45 days; Globex never answers and lapses."""
    AgreementParty.objects.create(agreement=acme_agreement, organization=globex)
    acme_agreement.partnership.members.create(organization=globex, role="sponsor")
    Agreement.objects.filter(pk=acme_agreement.pk).update(publication_review_days=30, patent_delay_days=60)
    submitted = timezone.localdate() - timedelta(days=20)
    manuscript = services.manuscript_submit(
        agreement=acme_agreement,
        actor=staff_user,
        title="Learning to grasp",
        authors="M. Chen, P. Raman",
        submitted_on=submitted,
    )

    sign_in(acme_liaison)
    page.goto(manuscript.get_absolute_url())
    page.get_by_label("Action").select_option(label="Ask for a patent delay")
    page.get_by_label("Delay (days)").fill("45")
    page.get_by_label("What and why").fill("We file a provisional application for the gripper.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Your answer was recorded.")).to_be_visible()

    # Globex's deadline passes unanswered; the nightly job clears it by lapse.
    services.publication_reviews_lapse(today=submitted + timedelta(days=31))
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(staff_user)
    page.goto(manuscript.get_absolute_url())
    release = submitted + timedelta(days=30 + 45)
    expect(page.get_by_test_id("release-date")).to_have_text(release.strftime("%-d %B %Y"))
    expect(page.get_by_test_id("publication-reviews")).to_contain_text("Cleared by lapse")
    expect(page.get_by_test_id("publication-reviews")).to_contain_text("Patent delay requested: 45 days")
    screenshot("manuscript-release-date")
