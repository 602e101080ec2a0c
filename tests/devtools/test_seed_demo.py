import pytest
from django.core.management import call_command

from accounts.models import Role, User
from devtools.demo import DEMO_PASSWORD
from partnerships.models import Organization
from people.models import Person


@pytest.mark.django_db
def test_seed_demo_creates_one_login_per_role_and_rival_liaisons():
    call_command("seed_demo")
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": Role.ADMIN,
        "staff": Role.STAFF,
        "viewer": Role.VIEWER,
        "acme-liaison": Role.LIAISON,
        "globex-liaison": Role.LIAISON,
    }
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    acme = Organization.objects.get(name="Acme Robotics")
    globex = Organization.objects.get(name="Globex Analytics")
    assert list(Organization.objects.visible_to(User.objects.get(username="acme-liaison"))) == [acme]
    assert list(Organization.objects.visible_to(User.objects.get(username="globex-liaison"))) == [globex]


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    counts = (User.objects.count(), Organization.objects.count(), Person.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organization.objects.count(), Person.objects.count()) == counts


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_an_existing_database_alone(staff_user):
    call_command("seed_demo", "--if-empty")
    assert not Organization.objects.exists()
