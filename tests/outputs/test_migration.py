"""Outputs moving from the metrics app to their own, run as migrations, forward and back.

The suite builds its test databases without migrations (--no-migrations), and
django-test-migrations' `migrator` fixture skips itself under that flag; so this test makes a
scratch database of its own next to the test database, migrates it to just before the move,
writes what the previous version would have (an output, its history, the content types and
permissions `migrate` made), and runs the move's migrations with Django's migration executor.
scripts/upgrade_check.py does the same with a whole demo database and two checkouts.
"""

import datetime
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings

from core.models import ChangeLog
from outputs.models import PublicationImport

ALIAS = "outputs_move"
BEFORE = [
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("core", "0001_initial"),
    ("metrics", "0006_sort_indexes"),
]
MOVED = ("output", "licenceincome", "publicationimport")


@pytest.fixture
def scratch(django_db_setup, django_db_blocker):
    """A database of its own, with migrations switched back on for it."""
    with django_db_blocker.unblock(), override_settings(MIGRATION_MODULES={}):
        name = f"{connection.settings_dict['NAME']}_outputs_move"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connections.settings[ALIAS] = {**connection.settings_dict, "NAME": name}
        try:
            yield connections[ALIAS]
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(database, targets):
    """Migrate to `targets` and return the historical apps there."""
    return MigrationExecutor(database).migrate(targets).apps


def made_by_migrate(apps, app_label: str) -> None:
    """What `migrate`'s post-migrate signal makes: an app's content types and permissions."""
    config = installed_apps.get_app_config(app_label)  # as the signal sends it, with the state's apps
    create_contenttypes(config, verbosity=0, using=ALIAS, apps=apps)
    create_permissions(config, verbosity=0, using=ALIAS, apps=apps)


def labels(database) -> dict[str, tuple[int, str]]:
    with database.cursor() as cursor:
        cursor.execute("SELECT model, id, app_label FROM django_content_type WHERE model = ANY(%s)", [list(MOVED)])
        return {model: (pk, app_label) for model, pk, app_label in cursor.fetchall()}


def history_and_permissions(database, content_type_id: int) -> tuple[list, list]:
    with database.cursor() as cursor:
        cursor.execute("SELECT object_id, summary FROM core_changelog WHERE content_type_id = %s", [content_type_id])
        history = cursor.fetchall()
        cursor.execute(
            "SELECT codename FROM auth_permission WHERE content_type_id = %s ORDER BY codename", [content_type_id]
        )
        return history, [codename for (codename,) in cursor.fetchall()]


def test_outputs_move_with_their_rows_history_and_permissions_and_move_back(scratch):
    old = migrate(scratch, BEFORE)
    made_by_migrate(old, "metrics")
    owner = old.get_model("accounts", "User").objects.using(ALIAS).create(username="officer")
    partnership = (
        old.get_model("partnerships", "Partnership")
        .objects.using(ALIAS)
        .create(title="Grasping", model="collaborative_research", owner=owner)
    )
    output = (
        old.get_model("metrics", "Output")
        .objects.using(ALIAS)
        .create(partnership=partnership, kind="licence", title="Grasp licence", date=datetime.date(2025, 3, 1))
    )
    old.get_model("metrics", "LicenceIncome").objects.using(ALIAS).create(
        output=output, received_on=datetime.date(2025, 6, 1), kind="royalty", amount=1500
    )
    output_type = (
        old.get_model("contenttypes", "ContentType").objects.using(ALIAS).get(app_label="metrics", model="output")
    )
    old.get_model("core", "ChangeLog").objects.using(ALIAS).create(
        content_type_id=output_type.pk, object_id=output.pk, action="created", summary="Output recorded"
    )
    before = labels(scratch)
    assert {label for _, label in before.values()} == {"metrics"}
    attached = history_and_permissions(scratch, output_type.pk)
    assert attached == (
        [(output.pk, "Output recorded")],
        ["add_output", "change_output", "delete_output", "view_output"],
    )

    new = migrate(scratch, [("metrics", "0007_outputs_moved_to_their_app")])
    assert labels(scratch) == {model: (pk, "outputs") for model, (pk, _) in before.items()}  # the same rows
    assert history_and_permissions(scratch, output_type.pk) == attached
    moved = new.get_model("outputs", "Output").objects.using(ALIAS).get()
    assert (moved.pk, moved.title, moved.income.get().amount) == (output.pk, "Grasp licence", 1500)
    with pytest.raises(LookupError):
        new.get_model("metrics", "Output")

    migrate(scratch, [("outputs", None)])  # back: metrics 0007 and outputs 0001 undone
    assert labels(scratch) == before
    assert history_and_permissions(scratch, output_type.pk) == attached


# The relabelling's edge: a `migrate outputs 0001` that stops there leaves both apps' states
# holding the models, and its post-migrate signal makes rows under the metrics label again.
# Moving back must make room for the original rows; these run the migration's function on the
# test database, whose content types are this version's.
relabel = import_module("outputs.migrations.0001_initial")
EDITOR = SimpleNamespace(connection=connection)


def _stray(model: str):
    return ContentType.objects.create(app_label="metrics", model=model)


@pytest.mark.django_db
def test_moving_back_drops_the_rows_a_stopped_migrate_left_under_the_old_label():
    originals = {model: ContentType.objects.get(app_label="outputs", model=model).pk for model in MOVED}
    strays = [_stray(model) for model in MOVED]
    Permission.objects.create(content_type=strays[0], codename="add_output", name="Can add output")
    relabel.relabel_backward(installed_apps, EDITOR)
    kept = ContentType.objects.filter(model__in=MOVED, app_label="metrics")
    assert dict(kept.values_list("model", "pk")) == originals
    assert not ContentType.objects.filter(pk__in=[stray.pk for stray in strays]).exists()


@pytest.mark.django_db
def test_a_stray_row_with_history_stops_the_move_rather_than_lose_it():
    stray = _stray("output")
    ChangeLog.objects.create(content_type=stray, object_id=1, action="created")
    with pytest.raises(RuntimeError, match="in use by core.ChangeLog"):
        relabel.relabel_backward(installed_apps, EDITOR)


# Publication imports' rows took the shape of the shared import engine's: previews uploaded
# before the upgrade still open after it, and the rewrite undoes itself.
engine_rows = import_module("outputs.migrations.0002_publication_import_rows_for_the_engine")


@pytest.mark.django_db
def test_previews_kept_before_the_import_engine_are_rewritten_and_back(staff_user, acme_partnership):
    flat = [{"ref": "line 2", "title": "Safe planners", "year": "2025"}, {"ref": "raman2025", "title": "Grasp"}]
    preview = PublicationImport.objects.create(
        partnership=acme_partnership, filename="a.csv", rows=flat, created_by=staff_user
    )
    imported = PublicationImport.objects.create(
        partnership=acme_partnership, filename="b.csv", rows=flat, created_by=staff_user, status="imported"
    )

    engine_rows.forwards(installed_apps, EDITOR)
    preview.refresh_from_db()
    assert preview.rows == [{"line": 2, "values": flat[0]}, {"line": 2, "values": flat[1]}]
    imported.refresh_from_db()
    assert imported.rows == flat

    engine_rows.backwards(installed_apps, EDITOR)
    preview.refresh_from_db()
    assert preview.rows == flat
