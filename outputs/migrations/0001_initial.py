import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import outputs.models
from django.conf import settings
from django.db import migrations, models

# Outputs, their licence income and publication imports were models of the metrics app. This
# migration and metrics' 0007 move them here without touching their tables (the state moves,
# the database does not: `db_table` keeps the names), and relabel their content types in
# place: history (core.ChangeLog), admin log entries and permissions point at a content type
# by id, so the same row must now say "outputs".
MOVED = ("output", "licenceincome", "publicationimport")


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        kept = types.filter(app_label=old, model=model).first()
        if kept is None:
            continue  # a fresh database: its rows are made after the migrations, with the new label
        stray = types.filter(app_label=new, model=model).first()
        if stray is not None:
            _drop_stray(stray, schema_editor.connection.alias)
        types.filter(pk=kept.pk).update(app_label=new)
    # The running process's cache too (a migrate followed by work in the same process, as tests do).
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    CurrentContentType.objects.clear_cache()


def _drop_stray(stray, alias: str) -> None:
    """A row the target label already has was made by the post-migrate signal of a `migrate`
    that stopped while both apps' states held these models (between this migration and
    metrics' 0007): it holds its default permissions and nothing else, and goes (with them) so
    that the original row can take its label. Should anything else point at it, stop rather
    than lose it."""
    for relation in stray._meta.related_objects:
        if relation.related_model._meta.label == "auth.Permission":
            continue
        rows = relation.related_model._base_manager.using(alias).filter(**{relation.field.name: stray})
        if rows.exists():
            raise RuntimeError(
                f"Content type {stray.app_label}.{stray.model} (id {stray.pk}) is in use by "
                f"{relation.related_model._meta.label}: merge it by hand before migrating."
            )
    stray.delete()


def relabel_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "metrics", "outputs")


def relabel_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "outputs", "metrics")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The tables were made by the metrics app's migrations, when these models were its own.
        ("metrics", "0006_sort_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Output",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("publication", "Publication"),
                                    ("presentation", "Conference presentation"),
                                    ("disclosure", "Invention disclosure"),
                                    ("patent_application", "Patent application"),
                                    ("patent_grant", "Patent granted"),
                                    ("licence", "Licence executed"),
                                    ("option", "Option executed"),
                                    ("startup", "Start-up"),
                                    ("dataset", "Dataset released"),
                                    ("software", "Software released"),
                                    ("deployment", "Deployment"),
                                ],
                                max_length=24,
                                verbose_name="kind",
                            ),
                        ),
                        ("title", models.CharField(max_length=300, verbose_name="title")),
                        (
                            "date",
                            models.DateField(
                                help_text="Published, presented, disclosed, filed, granted, executed or released.",
                                verbose_name="date",
                            ),
                        ),
                        (
                            "authors_text",
                            models.CharField(
                                blank=True,
                                help_text="The author list as published.",
                                max_length=1000,
                                verbose_name="authors as written",
                            ),
                        ),
                        (
                            "doi",
                            models.CharField(
                                blank=True, max_length=200, validators=[outputs.models.validate_doi], verbose_name="DOI"
                            ),
                        ),
                        (
                            "venue",
                            models.CharField(
                                blank=True,
                                help_text="Journal, conference or repository.",
                                max_length=300,
                                verbose_name="venue",
                            ),
                        ),
                        ("citations", models.PositiveIntegerField(default=0, verbose_name="citations")),
                        ("office", models.CharField(blank=True, max_length=60, verbose_name="patent office")),
                        ("number", models.CharField(blank=True, max_length=60, verbose_name="number")),
                        ("exclusive", models.BooleanField(default=False, verbose_name="exclusive")),
                        ("business_result", models.TextField(blank=True, verbose_name="business result")),
                        ("url", models.URLField(blank=True, verbose_name="link")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "agreement",
                            models.ForeignKey(
                                blank=True,
                                help_text="The agreement it was produced under, if any.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="outputs",
                                to="agreements.agreement",
                                verbose_name="agreement",
                            ),
                        ),
                        (
                            "licensee",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="licences",
                                to="partnerships.organization",
                                verbose_name="licensee",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="outputs",
                                to="partnerships.partnership",
                                verbose_name="partnership",
                            ),
                        ),
                        (
                            "people",
                            models.ManyToManyField(
                                blank=True, related_name="outputs", to="people.person", verbose_name="people"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "output",
                        "verbose_name_plural": "outputs",
                        "db_table": "metrics_output",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="LicenceIncome",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("received_on", models.DateField(verbose_name="received")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("issue_fee", "Issue fee"),
                                    ("option_payment", "Option payment"),
                                    ("minimum", "Annual minimum"),
                                    ("royalty", "Running royalty"),
                                    ("equity_cashed", "Equity cashed in"),
                                    ("patent_costs", "Patent cost reimbursement (excluded)"),
                                    ("research_funding", "Research funding (excluded)"),
                                    ("equity_uncashed", "Equity not cashed in (excluded)"),
                                ],
                                max_length=20,
                                verbose_name="type",
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="amount")),
                        (
                            "currency",
                            models.CharField(
                                choices=[
                                    ("GBP", "GBP – pound sterling"),
                                    ("EUR", "EUR – euro"),
                                    ("USD", "USD – US dollar"),
                                    ("CHF", "CHF – Swiss franc"),
                                    ("CAD", "CAD – Canadian dollar"),
                                    ("AUD", "AUD – Australian dollar"),
                                    ("JPY", "JPY – yen"),
                                ],
                                default="GBP",
                                max_length=3,
                                verbose_name="currency",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                        (
                            "output",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="income",
                                to="outputs.output",
                                verbose_name="licence",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "licence income",
                        "verbose_name_plural": "licence income",
                        "db_table": "metrics_licenceincome",
                        "ordering": ["-received_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="PublicationImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("filename", models.CharField(max_length=255, verbose_name="file")),
                        ("rows", models.JSONField(default=list, verbose_name="rows")),
                        (
                            "status",
                            models.CharField(
                                choices=[("previewed", "Previewed"), ("imported", "Imported")],
                                default="previewed",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                        ("imported_at", models.DateTimeField(blank=True, null=True, verbose_name="imported")),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="uploaded by",
                            ),
                        ),
                        (
                            "partnership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="partnerships.partnership",
                                verbose_name="partnership",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "publication import",
                        "verbose_name_plural": "publication imports",
                        "db_table": "metrics_publicationimport",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.AddIndex(
                    model_name="output",
                    index=django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.search.SearchVector(
                            "title", "venue", "doi", "number", config="english"
                        ),
                        name="metrics_output_search_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="output",
                    index=models.Index(fields=["partnership", "kind", "date"], name="metrics_output_scope_idx"),
                ),
                migrations.AddIndex(
                    model_name="output",
                    index=models.Index(fields=["kind", "date"], name="metrics_output_kind_idx"),
                ),
                migrations.AddIndex(
                    model_name="output",
                    index=models.Index(fields=["date", "id"], name="metrics_output_date_idx"),
                ),
                migrations.AddIndex(
                    model_name="output",
                    index=models.Index(fields=["title", "id"], name="metrics_output_title_idx"),
                ),
                migrations.AddIndex(
                    model_name="output",
                    index=models.Index(fields=["citations", "id"], name="metrics_output_citations_idx"),
                ),
                migrations.AddConstraint(
                    model_name="output",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("doi", ""), _negated=True),
                        fields=("doi",),
                        name="metrics_output_doi_unique",
                        violation_error_message="An output with this DOI is already recorded.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="output",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ("licence", "option")), ("licensee__isnull", True), _connector="OR"
                        ),
                        name="metrics_output_licensee_only_licences",
                        violation_error_message="Only licences and options have a licensee.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="output",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["publication", "presentation"]), ("citations", 0), _connector="OR"
                        ),
                        name="metrics_output_citations_only_papers",
                        violation_error_message="Only publications and presentations have citations.",
                    ),
                ),
                migrations.AddIndex(
                    model_name="licenceincome",
                    index=models.Index(fields=["output", "received_on"], name="metrics_income_output_idx"),
                ),
                migrations.AddConstraint(
                    model_name="licenceincome",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)),
                        name="metrics_income_amount_positive",
                        violation_error_message="The amount must be more than zero.",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_forward, relabel_backward, elidable=False),
    ]
