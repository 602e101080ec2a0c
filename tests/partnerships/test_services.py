"""The rules of partnerships and funding, as the services enforce them for every caller."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.exceptions import ConcurrentEditError
from core.models import ChangeLog
from partnerships import selectors, services
from partnerships.models import FundingCommitment, MemberRole, Milestone, Partnership
from tests.partnerships.factories import FundingFactory, MemberFactory, MilestoneFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_academic_lead_cannot_be_removed(staff_user, acme_partnership):
    lead = acme_partnership.members.get(role=MemberRole.ACADEMIC_LEAD)
    with pytest.raises(ValidationError, match="academic lead cannot be removed"):
        services.partnership_member_remove(member=lead, actor=staff_user)


def test_the_last_member_besides_the_lead_cannot_be_removed(staff_user, acme_partnership, acme):
    with pytest.raises(ValidationError, match="at least one member besides the academic lead"):
        services.partnership_member_remove(member=acme_partnership.members.get(organization=acme), actor=staff_user)


def test_a_member_with_funding_stays(staff_user, acme_partnership, acme):
    MemberFactory(partnership=acme_partnership, organization=OrganizationFactory(name="Extra"))
    FundingFactory(partnership=acme_partnership, source=acme)
    with pytest.raises(ValidationError, match="has funding recorded"):
        services.partnership_member_remove(member=acme_partnership.members.get(organization=acme), actor=staff_user)


def test_removing_a_member_is_recorded(staff_user, acme_partnership):
    extra = MemberFactory(partnership=acme_partnership, organization=OrganizationFactory(name="Extra"))
    services.partnership_member_remove(member=extra, actor=staff_user)
    entry = ChangeLog.objects.get(action="member removed")
    assert (entry.actor, entry.summary) == (staff_user, "Removed Extra (Sponsor)")


def test_update_records_old_and_new_values(staff_user, acme_partnership):
    services.partnership_update(
        partnership=acme_partnership,
        actor=staff_user,
        data={"title": "Grasping v2"},
        expected_version=acme_partnership.version,
    )
    entry = ChangeLog.objects.get(action="updated")
    assert entry.changes == {"title": {"old": "Acme robot grasping", "new": "Grasping v2"}}
    assert Partnership.objects.get(pk=acme_partnership.pk).version == acme_partnership.version + 1


def test_a_stale_version_is_refused(staff_user, acme_partnership):
    services.partnership_update(
        partnership=acme_partnership, actor=staff_user, data={"title": "First"}, expected_version=1
    )
    with pytest.raises(ConcurrentEditError):
        services.partnership_update(
            partnership=acme_partnership, actor=staff_user, data={"title": "Second"}, expected_version=1
        )
    assert Partnership.objects.get(pk=acme_partnership.pk).title == "First"


def test_owner_must_be_staff_or_admin(staff_user, viewer_user, acme_partnership):
    with pytest.raises(ValidationError) as error:
        services.partnership_update(
            partnership=acme_partnership, actor=staff_user, data={"owner": viewer_user}, expected_version=None
        )
    assert "owner" in error.value.message_dict


def test_a_done_milestone_gets_its_completion_date_and_loses_it_when_reopened(staff_user, acme_partnership):
    milestone = MilestoneFactory(partnership=acme_partnership)
    services.milestone_update(milestone=milestone, actor=staff_user, data={"status": "done"})
    assert Milestone.objects.get(pk=milestone.pk).completed_on is not None
    services.milestone_update(milestone=milestone, actor=staff_user, data={"status": "in_progress"})
    assert Milestone.objects.get(pk=milestone.pk).completed_on is None


def test_funding_source_must_be_a_member(staff_user, acme_partnership, globex):
    with pytest.raises(ValidationError, match="not a member of this partnership"):
        services.funding_create(
            partnership=acme_partnership,
            actor=staff_user,
            data={"source": globex, "mechanism": "gift", "amount": Decimal("10"), "currency": "GBP"},
        )
    assert not FundingCommitment.objects.exists()


def test_instalments_cannot_exceed_the_commitment(staff_user, acme_partnership, acme):
    commitment = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("1000"))
    services.instalment_add(commitment=commitment, actor=staff_user, due_date=date(2026, 1, 1), amount=Decimal("600"))
    with pytest.raises(ValidationError, match="at most 400.00 GBP remains"):
        services.instalment_add(
            commitment=commitment, actor=staff_user, due_date=date(2026, 6, 1), amount=Decimal("500")
        )


def test_commitment_cannot_shrink_below_what_was_received(staff_user, acme_partnership, acme):
    commitment = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("1000"))
    services.payment_record(
        commitment=commitment, actor=staff_user, received_on=date(2026, 1, 1), amount=Decimal("800")
    )
    with pytest.raises(ValidationError, match="cannot be less than"):
        services.funding_update(
            commitment=commitment, actor=staff_user, data={"amount": Decimal("500")}, expected_version=None
        )
    assert FundingCommitment.objects.get(pk=commitment.pk).amount == Decimal("1000")


def test_commitment_with_payments_cannot_be_deleted(staff_user, acme_partnership, acme):
    commitment = FundingFactory(partnership=acme_partnership, source=acme)
    services.payment_record(commitment=commitment, actor=staff_user, received_on=date(2026, 1, 1), amount=Decimal("1"))
    with pytest.raises(ValidationError):
        services.funding_delete(commitment=commitment, actor=staff_user)


def test_totals_and_leverage_per_currency(staff_user, acme_partnership, acme):
    council = OrganizationFactory(name="Research Council", kind="government_funder")
    MemberFactory(partnership=acme_partnership, organization=council, role=MemberRole.FUNDER)
    cash = FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("100000"))
    FundingFactory(partnership=acme_partnership, source=council, mechanism="matching_funds", amount=Decimal("100000"))
    FundingFactory(
        partnership=acme_partnership, source=acme, mechanism="in_kind", in_kind_kind="compute", amount=Decimal("50000")
    )
    FundingFactory(partnership=acme_partnership, source=acme, amount=Decimal("9000"), currency="EUR")
    services.payment_record(commitment=cash, actor=staff_user, received_on=date(2026, 1, 1), amount=Decimal("40000"))

    gbp, eur = selectors.funding_totals(FundingCommitment.objects.all()).by_currency
    assert (gbp.currency, gbp.committed, gbp.received, gbp.outstanding) == ("GBP", 250000, 40000, 210000)
    assert (gbp.industry_cash, gbp.matching, gbp.in_kind, gbp.leverage) == (100000, 100000, 50000, Decimal("1.50"))
    assert (eur.currency, eur.committed, eur.received, eur.leverage) == ("EUR", 9000, 0, Decimal("0.00"))


def test_no_industry_cash_means_no_leverage(acme_partnership):
    council = OrganizationFactory(name="Research Council", kind="government_funder")
    MemberFactory(partnership=acme_partnership, organization=council, role=MemberRole.FUNDER)
    FundingFactory(partnership=acme_partnership, source=council, mechanism="matching_funds")
    (totals,) = selectors.funding_totals(FundingCommitment.objects.all()).by_currency
    assert totals.leverage is None


def test_totals_take_two_queries_whatever_the_number_of_commitments(acme_partnership, acme, django_assert_num_queries):
    for _ in range(10):
        FundingFactory(partnership=acme_partnership, source=acme)
    with django_assert_num_queries(2):
        selectors.funding_totals(FundingCommitment.objects.all())


def test_an_organization_cannot_sit_under_its_own_unit(staff_user, acme):
    lab = services.organization_create(actor=staff_user, data={"name": "Acme Lab", "kind": "company", "parent": acme})
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        services.organization_update(organization=acme, actor=staff_user, data={"parent": lab}, expected_version=None)


def test_organization_names_are_unique_whatever_the_case(staff_user, acme):
    with pytest.raises(ValidationError):
        services.organization_create(actor=staff_user, data={"name": "ACME ROBOTICS", "kind": "company"})
