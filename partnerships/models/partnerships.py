from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from core.aggregates import per_row
from core.querysets import ParentVisibleQuerySet, SharedQuerySet, VisibleQuerySet
from core.search import search_vector, text_search


class PartnershipModel(models.TextChoices):
    SPONSORED_RESEARCH = "sponsored_research", "Sponsored research"
    COLLABORATIVE_RESEARCH = "collaborative_research", "Collaborative research"
    JOINT_RESEARCH_CENTRE = "joint_research_centre", "Joint research centre"
    CONSORTIUM = "consortium", "Consortium"
    JOINT_PHD = "joint_phd", "Collaborative graduate programme / joint PhD"
    CONTRACT_RESEARCH = "contract_research", "Contract research"
    MATCHING_FUND = "matching_fund", "Matching-fund programme"
    TALENT_EXCHANGE = "talent_exchange", "Talent exchange"


class Phase(models.TextChoices):
    """Partnerships start small and grow: exploring, a pilot, then active and expanding."""

    EXPLORING = "exploring", "Exploring"
    PILOT = "pilot", "Pilot"
    ACTIVE = "active", "Active"
    EXPANDING = "expanding", "Expanding"
    RENEWAL = "renewal", "Renewal"
    CLOSED = "closed", "Closed"


class MemberRole(models.TextChoices):
    ACADEMIC_LEAD = "academic_lead", "Academic lead"
    LEAD_SPONSOR = "lead_sponsor", "Lead sponsor"
    SPONSOR = "sponsor", "Sponsor"
    CONSORTIUM_MEMBER = "consortium_member", "Consortium member"
    FUNDER = "funder", "Funder"


class ResearchArea(models.Model):
    """A research theme partnerships are tagged with (e.g. robotics, materials, health data)."""

    name = models.CharField("name", max_length=100, unique=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "research area"
        verbose_name_plural = "research areas"
        ordering = ["name"]

    def __str__(self):
        return self.name


SEARCH_FIELDS = ("title", "objectives")


class PartnershipQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        return self.filter(
            pk__in=PartnershipMember.objects.filter(organization_id__in=organization_ids).values("partnership_id")
        )

    def search(self, text: str):
        return text_search(self, text, fields=SEARCH_FIELDS)


class Partnership(models.Model):
    """The relationship between the institution and one or more partners, and what it is for."""

    title = models.CharField("title", max_length=200)
    model = models.CharField("model", max_length=32, choices=PartnershipModel.choices)
    phase = models.CharField("phase", max_length=16, choices=Phase.choices, default=Phase.EXPLORING)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="owner",
        on_delete=models.PROTECT,
        related_name="owned_partnerships",
        help_text="The technology-transfer officer responsible.",
    )
    start_date = models.DateField("start", null=True, blank=True)
    end_date = models.DateField("end", null=True, blank=True)
    objectives = models.TextField("objectives", blank=True)
    research_areas = models.ManyToManyField(
        ResearchArea, verbose_name="research areas", blank=True, related_name="partnerships"
    )
    internal_notes = models.TextField(
        "internal notes", blank=True, help_text="Seen by the technology-transfer office only, never by partners."
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = "partnership"
        verbose_name_plural = "partnerships"
        ordering = ["title"]
        indexes = [
            GinIndex(search_vector(*SEARCH_FIELDS), name="partnerships_search_idx"),
            models.Index(fields=["phase"], name="partnerships_phase_idx"),
            models.Index(fields=["title", "id"], name="partnerships_title_idx"),  # the list's order
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partnerships_partnership_ends_after_start",
                violation_error_message="A partnership cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:partnership-detail", args=[self.pk])


class PartnershipMemberQuerySet(ParentVisibleQuerySet):
    """A partnership's members: shown to whoever sees the partnership (co-members of a consortium
    see one another by name there, never each other's pages)."""

    parent_field = "partnership"


class PartnershipMember(models.Model):
    """An organization's part in a partnership. Exactly one member is the academic lead."""

    partnership = models.ForeignKey(
        Partnership, verbose_name="partnership", on_delete=models.CASCADE, related_name="members"
    )
    organization = models.ForeignKey(
        "partnerships.Organization", verbose_name="organization", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("role", max_length=24, choices=MemberRole.choices)
    joined_on = models.DateField("joined", null=True, blank=True)

    objects = PartnershipMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "partnership member"
        verbose_name_plural = "partnership members"
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                name="partnerships_member_once",
                violation_error_message="This organization is already a member of the partnership.",
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(role=MemberRole.ACADEMIC_LEAD),
                name="partnerships_one_academic_lead",
                violation_error_message="A partnership has exactly one academic lead.",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class PhaseChange(models.Model):
    """A partnership moved from one phase to another: who moved it, when, and why."""

    partnership = models.ForeignKey(
        Partnership, verbose_name="partnership", on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.CharField("from", max_length=16, choices=Phase.choices)
    to_phase = models.CharField("to", max_length=16, choices=Phase.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="by", on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField("when", auto_now_add=True)
    reason = models.TextField("why")

    class Meta:
        verbose_name = "phase change"
        verbose_name_plural = "phase changes"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_phase=models.F("to_phase")),
                name="partnerships_phase_change_changes",
                violation_error_message="A phase change must change the phase.",
            ),
        ]

    def __str__(self):
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_MILESTONE_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)


def overdue_milestone_count(partnership: str = "pk"):
    """How many open milestones are past their due date, for the partnership the outer row names
    at `partnership` ("pk" on partnerships, "partnership" on memberships).

    Counted per row shown (core.aggregates.per_row, through milestones_open_due_idx), not by a
    join grouping every partnership before the LIMIT.
    """
    overdue = Milestone.objects.overdue().filter(partnership=models.OuterRef(partnership))
    return per_row(overdue, "partnership", models.Count("pk"), output_field=models.IntegerField(), default=0)


class MilestoneQuerySet(ParentVisibleQuerySet):
    parent_field = "partnership"  # the partnership's plan, shown to every member

    def with_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(Q(status__in=OPEN_MILESTONE_STATUSES, due_date__lt=today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, today=None):
        return self.filter(status__in=OPEN_MILESTONE_STATUSES, due_date__lt=today or timezone.localdate())


class Milestone(models.Model):
    """A deliverable or checkpoint of a partnership, with its due date and who owns it."""

    partnership = models.ForeignKey(
        Partnership, verbose_name="partnership", on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField("title", max_length=200)
    description = models.TextField("description", blank=True)
    due_date = models.DateField("due")
    status = models.CharField("status", max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED)
    owner = models.ForeignKey(
        "people.Person",
        verbose_name="owner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    completed_on = models.DateField("completed", null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = "milestone"
        verbose_name_plural = "milestones"
        ordering = ["due_date", "pk"]
        indexes = [
            # "Overdue milestones" (the dashboard, the task list): the open ones due before today.
            models.Index(
                fields=["due_date"], condition=Q(status__in=OPEN_MILESTONE_STATUSES), name="milestones_open_due_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=MilestoneStatus.DONE, completed_on__isnull=False)
                | (~Q(status=MilestoneStatus.DONE) & Q(completed_on__isnull=True)),
                name="partnerships_milestone_completed_when_done",
                violation_error_message="A milestone has a completion date exactly when it is done.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status in OPEN_MILESTONE_STATUSES and self.due_date < timezone.localdate()
