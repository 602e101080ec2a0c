from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator

from accounts.models import Role, User
from core.forms import DATE, VersionedForm
from core.widgets import use_lookup
from partnerships.models import (
    FundingCommitment,
    FundingMechanism,
    MemberRole,
    Milestone,
    MilestoneStatus,
    Organization,
    OrganizationKind,
    Partnership,
    PartnershipMember,
    Phase,
    ResearchArea,
)
from partnerships.services.funding import FUNDING_FIELDS
from partnerships.services.organizations import EDITABLE_FIELDS as ORGANIZATION_FIELDS
from partnerships.services.partnerships import EDITABLE_FIELDS as PARTNERSHIP_FIELDS


def _check_period(form, start: str, end: str) -> None:
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[end] < data[start]:
        form.add_error(end, "The end must be on or after the start.")


class OrganizationForm(VersionedForm):
    website = forms.URLField(label="Website", required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        widgets = {"internal_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(
            self.fields["parent"],
            "organizations",
            queryset=Organization.objects.all(),
            exclude=self.instance if self.instance.pk else None,
        )


def _owners():
    return User.objects.filter(role__in=[Role.ADMIN, Role.STAFF], is_active=True).order_by("first_name", "last_name")


class PartnershipForm(VersionedForm):
    new_research_areas = forms.CharField(
        label="New research areas", required=False, help_text="Comma-separated, for areas not in the list yet."
    )

    class Meta:
        model = Partnership
        fields = PARTNERSHIP_FIELDS
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "research_areas": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["owner"], "owners", queryset=_owners())
        self.fields["research_areas"].queryset = ResearchArea.objects.order_by("name")

    def clean(self):
        super().clean()
        _check_period(self, "start_date", "end_date")
        return self.cleaned_data

    def research_area_names(self) -> list[str]:
        raw = self.cleaned_data.get("new_research_areas", "")
        return [name.strip() for name in raw.split(",") if name.strip()]


class PartnershipCreateForm(PartnershipForm):
    """A new partnership names its academic lead and at least one other member up front."""

    phase = forms.ChoiceField(choices=Phase.choices, initial=Phase.EXPLORING)
    academic_lead = forms.ModelChoiceField(
        queryset=Organization.objects.filter(
            kind__in=[OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE]
        ),
        help_text="The university or institute leading the research.",
    )
    lead_sponsor = forms.ModelChoiceField(queryset=Organization.objects.all(), required=False)
    other_members = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Type to search, and pick as many as there are: every company of a consortium, a funder ...",
    )
    other_members_role = forms.ChoiceField(
        choices=[(role.value, role.label) for role in MemberRole if role != MemberRole.ACADEMIC_LEAD],
        initial=MemberRole.SPONSOR,
        label="Their role",
    )

    field_order = [
        "title",
        "model",
        "phase",
        "owner",
        "academic_lead",
        "lead_sponsor",
        "other_members",
        "other_members_role",
        "start_date",
        "end_date",
        "objectives",
        "research_areas",
        "new_research_areas",
        "internal_notes",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["academic_lead"], "organizations", queryset=Organization.objects.all(), academic=True)
        for name in ("lead_sponsor", "other_members"):
            use_lookup(self.fields[name], "organizations", queryset=Organization.objects.all())

    def clean(self):
        super().clean()
        data = self.cleaned_data
        lead, sponsor, others = (
            data.get("academic_lead"),
            data.get("lead_sponsor"),
            list(data.get("other_members") or []),
        )
        if lead and (sponsor == lead or lead in others):
            self.add_error("academic_lead", "The academic lead cannot also be another member.")
        if sponsor and sponsor in others:
            self.add_error("other_members", f"{sponsor} is already the lead sponsor.")
        if lead and not sponsor and not others:
            self.add_error("other_members", "Add at least one member besides the academic lead.")
        return data

    def members(self) -> list[tuple[Organization, str]]:
        data = self.cleaned_data
        members = [(data["academic_lead"], MemberRole.ACADEMIC_LEAD)]
        if data.get("lead_sponsor"):
            members.append((data["lead_sponsor"], MemberRole.LEAD_SPONSOR))
        members += [(organization, data["other_members_role"]) for organization in data.get("other_members") or []]
        return members


class PhaseChangeForm(forms.Form):
    to_phase = forms.ChoiceField(choices=Phase.choices, label="New phase")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(forms.ModelForm):
    class Meta:
        model = PartnershipMember
        fields = ["organization", "role", "joined_on"]
        widgets = {"joined_on": DATE}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(
            self.fields["organization"], "organizations", queryset=Organization.objects.all(), not_member_of=partnership
        )


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "owner", "description"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["owner"], "people", queryset=self.fields["owner"].queryset)


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(choices=MilestoneStatus.choices)


class FundingForm(VersionedForm):
    class Meta:
        model = FundingCommitment
        fields = FUNDING_FIELDS
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        use_lookup(self.fields["source"], "organizations", queryset=Organization.objects.all(), member_of=partnership)
        self.fields["source"].help_text = "A member of this partnership."
        self.fields["agreement"].queryset = partnership.agreements.order_by("reference")
        self.fields["amount"].help_text = "For in-kind contributions, the agreed valuation."
        self.fields["amount"].validators.append(
            MinValueValidator(Decimal("0.01"), "The amount must be more than zero.")
        )

    def clean(self):
        super().clean()
        _check_period(self, "start_date", "end_date")
        data = self.cleaned_data
        if data.get("mechanism") == FundingMechanism.IN_KIND and not data.get("in_kind_kind"):
            self.add_error("in_kind_kind", "Say what the in-kind contribution is: dataset, compute, equipment ...")
        return data


class MoneyLineForm(forms.Form):
    """An instalment due or a payment received: a date and a positive amount."""

    on = forms.DateField(widget=DATE)
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0.01)
    note = forms.CharField(max_length=100, required=False)
