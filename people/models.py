from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.querysets import VisibleQuerySet


class PersonKind(models.TextChoices):
    FACULTY = "faculty", "Faculty"
    POSTDOC = "postdoc", "Postdoctoral researcher"
    PHD_STUDENT = "phd_student", "PhD student"
    MASTERS_STUDENT = "masters_student", "Master's student"
    INDUSTRY_RESEARCHER = "industry_researcher", "Industry researcher"
    ENGINEER = "engineer", "Engineer"
    LIAISON = "liaison", "Liaison"
    ADMINISTRATOR = "administrator", "Administrator"


class PersonQuerySet(VisibleQuerySet):
    def visible_to_liaison(self, user, organization_ids):
        current = Affiliation.objects.current().filter(organization_id__in=organization_ids)
        return self.filter(Q(pk__in=current.values("person_id")) | Q(user=user))


class Person(models.Model):
    """Someone in a partnership: faculty, students, industry researchers, liaisons.

    A person with a `user` can sign in; a liaison's current affiliation decides which
    partner organization they act for.
    """

    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    email = models.EmailField("e-mail", blank=True)
    kind = models.CharField("kind", max_length=32, choices=PersonKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="login",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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
