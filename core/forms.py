"""Form bases every app's pages share."""

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.ModelForm):
    """Edits carry the version they were read at, so a stale save is refused, not applied."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version

    def service_data(self) -> dict:
        """The editable fields as the service takes them (`Meta.fields`, the service's own list)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}
