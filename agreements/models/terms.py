from django.db import models

from agreements.terms import TERM_FIELDS, DataRegime, IPOwner, PatentCosts


class AgreementTerms(models.Model):
    """The structured terms of an agreement. Every term may be unset (None): on a statement of
    work, unset means "as in the master agreement"."""

    # Intellectual property
    foreground_ip_owner = models.CharField(
        "foreground IP owner", max_length=16, choices=IPOwner.choices, null=True, blank=True
    )
    background_ip = models.TextField("background IP listed", null=True, blank=True)
    research_licence = models.BooleanField("sponsor's research licence", null=True, blank=True)
    option_exclusive_licence = models.BooleanField("option to an exclusive licence", null=True, blank=True)
    option_election_days = models.PositiveIntegerField("option election period (days)", null=True, blank=True)
    option_negotiation_days = models.PositiveIntegerField("licence negotiation period (days)", null=True, blank=True)
    patent_costs = models.CharField(
        "patent costs borne by", max_length=16, choices=PatentCosts.choices, null=True, blank=True
    )
    revenue_share_percent = models.DecimalField(
        "revenue share (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Publication
    right_to_publish = models.BooleanField("right to publish", null=True, blank=True)
    publication_review_days = models.PositiveIntegerField("sponsor review period (days)", null=True, blank=True)
    patent_delay_days = models.PositiveIntegerField("extra delay for a patent filing (days)", null=True, blank=True)
    confidential_removal = models.BooleanField("removal of sponsor's confidential information", null=True, blank=True)
    theses_protected = models.BooleanField("student theses protected", null=True, blank=True)
    # Confidentiality
    confidentiality_years = models.PositiveIntegerField("confidentiality term (years)", null=True, blank=True)
    marking_required = models.BooleanField("marking required", null=True, blank=True)
    residuals_clause = models.BooleanField("residuals clause", null=True, blank=True)
    # Data
    datasets = models.TextField("datasets shared", null=True, blank=True)
    personal_data_regime = models.CharField(
        "personal data regime", max_length=8, choices=DataRegime.choices, null=True, blank=True
    )
    cross_border_transfer = models.BooleanField("cross-border transfer", null=True, blank=True)
    retention_destruction = models.TextField("retention and destruction", null=True, blank=True)
    permitted_use = models.TextField("permitted use", null=True, blank=True)

    class Meta:
        abstract = True
        constraints = []

    def terms_snapshot(self) -> dict:
        """The terms as plain JSON-safe values: what a review round freezes and comparisons read."""
        snapshot = {}
        for name in TERM_FIELDS:
            value = getattr(self, name)
            snapshot[name] = str(value) if hasattr(value, "as_tuple") else value
        return snapshot
