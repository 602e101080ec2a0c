"""The forms of the portfolio report and the AUTM summary, and their section on /reports/."""

from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from core import roles
from core.widgets import use_lookup
from partnerships.models import Organization, Partnership

FIRST_YEAR = 1990


def _year_field() -> forms.TypedChoiceField:
    last = timezone.localdate().year + 1
    return forms.TypedChoiceField(
        label="Year",
        coerce=int,
        choices=[(year, str(year)) for year in range(last, FIRST_YEAR - 1, -1)],
        error_messages={"invalid_choice": f"Choose a year from {FIRST_YEAR} to {last}."},
    )


def with_default_year(query) -> dict:
    """The query's values, the current year when none is given: /reports/portfolio/ alone is this year's."""
    data = query.copy()
    if not data.get("year"):
        data["year"] = str(timezone.localdate().year)
    return data


class PortfolioReportForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Whole portfolio",
        error_messages={"invalid_choice": "No such partner: choose one from the list."},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="Any partnership",
        help_text="A partnership narrows the report to it; a partner chosen too must be one of its members.",
        error_messages={"invalid_choice": "No such partnership: choose one from the list."},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("html", "Page"), ("pdf", "PDF")],
        required=False,
        error_messages={"invalid_choice": "Choose the page or the PDF."},
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "portfolio-%s")  # /reports/ has other forms with a year
        super().__init__(*args, **kwargs)
        self.fields = {"year": _year_field(), **self.fields}
        # Organizations that are members of a partnership: a partner report of anyone else is empty.
        use_lookup(self.fields["partner"], "organizations", user=user, partners=True)
        use_lookup(self.fields["partnership"], "partnerships", user=user)

    def clean(self):
        data = super().clean()
        partner, partnership = data.get("partner"), data.get("partnership")
        if partner and partnership and not partnership.members.filter(organization=partner).exists():
            self.add_error("partnership", f"{partner} is not a member of this partnership.")
        return data

    def report_arguments(self) -> dict:
        data = self.cleaned_data
        return {"year": data["year"], "partner": data["partner"], "partnership": data["partnership"]}

    def query_string(self, **extra) -> str:
        """The valid choices as a query string (the page links its PDF with it)."""
        data = self.cleaned_data
        values = {
            "year": data["year"],
            "partner": data["partner"].pk if data["partner"] else "",
            "partnership": data["partnership"].pk if data["partnership"] else "",
            **extra,
        }
        return urlencode({key: value for key, value in values.items() if value})

    @property
    def wants_pdf(self) -> bool:
        return self.cleaned_data.get("format") == "pdf"


class AutmSummaryForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "autm-%s")
        super().__init__(*args, **kwargs)
        self.fields["year"] = _year_field()


def portfolio_section(user) -> dict:
    """The context of the "Portfolio report" and "AUTM annual summary" sections (internal users only)."""
    if not roles.is_internal(user):
        return {}
    year = timezone.localdate().year
    return {
        "portfolio_form": PortfolioReportForm(user=user, initial={"year": year}),
        "autm_form": AutmSummaryForm(initial={"year": year}),
    }
