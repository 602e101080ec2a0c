from django.contrib.auth.models import AbstractUser
from django.db import models

from core.querysets import OwnRowsQuerySet
from core.roles import Role


class User(AbstractUser):
    """A person who signs in to Tandem.

    The role decides access. A liaison is linked to a `people.Person` (through
    `Person.user`) whose current affiliation names the partner organization they act for.
    """

    role = models.CharField("role", max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="accounts_user_role_valid",
                violation_error_message="Unknown role.",
            ),
        ]

    # Django's admin and permission checks ask these; the role answers them, so there is no
    # second source of truth in is_staff / is_superuser / groups.
    @property
    def is_admin_role(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_admin_role or super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_admin_role or super().has_module_perms(app_label)


class CalendarFeed(models.Model):
    """A user's secret calendar address. Replacing it revokes the old one."""

    user = models.OneToOneField(User, verbose_name="user", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField("token", max_length=64, unique=True)
    created_at = models.DateTimeField("created", auto_now_add=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = "calendar feed"
        verbose_name_plural = "calendar feeds"

    def __str__(self):
        return f"Calendar of {self.user}"
