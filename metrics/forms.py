from django import forms

from agreements.models import Agreement
from metrics.models import LicenceIncome, Output
from partnerships.forms import DATE, VersionedForm
from partnerships.models import Organization, Partnership
from people.models import Person


class OutputForm(VersionedForm):
    url = forms.URLField(label="Link", required=False, assume_scheme="https")

    class Meta:
        model = Output
        fields = [
            "partnership",
            "agreement",
            "kind",
            "title",
            "date",
            "people",
            "authors_text",
            "doi",
            "venue",
            "citations",
            "office",
            "number",
            "licensee",
            "exclusive",
            "business_result",
            "url",
            "description",
        ]
        widgets = {
            "date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "business_result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.visible_to(user).order_by("title")
        self.fields["agreement"].queryset = Agreement.objects.visible_to(user).order_by("reference")
        self.fields["licensee"].queryset = Organization.objects.visible_to(user).order_by("name")
        self.fields["people"].queryset = Person.objects.visible_to(user).order_by("last_name", "first_name")
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
        self.fields["partnership"].queryset = Partnership.objects.visible_to(user).order_by("title")
