from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse

from agreements.models.terms import AgreementTerms
from agreements.terms import OPEN_STATUSES, AgreementStatus
from core.querysets import ParentVisibleQuerySet, VisibleQuerySet
from core.search import search_vector, text_search
from partnerships.models import Currency


class AgreementKind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", "Confidentiality (NDA/CDA)"
    SPONSORED_RESEARCH = "sponsored_research", "Sponsored research"
    COLLABORATIVE_RESEARCH = "collaborative_research", "Collaborative research"
    MASTER_RESEARCH = "master_research", "Master research agreement"
    STATEMENT_OF_WORK = "statement_of_work", "Statement of work"
    DATA_USE = "data_use", "Data use"
    MATERIAL_TRANSFER = "material_transfer", "Material transfer"
    OPTION = "option", "Option"
    LICENCE = "licence", "Licence"
    CONSORTIUM_MEMBERSHIP = "consortium_membership", "Consortium membership"
    PLACEMENT = "placement", "Placement / internship"


class BallHolder(models.TextChoices):
    """Who must act next while an agreement is negotiated."""

    TTO = "tto", "Technology-transfer office"
    SPONSOR = "sponsor", "Sponsor"
    PI = "pi", "Principal investigator"
    LEGAL = "legal", "Legal"
    FINANCE = "finance", "Finance"


SEARCH_FIELDS = ("title", "reference")


class AgreementQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        return self.filter(
            pk__in=AgreementParty.objects.filter(organization_id__in=organization_ids).values("agreement_id")
        )

    def search(self, text: str):
        return text_search(self, text, fields=SEARCH_FIELDS)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Agreement(AgreementTerms):
    """A contract inside a partnership: its parties, lifecycle, terms, documents and negotiation."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name="partnership", on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField("kind", max_length=24, choices=AgreementKind.choices)
    title = models.CharField("title", max_length=200)
    reference = models.CharField("reference", max_length=20, unique=True, editable=False)
    status = models.CharField("status", max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="owner", on_delete=models.PROTECT, related_name="owned_agreements"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="master agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements_of_work",
        help_text="For a statement of work: the master agreement whose terms it inherits.",
    )
    value = models.DecimalField("value", max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField("currency", max_length=3, choices=Currency.choices, default=Currency.GBP)
    effective_date = models.DateField("effective date", null=True, blank=True)
    expiry_date = models.DateField("expiry date", null=True, blank=True)
    renewal_notice_days = models.PositiveIntegerField("renewal notice (days)", null=True, blank=True)
    internal_notes = models.TextField("internal notes", blank=True, help_text="Never shown to partners.")
    ball_holder = models.CharField("ball with", max_length=8, choices=BallHolder.choices, default=BallHolder.TTO)
    first_draft_at = models.DateTimeField("first draft", auto_now_add=True)
    executed_at = models.DateTimeField("executed", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)
    # Moved on by database triggers, in the same transaction, whenever anything the agreement's row
    # in the API list shows changes, here or in another table (agreements.list_stamps): a stored
    # row (AgreementListRow) is current while its stamp equals this. Whatever a save writes here,
    # the trigger replaces with the stored value plus one.
    shown_stamp = models.BigIntegerField("list row stamp", default=0, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "agreement"
        verbose_name_plural = "agreements"
        ordering = ["-updated_at", "-pk"]
        indexes = [
            GinIndex(search_vector(*SEARCH_FIELDS), name="agreements_search_idx"),
            # Filters by status, and the list sorted by it (ties by id: core.filters.OrderingFilter).
            models.Index(fields=["status", "id"], name="agreements_status_idx"),
            models.Index(fields=["expiry_date"], name="agreements_expiry_idx"),
            # The dashboard's "expiring in 90 days": a range of this, not every executed agreement.
            models.Index(
                fields=["expiry_date"],
                condition=Q(status=AgreementStatus.EXECUTED),
                name="agreements_executed_expiry_idx",
            ),
            # The default order, and its cursor pages' row comparison (core.api.pagination), read
            # from here; a btree serves descending order by scanning backwards.
            models.Index(fields=["updated_at", "id"], name="agreements_updated_idx"),
            models.Index(fields=["title", "id"], name="agreements_title_idx"),  # the list sorted by title
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(expiry_date__gt=models.F("effective_date")),
                name="agreements_expiry_after_effective",
                violation_error_message="An agreement must expire after it takes effect.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="agreements_value_not_negative",
                violation_error_message="The value cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(revenue_share_percent__isnull=True)
                | Q(revenue_share_percent__gte=0, revenue_share_percent__lte=100),
                name="agreements_revenue_share_percent",
                violation_error_message="A revenue share is between 0 and 100 per cent.",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(kind=AgreementKind.STATEMENT_OF_WORK),
                name="agreements_only_sow_has_parent",
                violation_error_message="Only a statement of work sits under a master agreement.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("agreements:agreement-detail", args=[self.pk])


class AgreementPartQuerySet(ParentVisibleQuerySet):
    """An agreement's parties, status changes and ball changes: shown to whoever sees the agreement
    (every party sees who the others are; the page keeps the office's notes on them to itself)."""

    parent_field = "agreement"


class AgreementParty(models.Model):
    """An organization that signs the agreement, its signatory, and when it signed."""

    agreement = models.ForeignKey(Agreement, verbose_name="agreement", on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="organization",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    signatory = models.ForeignKey(
        "people.Person", verbose_name="signatory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_on = models.DateField("signed on", null=True, blank=True)

    objects = AgreementPartQuerySet.as_manager()

    class Meta:
        verbose_name = "party"
        verbose_name_plural = "parties"
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="agreements_party_once",
                violation_error_message="This organization is already a party.",
            ),
        ]

    def __str__(self):
        return str(self.organization)


class StatusChange(models.Model):
    """One step of the lifecycle: from, to, who (none for the scheduled job), when and why."""

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField("from", max_length=20, choices=AgreementStatus.choices)
    to_status = models.CharField("to", max_length=20, choices=AgreementStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="by", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("when", auto_now_add=True)
    note = models.TextField("note", blank=True)

    objects = AgreementPartQuerySet.as_manager()

    class Meta:
        verbose_name = "status change"
        verbose_name_plural = "status changes"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class BallChange(models.Model):
    """The ball passed to someone: the negotiation clock for each side starts here."""

    agreement = models.ForeignKey(
        Agreement, verbose_name="agreement", on_delete=models.CASCADE, related_name="ball_changes"
    )
    holder = models.CharField("ball with", max_length=8, choices=BallHolder.choices)
    since = models.DateTimeField("since", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="by", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("note", max_length=300, blank=True)

    objects = AgreementPartQuerySet.as_manager()

    class Meta:
        verbose_name = "ball change"
        verbose_name_plural = "ball changes"
        ordering = ["since", "pk"]

    def __str__(self):
        return f"{self.get_holder_display()} since {self.since:%Y-%m-%d}"
