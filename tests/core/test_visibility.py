"""The access pattern: `visible_to(user)` decides, per role."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from core import roles
from partnerships.models import Organization
from people.models import Person
from tests.accounts.factories import UserFactory
from tests.people.factories import AffiliationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme_engineer(acme):
    return AffiliationFactory(organization=acme).person


@pytest.fixture
def globex_engineer(globex):
    return AffiliationFactory(organization=globex).person


def test_internal_roles_see_every_organization(admin_user, staff_user, viewer_user, acme, globex, university):
    for user in (admin_user, staff_user, viewer_user):
        assert set(Organization.objects.visible_to(user)) == {acme, globex, university}


def test_liaison_sees_only_their_own_organization(acme_liaison, acme, globex, university):
    assert list(Organization.objects.visible_to(acme_liaison)) == [acme]


def test_liaison_cannot_see_rival_people(acme_liaison, acme_engineer, globex_engineer):
    visible = set(Person.objects.visible_to(acme_liaison))
    assert acme_engineer in visible
    assert globex_engineer not in visible
    assert acme_liaison.person in visible


def test_anonymous_sees_nothing(acme, acme_engineer):
    assert not Organization.objects.visible_to(AnonymousUser()).exists()
    assert not Person.objects.visible_to(AnonymousUser()).exists()


def test_liaison_whose_affiliation_ended_sees_nothing(acme_liaison, acme):
    acme_liaison.person.affiliations.update(start_date=date(2020, 1, 1), end_date=date.today() - timedelta(days=1))
    assert not Organization.objects.visible_to(acme_liaison).exists()


def test_deactivated_user_sees_nothing(staff_user, acme):
    staff_user.is_active = False
    assert not Organization.objects.visible_to(staff_user).exists()


def test_liaison_organizations_are_read_once_per_request(acme_liaison, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles.liaison_organization_ids(acme_liaison)
        roles.liaison_organization_ids(acme_liaison)


def test_liaison_without_an_affiliation_sees_nothing(acme, acme_engineer):
    unattached = UserFactory(username="nobody-liaison", role="liaison")
    assert not Organization.objects.visible_to(unattached).exists()
    assert not Person.objects.visible_to(unattached).exists()
