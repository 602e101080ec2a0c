import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.forms import VersionedForm
from partnerships.models import Organization
from reports.models import MAX_RECIPIENTS, ScheduledReport
from reports.services.schedules import EDITABLE_FIELDS, normalise_recipients

SEPARATORS = re.compile(r"[\s,;]+")


class RecipientsField(forms.CharField):
    """E-mail addresses typed one per line (or separated by commas), kept as a list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        return normalise_recipients(SEPARATORS.split(super().to_python(value) or ""))

    def validate(self, value):
        if not value:
            raise ValidationError("Give at least one e-mail address.", code="required")
        bad = []
        for address in value:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError("Not an e-mail address: %(bad)s.", code="invalid", params={"bad": ", ".join(bad)})
        if len(value) > MAX_RECIPIENTS:
            raise ValidationError(
                "At most %(max)d recipients: this has %(count)d.",
                code="max_length",
                params={"max": MAX_RECIPIENTS, "count": len(value)},
            )


class ScheduledReportForm(VersionedForm):
    recipients = RecipientsField(
        label="Recipients", help_text=f"One e-mail address per line, at most {MAX_RECIPIENTS}."
    )

    class Meta:
        model = ScheduledReport
        fields = EDITABLE_FIELDS
        help_texts = {"frequency": "Sent after each calendar month or quarter ends, for that month or quarter."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Organization.objects.order_by("name")
        self.fields["scope"].empty_label = "Whole portfolio"
