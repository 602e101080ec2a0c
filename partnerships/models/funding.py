from django.db import models
from django.db.models import Q

from core.querysets import ParentVisibleQuerySet, VisibleQuerySet
from core.validators import not_in_future


class Currency(models.TextChoices):
    GBP = "GBP", "GBP – pound sterling"
    EUR = "EUR", "EUR – euro"
    USD = "USD", "USD – US dollar"
    CHF = "CHF", "CHF – Swiss franc"
    CAD = "CAD", "CAD – Canadian dollar"
    AUD = "AUD", "AUD – Australian dollar"
    JPY = "JPY", "JPY – yen"


class FundingMechanism(models.TextChoices):
    DIRECT_SPONSORSHIP = "direct_sponsorship", "Direct sponsorship"
    MATCHING_FUNDS = "matching_funds", "Matching funds"
    COST_SHARE = "cost_share", "Cost share"
    IN_KIND = "in_kind", "In-kind contribution"
    CONSORTIUM_FEE = "consortium_fee", "Consortium fee"
    GIFT = "gift", "Gift"


# Cash a partner puts in; leverage is (matching funds + in-kind) per unit of industry cash.
CASH_MECHANISMS = (
    FundingMechanism.DIRECT_SPONSORSHIP,
    FundingMechanism.COST_SHARE,
    FundingMechanism.CONSORTIUM_FEE,
    FundingMechanism.GIFT,
)


class InKindKind(models.TextChoices):
    DATASET = "dataset", "Dataset"
    COMPUTE = "compute", "Compute"
    EQUIPMENT = "equipment", "Equipment"
    EXPERTISE = "expertise", "Expertise"
    OTHER = "other", "Other"


class FundingQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        # A liaison sees what their own organization committed, in partnerships it is part
        # of; never another sponsor's figures, even inside a shared consortium.
        from partnerships.models.partnerships import PartnershipMember

        # A subquery, not a join: a join would repeat rows (and sums) for a liaison of two members.
        member_of = PartnershipMember.objects.filter(organization_id__in=organization_ids).values("partnership_id")
        return self.filter(source_id__in=organization_ids, partnership_id__in=member_of)


class FundingCommitment(models.Model):
    """Money or an in-kind contribution an organization commits to a partnership.

    For in-kind contributions the amount is the agreed valuation.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name="partnership", on_delete=models.PROTECT, related_name="funding"
    )
    source = models.ForeignKey(
        "partnerships.Organization", verbose_name="source", on_delete=models.PROTECT, related_name="funding_commitments"
    )
    mechanism = models.CharField("mechanism", max_length=24, choices=FundingMechanism.choices)
    amount = models.DecimalField("amount", max_digits=14, decimal_places=2)
    currency = models.CharField("currency", max_length=3, choices=Currency.choices, default=Currency.GBP)
    in_kind_kind = models.CharField(
        "in-kind contribution",
        max_length=16,
        choices=InKindKind.choices,
        blank=True,
        help_text="What an in-kind contribution is; its valuation is the amount.",
    )
    description = models.CharField("description", max_length=300, blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name="agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funding_commitments",
        help_text="The agreement this money is committed under, if any.",
    )
    start_date = models.DateField("period start", null=True, blank=True)
    end_date = models.DateField("period end", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = "funding commitment"
        verbose_name_plural = "funding commitments"
        ordering = ["-start_date", "-pk"]
        # The list's order, read backwards: a page joins 25 commitments, not every one.
        indexes = [models.Index(fields=["start_date", "id"], name="partnerships_funding_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="partnerships_funding_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partnerships_funding_ends_after_start",
                violation_error_message="The funding period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(mechanism=FundingMechanism.IN_KIND) & ~Q(in_kind_kind=""))
                | (~Q(mechanism=FundingMechanism.IN_KIND) & Q(in_kind_kind="")),
                name="partnerships_funding_in_kind_has_kind",
                violation_error_message="Say what an in-kind contribution is, and only for in-kind contributions.",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.amount} {self.currency} ({self.get_mechanism_display()})"


class FundingPartQuerySet(ParentVisibleQuerySet):
    parent_field = "commitment"  # a commitment's instalments and payments go with it


class Instalment(models.Model):
    """A part of a commitment falling due on a date."""

    commitment = models.ForeignKey(
        FundingCommitment, verbose_name="commitment", on_delete=models.CASCADE, related_name="instalments"
    )
    due_date = models.DateField("due")
    amount = models.DecimalField("amount", max_digits=14, decimal_places=2)
    note = models.CharField("note", max_length=200, blank=True)

    objects = FundingPartQuerySet.as_manager()

    class Meta:
        verbose_name = "instalment"
        verbose_name_plural = "instalments"
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="partnerships_instalment_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
        ]

    def __str__(self):
        return f"{self.amount} due {self.due_date}"


class Payment(models.Model):
    """Money received (or, for in-kind, value delivered) against a commitment."""

    commitment = models.ForeignKey(
        FundingCommitment, verbose_name="commitment", on_delete=models.CASCADE, related_name="payments"
    )
    received_on = models.DateField("received", validators=[not_in_future])
    amount = models.DecimalField("amount", max_digits=14, decimal_places=2)
    reference = models.CharField("reference", max_length=100, blank=True, help_text="Invoice or remittance number.")

    objects = FundingPartQuerySet.as_manager()

    class Meta:
        verbose_name = "payment"
        verbose_name_plural = "payments"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="partnerships_payment_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
        ]

    def __str__(self):
        return f"{self.amount} received {self.received_on}"
