from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.querysets import VisibleQuerySet
from core.search import search_vector, text_search
from people.orcid import validate_orcid


class PersonKind(models.TextChoices):
    FACULTY = "faculty", "Faculty"
    POSTDOC = "postdoc", "Postdoctoral researcher"
    PHD_STUDENT = "phd_student", "PhD student"
    MASTERS_STUDENT = "masters_student", "Master's student"
    INDUSTRY_RESEARCHER = "industry_researcher", "Industry researcher"
    ENGINEER = "engineer", "Engineer"
    LIAISON = "liaison", "Liaison"
    ADMINISTRATOR = "administrator", "Administrator"


SEARCH_FIELDS = ("first_name", "last_name", "orcid")


class PersonQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        """The people of the liaison's organizations, the liaison, and whoever a placement
        they can see sends to or from their organization (a student placed at their company)."""
        from people.models.placements import Placement

        current = Affiliation.objects.current().filter(organization_id__in=organization_ids)
        placed = Placement.objects.visible_to_liaison(user, organization_ids).values("person_id")
        return self.filter(Q(pk__in=current.values("person_id")) | Q(user=user) | Q(pk__in=placed))

    def with_contact_visibility(self, user):
        """Annotate `contact_visible`: may `user` see this person's e-mail and notes?

        The office sees everyone's; a liaison only those of people currently at their own
        organizations (and their own). One subquery, so lists stay at a constant query count.
        """
        if roles.is_internal(user):
            return self.annotate(contact_visible=Value(True))
        organization_ids = roles.liaison_organization_ids(user)
        same_organization = Affiliation.objects.current().filter(
            person=OuterRef("pk"), organization_id__in=organization_ids
        )
        user_id = user.pk if roles.is_liaison(user) else None
        return self.annotate(contact_visible=Exists(same_organization) | Q(user_id=user_id))

    def search(self, text: str):
        return text_search(self, text, fields=SEARCH_FIELDS)


class Person(models.Model):
    """Someone in a partnership: faculty, students, industry researchers, liaisons.

    A person with a `user` can sign in; a liaison's current affiliation decides which
    partner organization they act for. An erased person keeps their row (placements and
    outputs still count in metrics) with every identifying field anonymised.
    """

    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    email = models.EmailField("e-mail", blank=True)
    orcid = models.CharField(
        "ORCID iD",
        max_length=19,
        blank=True,
        validators=[validate_orcid],
        help_text="Like 0000-0002-1825-0097; the check digit is verified.",
    )
    kind = models.CharField("kind", max_length=32, choices=PersonKind.choices)
    notes = models.TextField(
        "notes", blank=True, help_text="Seen by the office and by liaisons of this person's own organization."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="login",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    erased_at = models.DateTimeField("personal data erased", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name"]
        indexes = [
            GinIndex(search_vector(*SEARCH_FIELDS), name="people_person_search_idx"),
            models.Index(fields=["last_name", "first_name", "id"], name="people_person_name_idx"),  # the list's order
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["orcid"],
                condition=~Q(orcid=""),
                name="people_person_orcid_unique",
                violation_error_message="Another person already has this ORCID iD.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:person-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class AffiliationQuerySet(VisibleQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def visible_to_liaison(self, user, organization_ids):
        return self.filter(organization_id__in=organization_ids)


class Affiliation(models.Model):
    """A person's position at an organization over a period; open-ended while it lasts."""

    person = models.ForeignKey(Person, verbose_name="person", on_delete=models.CASCADE, related_name="affiliations")
    organization = models.ForeignKey(
        "partnerships.Organization",
        verbose_name="organization",
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    title = models.CharField("title", max_length=200, blank=True)
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("to", null=True, blank=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = "affiliation"
        verbose_name_plural = "affiliations"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="people_affiliation_ends_after_start",
                violation_error_message="An affiliation cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.organization}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.start_date is None or self.start_date <= today) and (
            self.end_date is None or self.end_date >= today
        )


class ParticipationRole(models.TextChoices):
    PRINCIPAL_INVESTIGATOR = "principal_investigator", "Principal investigator"
    CO_INVESTIGATOR = "co_investigator", "Co-investigator"
    RESEARCHER = "researcher", "Researcher"
    STUDENT = "student", "Student"
    INDUSTRY_MENTOR = "industry_mentor", "Industry mentor"
    LIAISON = "liaison", "Liaison"


class ParticipationQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        from partnerships.models import Partnership

        return self.filter(
            partnership__in=Partnership.objects.visible_to_liaison(user, organization_ids),
            person__in=Person.objects.visible_to_liaison(user, organization_ids),
        )


class Participation(models.Model):
    """A person working on a partnership, in a role (a partnership's principal investigator leads it)."""

    person = models.ForeignKey(Person, verbose_name="person", on_delete=models.CASCADE, related_name="participations")
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name="partnership",
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField("role", max_length=32, choices=ParticipationRole.choices)
    created_at = models.DateTimeField("added", auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = "partnership role"
        verbose_name_plural = "partnership roles"
        ordering = ["partnership__title", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "partnership", "role"],
                name="people_participation_once",
                violation_error_message="This person already has this role in the partnership.",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_role_display()} in {self.partnership}"
