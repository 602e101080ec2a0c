from django import forms

from core.forms import DATE, VersionedForm
from core.widgets import use_lookup
from outputs.models import LicenceIncome, Output
from outputs.services import OUTPUT_FIELDS
from partnerships.models import Partnership


class OutputForm(VersionedForm):
    url = forms.URLField(label="Link", required=False, assume_scheme="https")

    class Meta:
        model = Output
        fields = OUTPUT_FIELDS
        widgets = {
            "date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "business_result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["partnership"], "partnerships", user=user)
        use_lookup(self.fields["agreement"], "agreements", user=user)
        use_lookup(self.fields["licensee"], "organizations", user=user)
        use_lookup(self.fields["people"], "people", user=user)
        self.fields["people"].required = False

    def _post_clean(self):
        # Model validation (constraints, DOI) is the service's, with one message each.
        pass


class IncomeForm(forms.ModelForm):
    class Meta:
        model = LicenceIncome
        fields = ["received_on", "kind", "amount", "currency", "note"]
        widgets = {"received_on": DATE}

    def _post_clean(self):
        pass


class PublicationImportForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none(), label="Partnership")
    file = forms.FileField(
        label="BibTeX or CSV file",
        help_text="A .bib file, or a CSV with the columns title, authors, year, doi, venue, citations "
        "(UTF-8, at most 1 MB and 1,000 publications).",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["partnership"], "partnerships", user=user)
