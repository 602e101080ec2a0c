"""Personas every test can use, the same names everywhere.

- `admin_user`, `staff_user`, `viewer_user`: the technology-transfer office.
- `acme_liaison`: liaison of Acme Robotics, a partner company.
- `globex_liaison`: liaison of Globex Analytics, Acme's rival: must never see Acme's data.
"""

import pytest

from accounts.models import Role
from people.models import PersonKind
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory
from tests.sessions import mark_session_saved


@pytest.fixture
def university(db):
    return OrganizationFactory(name="Northbridge University", kind="university")


@pytest.fixture
def acme(db):
    return OrganizationFactory(name="Acme Robotics")


@pytest.fixture
def globex(db):
    return OrganizationFactory(name="Globex Analytics")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="alice-admin", role=Role.ADMIN)


@pytest.fixture
def staff_user(db):
    return UserFactory(username="sam-staff", role=Role.STAFF)


@pytest.fixture
def viewer_user(db):
    return UserFactory(username="vera-viewer", role=Role.VIEWER)


def _liaison(username: str, organization):
    user = UserFactory(username=username, role=Role.LIAISON)
    person = PersonFactory(kind=PersonKind.LIAISON, user=user)
    AffiliationFactory(person=person, organization=organization, title="Partnerships manager")
    return user


@pytest.fixture
def acme_liaison(acme):
    return _liaison("liam-acme", acme)


@pytest.fixture
def globex_liaison(globex):
    return _liaison("grace-globex", globex)


@pytest.fixture
def personas(admin_user, staff_user, viewer_user, acme_liaison, globex_liaison):
    """Every role, keyed the way the access matrix names them."""
    return {
        "anonymous": None,
        "admin": admin_user,
        "staff": staff_user,
        "viewer": viewer_user,
        "acme_liaison": acme_liaison,
        "globex_liaison": globex_liaison,
    }


@pytest.fixture
def client_as(client):
    """`client_as(user)` gives the test client signed in as that user (None: signed out)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
            # As signing in through the login page leaves it: saved just now, so the next
            # requests write nothing to the session, which tests counting queries rely on.
            mark_session_saved(client)
        return client

    return sign_in


@pytest.fixture
def acme_partnership(university, acme, staff_user):
    """Acme sponsors a partnership led by the university."""
    from tests.partnerships.factories import PartnershipFactory

    return PartnershipFactory(title="Acme robot grasping", lead=university, sponsor=acme, owner=staff_user)


@pytest.fixture
def globex_partnership(university, globex, staff_user):
    """Globex, Acme's rival, sponsors another partnership of the same university."""
    from tests.partnerships.factories import PartnershipFactory

    return PartnershipFactory(title="Globex demand forecasting", lead=university, sponsor=globex, owner=staff_user)


@pytest.fixture
def acme_agreement(acme_partnership):
    """A sponsored research agreement between the university and Acme."""
    from tests.agreements.factories import AgreementFactory

    return AgreementFactory(partnership=acme_partnership, title="Acme grasping research agreement")


@pytest.fixture
def globex_agreement(globex_partnership):
    from tests.agreements.factories import AgreementFactory

    return AgreementFactory(partnership=globex_partnership, title="Globex forecasting agreement")
