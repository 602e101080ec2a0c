from django.db import migrations

# Outputs, their licence income and publication imports moved to the outputs app (see its
# 0001): they leave this app's state only. Their tables stay, owned by the outputs app now.


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0006_sort_indexes"),
        ("outputs", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="output",
                    name="agreement",
                ),
                migrations.RemoveField(
                    model_name="output",
                    name="licensee",
                ),
                migrations.RemoveField(
                    model_name="output",
                    name="partnership",
                ),
                migrations.RemoveField(
                    model_name="output",
                    name="people",
                ),
                migrations.RemoveField(
                    model_name="publicationimport",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="publicationimport",
                    name="partnership",
                ),
                migrations.DeleteModel(
                    name="LicenceIncome",
                ),
                migrations.DeleteModel(
                    name="Output",
                ),
                migrations.DeleteModel(
                    name="PublicationImport",
                ),
            ],
            database_operations=[],
        ),
    ]
