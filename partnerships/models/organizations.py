from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField

from core.querysets import VisibleQuerySet
from core.search import search_vector, text_search


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", "University"
    COMPANY = "company", "Company"
    RESEARCH_INSTITUTE = "research_institute", "Research institute"
    GOVERNMENT_FUNDER = "government_funder", "Government funder"
    FOUNDATION = "foundation", "Foundation"


class OrganizationStatus(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    ARCHIVED = "archived", "Archived"


class OrganizationQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        # A liaison's partner page is their own; co-members of a consortium appear by name
        # on the partnership, never as pages with their own figures.
        return self.filter(pk__in=organization_ids)

    def search(self, text: str):
        return text_search(self, text, fields=SEARCH_FIELDS)


SEARCH_FIELDS = ("name", "sector")


class Organization(models.Model):
    """A university, company, research institute, funder or foundation Tandem works with."""

    name = models.CharField("name", max_length=200)
    kind = models.CharField("kind", max_length=32, choices=OrganizationKind.choices)
    country = CountryField("country", blank=True)
    sector = models.CharField("sector", max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="parent organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="For example the company a research lab belongs to.",
    )
    website = models.URLField("website", blank=True)
    status = models.CharField(
        "status", max_length=16, choices=OrganizationStatus.choices, default=OrganizationStatus.ACTIVE
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    internal_notes = models.TextField(
        "internal notes", blank=True, help_text="Seen by the technology-transfer office only, never by partners."
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "organization"
        verbose_name_plural = "organizations"
        ordering = ["name"]
        indexes = [
            GinIndex(search_vector(*SEARCH_FIELDS), name="partnerships_org_search_idx"),
            # The list's order (name, then id): a page is the first rows of this index, not a sort
            # of every organization joined to its parent.
            models.Index(fields=["name", "id"], name="partnerships_org_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                name="partnerships_organization_name_unique",
                violation_error_message="An organization with this name already exists.",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="partnerships_organization_not_own_parent",
                violation_error_message="An organization cannot be its own parent.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organization-detail", args=[self.pk])
