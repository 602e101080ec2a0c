from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.querysets import VisibleQuerySet


class PlacementKind(models.TextChoices):
    INTERNSHIP = "internship", "Internship"
    JOINT_PHD = "joint_phd", "Joint PhD"
    SECONDMENT_TO_INDUSTRY = "secondment_to_industry", "Secondment, academia to industry"
    SECONDMENT_TO_ACADEMIA = "secondment_to_academia", "Secondment, industry to academia"
    JOINT_APPOINTMENT = "joint_appointment", "Joint faculty appointment"
    VISITING_RESEARCHER = "visiting_researcher", "Visiting researcher"
    HIRE_AFTER_GRADUATION = "hire_after_graduation", "Hire after graduation"


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class CareerOutcome(models.TextChoices):
    HIRED_BY_HOST = "hired_by_host", "Hired by the host"
    HIRED_BY_OTHER_PARTNER = "hired_by_other_partner", "Hired by another partner"
    STAYED_IN_ACADEMIA = "stayed_in_academia", "Stayed in academia"
    CONTINUED_STUDY = "continued_study", "Continued study"
    OTHER = "other", "Other"


# Placements that occupy the person's time: a cancelled one never happened.
OCCUPYING_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)


class PlacementQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        """Placements hosted at or sent from the liaison's organizations, within partnerships
        those organizations belong to."""
        from partnerships.models import PartnershipMember

        return self.filter(
            Q(host_organization_id__in=organization_ids) | Q(home_organization_id__in=organization_ids),
            partnership__in=PartnershipMember.objects.filter(organization_id__in=organization_ids).values(
                "partnership_id"
            ),
        )

    def current(self, on=None):
        """Placements under way on a date (active, started, not yet ended)."""
        on = on or timezone.localdate()
        return self.filter(status=PlacementStatus.ACTIVE, start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def in_year(self, year: int):
        """Placements whose period touches the calendar year."""
        return self.filter(start_date__year__lte=year).filter(Q(end_date__isnull=True) | Q(end_date__year__gte=year))

    def with_notes_visibility(self, user):
        """Annotate `notes_visible`: the office sees every note, a liaison only those about
        people currently at their own organizations."""
        from people.models.persons import Affiliation

        if roles.is_internal(user):
            return self.annotate(notes_visible=Value(True))
        same_organization = Affiliation.objects.current().filter(
            person=OuterRef("person_id"), organization_id__in=roles.liaison_organization_ids(user)
        )
        return self.annotate(notes_visible=Exists(same_organization))


class Placement(models.Model):
    """Talent moving between partners: an internship, a secondment, a joint PhD, a hire ...

    Once finished, the career outcome says where the person went; it feeds the share of
    placements hired by industry.
    """

    person = models.ForeignKey(
        "people.Person", verbose_name="person", on_delete=models.PROTECT, related_name="placements"
    )
    kind = models.CharField("kind", max_length=32, choices=PlacementKind.choices)
    home_organization = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="home organization",
        on_delete=models.PROTECT,
        related_name="placements_sent",
    )
    host_organization = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="host organization",
        on_delete=models.PROTECT,
        related_name="placements_hosted",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name="partnership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    academic_advisor = models.ForeignKey(
        "people.Person",
        verbose_name="academic advisor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_placements",
    )
    industry_mentor = models.ForeignKey(
        "people.Person",
        verbose_name="industry mentor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_placements",
    )
    start_date = models.DateField("start")
    end_date = models.DateField("end", null=True, blank=True)
    status = models.CharField("status", max_length=16, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED)
    outcome = models.CharField(
        "career outcome",
        max_length=32,
        choices=CareerOutcome.choices,
        blank=True,
        help_text="Once the placement is completed: where the person went next.",
    )
    notes = models.TextField("notes", blank=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "placement"
        verbose_name_plural = "placements"
        ordering = ["-start_date", "pk"]
        indexes = [
            models.Index(fields=["person", "start_date"], name="people_placement_person_idx"),
            models.Index(fields=["status"], name="people_placement_status_idx"),
            # The list's order (latest start first, then id): a page walks this index and joins
            # six tables for 25 rows, instead of joining every placement and sorting.
            models.Index(models.F("start_date").desc(), "id", name="people_placement_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="people_placement_ends_after_start",
                violation_error_message="A placement cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(home_organization=models.F("host_organization")),
                name="people_placement_moves",
                violation_error_message="The host organization must differ from the home organization.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(status=PlacementStatus.COMPLETED),
                name="people_placement_outcome_when_completed",
                violation_error_message="A career outcome is recorded only once the placement is completed.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} at {self.host_organization}"

    def get_absolute_url(self):
        return reverse("people:placement-detail", args=[self.pk])
