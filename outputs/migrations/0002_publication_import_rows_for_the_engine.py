"""Publication imports kept their rows as flat dicts ({"ref", "title", ...}); the shared import
engine (core.imports) reads {"line", "values": {...}}. Previews not yet confirmed are rewritten
so they still open after the upgrade; imported ones are never read again and stay as they are.
Only the JSON of those rows changes: no table or column does."""

import re

from django.db import migrations


def _engine_row(index: int, row: dict) -> dict:
    if "values" in row:
        return row
    found = re.fullmatch(r"line (\d+)", row.get("ref", ""))
    return {"line": int(found[1]) if found else index + 1, "values": row}


def _flat_row(row: dict) -> dict:
    return row.get("values", row)


def _rewrite(apps, schema_editor, convert) -> None:
    PublicationImport = apps.get_model("outputs", "PublicationImport")
    previews = PublicationImport.objects.using(schema_editor.connection.alias).filter(status="previewed")
    for batch in previews.only("pk", "rows"):
        batch.rows = convert(batch.rows)
        batch.save(update_fields=["rows"])


def forwards(apps, schema_editor):
    _rewrite(apps, schema_editor, lambda rows: [_engine_row(index, row) for index, row in enumerate(rows)])


def backwards(apps, schema_editor):
    _rewrite(apps, schema_editor, lambda rows: [_flat_row(row) for row in rows])


class Migration(migrations.Migration):
    dependencies = [("outputs", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
