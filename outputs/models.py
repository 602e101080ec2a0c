"""Research outputs of partnerships (publications, patents, licences, start-ups, releases ...),
the income licences earn, and the publication files being imported.

The tables keep the names they had when these models lived in the metrics app (`db_table`;
the table of an output's people, metrics_output_people, follows Output's): moving the models
changed no table, so a database upgraded in place kept every row, and the metrics' set-based
SQL (metrics.registry) reads them by those names.
"""

import re

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Sum
from django.urls import reverse

from core.aggregates import per_row
from core.imports import ImportRecord
from core.querysets import VisibleQuerySet
from core.search import search_vector, text_search
from core.validators import not_in_future
from partnerships.models import Currency

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def validate_doi(value: str) -> None:
    if value and not DOI_PATTERN.match(value):
        raise ValidationError("Enter a DOI such as 10.1000/xyz123 (without https://doi.org/).")


class OutputKind(models.TextChoices):
    PUBLICATION = "publication", "Publication"
    PRESENTATION = "presentation", "Conference presentation"
    DISCLOSURE = "disclosure", "Invention disclosure"
    PATENT_APPLICATION = "patent_application", "Patent application"
    PATENT_GRANT = "patent_grant", "Patent granted"
    LICENCE = "licence", "Licence executed"
    OPTION = "option", "Option executed"
    STARTUP = "startup", "Start-up"
    DATASET = "dataset", "Dataset released"
    SOFTWARE = "software", "Software released"
    DEPLOYMENT = "deployment", "Deployment"


PATENT_KINDS = (OutputKind.PATENT_APPLICATION, OutputKind.PATENT_GRANT)
LICENCE_KINDS = (OutputKind.LICENCE, OutputKind.OPTION)

SEARCH_FIELDS = ("title", "venue", "doi", "number")


class OutputQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        from partnerships.models import PartnershipMember

        return self.filter(
            partnership_id__in=PartnershipMember.objects.filter(organization_id__in=organization_ids).values(
                "partnership_id"
            )
        )

    def search(self, text: str):
        return text_search(self, text, fields=SEARCH_FIELDS)

    def with_licence_income(self):
        """`licence_income`: the income that counts as licence income (AUTM), summed, for each
        output returned (core.aggregates.per_row); None without any."""
        income = LicenceIncome.objects.filter(output=OuterRef("pk"), kind__in=LICENCE_INCOME_KINDS)
        amount = LicenceIncome._meta.get_field("amount")
        return self.annotate(licence_income=per_row(income, "output", Sum("amount"), output_field=amount))


class Output(models.Model):
    """Something a partnership produced: a paper, a patent, a licence, a start-up, a release ...

    One table for every kind: the kinds share most fields, and the metrics count them with one
    indexed scan. Fields that belong to some kinds only are blank for the others.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name="partnership", on_delete=models.PROTECT, related_name="outputs"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name="agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outputs",
        help_text="The agreement it was produced under, if any.",
    )
    kind = models.CharField("kind", max_length=24, choices=OutputKind.choices)
    title = models.CharField("title", max_length=300)
    date = models.DateField("date", help_text="Published, presented, disclosed, filed, granted, executed or released.")
    people = models.ManyToManyField("people.Person", verbose_name="people", blank=True, related_name="outputs")
    authors_text = models.CharField(
        "authors as written", max_length=1000, blank=True, help_text="The author list as published."
    )
    # Publications and presentations
    doi = models.CharField("DOI", max_length=200, blank=True, validators=[validate_doi])
    venue = models.CharField("venue", max_length=300, blank=True, help_text="Journal, conference or repository.")
    citations = models.PositiveIntegerField("citations", default=0)
    # Patents
    office = models.CharField("patent office", max_length=60, blank=True)
    number = models.CharField("number", max_length=60, blank=True)
    # Licences and options
    licensee = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="licensee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    exclusive = models.BooleanField("exclusive", default=False)
    # Deployments
    business_result = models.TextField("business result", blank=True)
    url = models.URLField("link", blank=True)
    description = models.TextField("description", blank=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = OutputQuerySet.as_manager()

    class Meta:
        db_table = "metrics_output"
        verbose_name = "output"
        verbose_name_plural = "outputs"
        ordering = ["-date", "-pk"]
        indexes = [
            GinIndex(search_vector(*SEARCH_FIELDS), name="metrics_output_search_idx"),
            models.Index(fields=["partnership", "kind", "date"], name="metrics_output_scope_idx"),
            models.Index(fields=["kind", "date"], name="metrics_output_kind_idx"),
            # The list's order (newest first): its first page is the index's last entries.
            models.Index(fields=["date", "id"], name="metrics_output_date_idx"),
            # The list sorted by title or by citations: without these, every page sorted all the
            # outputs to keep 25.
            models.Index(fields=["title", "id"], name="metrics_output_title_idx"),
            models.Index(fields=["citations", "id"], name="metrics_output_citations_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="metrics_output_doi_unique",
                violation_error_message="An output with this DOI is already recorded.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LICENCE_KINDS) | Q(licensee__isnull=True),
                name="metrics_output_licensee_only_licences",
                violation_error_message="Only licences and options have a licensee.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[OutputKind.PUBLICATION, OutputKind.PRESENTATION]) | Q(citations=0),
                name="metrics_output_citations_only_papers",
                violation_error_message="Only publications and presentations have citations.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outputs:output-detail", args=[self.pk])

    @property
    def is_licence(self) -> bool:
        return self.kind in LICENCE_KINDS


class IncomeKind(models.TextChoices):
    """Income from a licence or option, as the AUTM licensing survey classifies it."""

    ISSUE_FEE = "issue_fee", "Issue fee"
    OPTION_PAYMENT = "option_payment", "Option payment"
    MINIMUM = "minimum", "Annual minimum"
    ROYALTY = "royalty", "Running royalty"
    EQUITY_CASHED = "equity_cashed", "Equity cashed in"
    # Recorded, but not licence income in the AUTM sense:
    PATENT_COSTS = "patent_costs", "Patent cost reimbursement (excluded)"
    RESEARCH_FUNDING = "research_funding", "Research funding (excluded)"
    EQUITY_UNCASHED = "equity_uncashed", "Equity not cashed in (excluded)"


# AUTM: licence income includes these and nothing else.
LICENCE_INCOME_KINDS = (
    IncomeKind.ISSUE_FEE,
    IncomeKind.OPTION_PAYMENT,
    IncomeKind.MINIMUM,
    IncomeKind.ROYALTY,
    IncomeKind.EQUITY_CASHED,
)


class LicenceIncomeQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        return self.filter(output__in=Output.objects.visible_to_liaison(user, organization_ids))


class LicenceIncome(models.Model):
    """Money received under a licence or option, by date and type."""

    output = models.ForeignKey(Output, verbose_name="licence", on_delete=models.CASCADE, related_name="income")
    received_on = models.DateField("received", validators=[not_in_future])
    kind = models.CharField("type", max_length=20, choices=IncomeKind.choices)
    amount = models.DecimalField("amount", max_digits=14, decimal_places=2)
    currency = models.CharField("currency", max_length=3, choices=Currency.choices, default=Currency.GBP)
    note = models.CharField("note", max_length=200, blank=True)

    objects = LicenceIncomeQuerySet.as_manager()

    class Meta:
        db_table = "metrics_licenceincome"
        verbose_name = "licence income"
        verbose_name_plural = "licence income"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["output", "received_on"], name="metrics_income_output_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="metrics_income_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount} {self.currency} on {self.received_on}"

    @property
    def counts_as_licence_income(self) -> bool:
        return self.kind in LICENCE_INCOME_KINDS


class PublicationImport(ImportRecord):
    """An uploaded BibTeX or CSV file of publications for one partnership, held between preview
    and confirmation (core.imports keeps the rows and the status)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name="partnership", on_delete=models.CASCADE, related_name="+"
    )

    class Meta(ImportRecord.Meta):
        db_table = "metrics_publicationimport"
        verbose_name = "publication import"
        verbose_name_plural = "publication imports"

    def __str__(self):
        return f"Publications from {self.filename}"
