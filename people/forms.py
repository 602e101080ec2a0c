from django import forms

from core.forms import DATE, VersionedForm
from core.widgets import use_lookup
from partnerships.models import Organization, Partnership
from people.models import Affiliation, ParticipationRole, Person, Placement, PlacementStatus
from people.orcid import normalize
from people.services.persons import EDITABLE_FIELDS as PERSON_FIELDS
from people.services.placements import EDITABLE_FIELDS as PLACEMENT_FIELDS


def _period(form, start: str, end: str) -> None:
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[end] < data[start]:
        form.add_error(end, "The end must be on or after the start.")


class PersonForm(VersionedForm):
    # Wider than the stored iD: people paste the https://orcid.org/... form, normalised below.
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=60,
        required=False,
        help_text="Like 0000-0002-1825-0097; the check digit is verified.",
    )

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean_orcid(self):
        return normalize(self.cleaned_data.get("orcid", ""))


class PersonCreateForm(PersonForm):
    """A new person and, optionally, where they work now."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False)
    title = forms.CharField(max_length=200, required=False)
    affiliated_from = forms.DateField(label="Since", required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["organization"], "organizations", queryset=Organization.objects.all())

    def affiliation(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("organization"):
            return None
        return {"organization": data["organization"], "title": data["title"], "start_date": data["affiliated_from"]}


class AffiliationForm(forms.ModelForm):
    class Meta:
        model = Affiliation
        fields = ["organization", "title", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["organization"], "organizations", queryset=Organization.objects.all())

    def clean(self):
        super().clean()
        _period(self, "start_date", "end_date")
        return self.cleaned_data


class ParticipationForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=Partnership.objects.none())
    role = forms.ChoiceField(choices=ParticipationRole.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["partnership"], "partnerships", queryset=Partnership.objects.all())


class PlacementForm(VersionedForm):
    class Meta:
        model = Placement
        fields = PLACEMENT_FIELDS
        widgets = {"start_date": DATE, "end_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("person", "academic_advisor", "industry_mentor"):
            use_lookup(self.fields[name], "people", queryset=Person.objects.all(), current=True)
        for name in ("home_organization", "host_organization"):
            use_lookup(self.fields[name], "organizations", queryset=Organization.objects.all())
        use_lookup(self.fields["partnership"], "partnerships", queryset=Partnership.objects.all())

    def clean(self):
        super().clean()
        _period(self, "start_date", "end_date")
        data = self.cleaned_data
        if data.get("outcome") and data.get("status") != PlacementStatus.COMPLETED:
            self.add_error("outcome", "Record the career outcome once the placement is completed.")
        return data

    def _post_clean(self):
        # Model validation (constraints, overlaps) is the service's job, with one message each.
        pass


class ConflictClearForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    organization = forms.IntegerField(widget=forms.HiddenInput)
    partnership = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why it is acceptable")


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=[("people", "People"), ("placements", "Placements")], label="What the file holds")
    file = forms.FileField(label="CSV file", help_text="UTF-8, at most 1 MB and 1,000 rows.")


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label="Type ERASE to confirm", help_text="Irreversible: the name, e-mail, ORCID and notes are anonymised."
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != "ERASE":
            raise forms.ValidationError("Type ERASE in capitals to confirm.")
        return "ERASE"
