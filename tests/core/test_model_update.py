"""core.services.model_update: only named fields, only what changed, each change in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.history import history_for
from core.services import model_create, model_update
from partnerships.models import Organization, Partnership
from tests.partnerships.factories import OrganizationFactory, PartnershipFactory, ResearchAreaFactory

pytestmark = pytest.mark.django_db

FIELDS = ["name", "sector", "parent", "internal_notes"]


def _fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


def test_an_unknown_field_is_a_programming_error_and_nothing_is_written(staff_user):
    organization = OrganizationFactory(name="Acme Robotics")
    with pytest.raises(ValueError, match="status"):
        model_update(instance=organization, fields=FIELDS, data={"name": "Acme", "status": "active"}, actor=staff_user)
    assert _fresh(organization).name == "Acme Robotics"
    assert not history_for(organization, staff_user).exists()


def test_an_update_that_changes_nothing_saves_and_records_nothing(staff_user):
    organization = OrganizationFactory(name="Acme Robotics", sector="Robotics")
    with CaptureQueriesContext(connection) as queries:
        organization, changed = model_update(
            instance=_fresh(organization),
            fields=FIELDS,
            data={"name": "Acme Robotics", "sector": "Robotics"},
            actor=staff_user,
        )
    assert not changed
    assert not [query for query in queries if query["sql"].startswith("UPDATE")]
    assert _fresh(organization).version == 1
    assert not history_for(organization, staff_user).exists()


def test_only_the_changed_columns_are_written_with_the_version_and_the_update_stamp(staff_user):
    organization = OrganizationFactory(name="Acme Robotics", sector="Robotics")
    with CaptureQueriesContext(connection) as queries:
        organization, changed = model_update(
            instance=_fresh(organization),
            fields=FIELDS,
            data={"name": "Acme Robotics", "sector": "Warehouse robotics"},
            actor=staff_user,
        )
    [update] = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert changed
    set_clause = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert sorted(column.split(" = ")[0].strip('"') for column in set_clause.split(", ")) == [
        "sector",
        "updated_at",
        "version",
    ]
    assert (_fresh(organization).sector, _fresh(organization).version) == ("Warehouse robotics", 2)


def test_columns_left_unread_are_no_change_when_full_clean_loads_them(staff_user):
    organization = OrganizationFactory(name="Acme Robotics", sector="Robotics")
    partial = Organization.objects.only("pk", "name", "version").get(pk=organization.pk)
    _, changed = model_update(instance=partial, fields=FIELDS, data={"name": "Acme Robotics"}, actor=staff_user)
    assert not changed
    partial = Organization.objects.only("pk", "version").get(pk=organization.pk)
    _, changed = model_update(instance=partial, fields=FIELDS, data={"sector": "Warehouse robotics"}, actor=staff_user)
    assert changed
    assert (_fresh(organization).sector, _fresh(organization).version) == ("Warehouse robotics", 2)


def test_each_changed_field_is_recorded_with_its_old_and_new_value(staff_user):
    parent = OrganizationFactory(name="Acme Holdings")
    organization = OrganizationFactory(name="Acme Robotics", sector="Robotics")
    model_update(
        instance=_fresh(organization),
        fields=FIELDS,
        data={"name": "Acme Robotics", "sector": "Warehouse robotics", "parent": parent},
        actor=staff_user,
    )
    [entry] = history_for(organization, staff_user)
    assert (entry.action, entry.actor) == ("updated", staff_user)
    assert entry.changes == {
        "sector": {"old": "Robotics", "new": "Warehouse robotics"},
        "parent organization": {"old": "", "new": "Acme Holdings"},
    }


def test_a_many_to_many_change_is_set_after_the_save_and_recorded(staff_user):
    robotics, vision = ResearchAreaFactory(name="Robotics"), ResearchAreaFactory(name="Computer vision")
    partnership = PartnershipFactory()
    partnership.research_areas.set([robotics])
    partnership, changed = model_update(
        instance=_fresh(partnership),
        fields=["title", "research_areas"],
        data={"title": partnership.title, "research_areas": [robotics, vision]},
        actor=staff_user,
    )
    assert changed
    stored = _fresh(partnership)
    assert set(stored.research_areas.all()) == {robotics, vision}
    assert stored.version == partnership.version == 2
    [entry] = history_for(partnership, staff_user)
    assert entry.changes == {"research areas": {"old": "Robotics", "new": "Computer vision, Robotics"}}


def test_the_same_many_to_many_set_again_is_no_change(staff_user):
    robotics = ResearchAreaFactory(name="Robotics")
    partnership = PartnershipFactory()
    partnership.research_areas.set([robotics])
    _, changed = model_update(
        instance=_fresh(partnership), fields=["research_areas"], data={"research_areas": [robotics]}, actor=staff_user
    )
    assert not changed
    assert not history_for(partnership, staff_user).exists()


def test_the_services_checks_run_around_full_clean_and_a_refusal_writes_nothing(staff_user):
    organization = OrganizationFactory(name="Acme Robotics")
    calls = []

    def before(instance):
        calls.append(("before", instance.name))

    def after(instance):
        calls.append(("after", instance.name))
        raise ValidationError({"name": "Not this one."})

    with pytest.raises(ValidationError):
        model_update(
            instance=_fresh(organization),
            fields=FIELDS,
            data={"name": "Acme"},
            actor=staff_user,
            before_clean=before,
            after_clean=after,
        )
    assert calls == [("before", "Acme"), ("after", "Acme")]
    assert _fresh(organization).name == "Acme Robotics"
    assert not history_for(organization, staff_user).exists()


def test_a_change_can_be_recorded_against_the_parent_record(staff_user):
    partnership = PartnershipFactory()
    organization = OrganizationFactory(name="Acme Robotics")
    model_update(
        instance=organization,
        fields=FIELDS,
        data={"sector": "Robotics"},
        actor=staff_user,
        target=partnership,
        action="member details changed",
        summary=lambda changed: changed.name,
    )
    assert not history_for(organization, staff_user).exists()
    [entry] = history_for(partnership, staff_user)
    assert (entry.action, entry.summary) == ("member details changed", "Acme Robotics")


def test_model_create_fills_validates_saves_and_records_every_field(staff_user):
    organization = model_create(
        instance=Organization(kind="company", status="active"),
        fields=FIELDS,
        data={"name": "Acme Robotics", "sector": "Robotics"},
        actor=staff_user,
        summary=lambda created: f"Created {created.name}",
    )
    assert Organization.objects.filter(pk=organization.pk, sector="Robotics").exists()
    [entry] = history_for(organization, staff_user)
    assert (entry.action, entry.summary) == ("created", "Created Acme Robotics")
    assert entry.changes["name"] == {"old": "", "new": "Acme Robotics"}


def test_model_create_refuses_what_full_clean_refuses(staff_user):
    with pytest.raises(ValidationError) as error:
        model_create(instance=Partnership(), fields=["title"], data={"title": ""}, actor=staff_user)
    assert "title" in error.value.message_dict
