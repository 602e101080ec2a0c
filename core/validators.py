"""Field validators shared by every app's models."""

from django.core.exceptions import ValidationError
from django.utils import timezone


def not_in_future(value) -> None:
    """For the date something happened (money received): it cannot be later than today, or a
    payment expected next month would count, and chart, as received."""
    if value is not None and value > timezone.localdate():
        raise ValidationError("This date is in the future: record it once it has happened.", code="future")
