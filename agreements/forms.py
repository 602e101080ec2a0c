from django import forms

from accounts.models import Role, User
from agreements import terms
from agreements.models import (
    Activity,
    Agreement,
    AgreementKind,
    AgreementStatus,
    BallHolder,
    Document,
    PlaybookRule,
    ReviewStatus,
)
from agreements.services.agreements import EDITABLE_FIELDS as AGREEMENT_FIELDS
from agreements.services.playbook import RULE_FIELDS
from core.forms import DATE, VersionedForm
from core.widgets import use_lookup
from partnerships.models import Organization, Partnership
from people.models import Person


def _owners():
    return User.objects.filter(role__in=[Role.ADMIN, Role.STAFF], is_active=True).order_by("first_name", "last_name")


class AgreementForm(VersionedForm):
    """The agreement's own fields and its terms; an edit carries the version it was read at."""

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "effective_date": DATE,
            "expiry_date": DATE,
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "background_ip": forms.Textarea(attrs={"rows": 2}),
            "datasets": forms.Textarea(attrs={"rows": 2}),
            "retention_destruction": forms.Textarea(attrs={"rows": 2}),
            "permitted_use": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        use_lookup(self.fields["owner"], "owners", queryset=_owners())
        masters = Agreement.objects.filter(partnership=partnership, kind=AgreementKind.MASTER_RESEARCH)
        if self.instance.pk:
            masters = masters.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = masters

    def term_groups(self):
        return [
            {"label": group.label, "key": group.key, "fields": [self[name] for name in group.fields]}
            for group in terms.TERM_GROUPS
        ]

    def clean(self):
        data = super().clean()
        if data.get("effective_date") and data.get("expiry_date") and data["expiry_date"] <= data["effective_date"]:
            self.add_error("expiry_date", "The expiry date must come after the effective date.")
        return data


class AgreementCreateForm(AgreementForm):
    preset = forms.ChoiceField(
        choices=[("", "No preset: fill the terms by hand"), *terms.PRESET_CHOICES],
        required=False,
        help_text="Fills the terms from a recognised model; every term stays editable.",
    )
    parties = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="Members of the partnership who sign.",
    )

    field_order = ["title", "kind", "preset", "parties", "owner", "parent"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        self.fields["parties"].queryset = Organization.objects.filter(memberships__partnership=partnership).order_by(
            "name"
        )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=AgreementStatus.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class BallForm(forms.Form):
    holder = forms.ChoiceField(choices=BallHolder.choices, label="Pass the ball to")
    note = forms.CharField(required=False, max_length=300)


class SignForm(forms.Form):
    signed_on = forms.DateField(widget=DATE)
    signatory = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["signatory"].queryset = Person.objects.filter(
                affiliations__organization=organization
            ).distinct()


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "occurred_on", "summary", "follow_up_on", "internal"]
        widgets = {"occurred_on": DATE, "follow_up_on": DATE, "summary": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(forms.Form):
    file = forms.FileField(help_text="PDF or Word (DOCX), at most 20 MB.")
    note = forms.CharField(required=False, max_length=300)


class ReviewSendForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label="Send to")
    due_date = forms.DateField(widget=DATE, label="Due")
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreement is not None:
            self.fields["organization"].queryset = Organization.objects.filter(agreement_parties__agreement=agreement)


class CommentForm(forms.Form):
    term_group = forms.ChoiceField(choices=terms.TERM_GROUP_CHOICES, label="About")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment")
    internal = forms.BooleanField(required=False, label="Internal (office only)")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(ReviewStatus.APPROVED, "Approve"), (ReviewStatus.CHANGES_REQUESTED, "Request changes")]
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AmendmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What changes")
    effective_date = forms.DateField(widget=DATE)
    new_expiry_date = forms.DateField(widget=DATE, required=False, help_text="Only if the term is extended.")
    document = forms.ModelChoiceField(queryset=Document.objects.none(), required=False)

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreement is not None:
            self.fields["document"].queryset = agreement.documents.all()


class PlaybookRuleForm(forms.ModelForm):
    class Meta:
        model = PlaybookRule
        fields = RULE_FIELDS
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}


class SignOffForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why the institution accepts it")


class ManuscriptForm(forms.Form):
    title = forms.CharField(max_length=300)
    authors = forms.CharField(max_length=500)
    venue = forms.CharField(max_length=200, required=False)
    planned_submission_date = forms.DateField(widget=DATE, required=False)
    file = forms.FileField(required=False, help_text="The manuscript as sent to the partners (PDF or DOCX).")


class PublicationAnswerForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("clear", "Clear for publication"),
            ("request_removal", "Ask for removal of our confidential information"),
            ("request_delay", "Ask for a patent delay"),
        ]
    )
    delay_days = forms.IntegerField(required=False, min_value=1, label="Delay (days)")
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What and why")


class ResolutionForm(forms.Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What was removed or changed")
