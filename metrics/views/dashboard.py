from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import roles
from metrics import dashboard as reads
from metrics import selectors, services
from metrics.models import RecomputeRun
from partnerships.models import Organization, PartnershipModel, ResearchArea


class DashboardFilterForm(forms.Form):
    year_from = forms.IntegerField(label="From", min_value=1990, max_value=2200, required=False)
    year_to = forms.IntegerField(label="To", min_value=1990, max_value=2200, required=False)
    # A name (or id) typed, not a list: a list of every partner would make the page grow with the portfolio.
    partner = forms.CharField(label="Partner", required=False, max_length=200)
    model = forms.ChoiceField(choices=[("", "Any model"), *PartnershipModel.choices], required=False)
    area = forms.ModelChoiceField(queryset=ResearchArea.objects.all(), required=False, empty_label="Any area")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if roles.is_internal(user):
            self.fields["partner"].widget.attrs["placeholder"] = "Any partner"
        else:
            del self.fields["partner"]  # a liaison's dashboard is their organization's already
        year = timezone.localdate().year  # blank years mean this one: say so in the box
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs["placeholder"] = str(year)

    def clean_partner(self):
        text = (self.cleaned_data.get("partner") or "").strip()
        if not text:
            return None
        organizations = Organization.objects.visible_to(self.user)
        found = organizations.filter(pk=text).first() if text.isdigit() else None
        found = found or organizations.filter(name__iexact=text).first()
        if found is None:
            raise forms.ValidationError("No partner by that name.")
        return found

    def filters(self) -> reads.Filters:
        # The valid filters apply even when one is not (that one shows its error).
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return reads.default_filters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            partner=data.get("partner"),
            model=data.get("model", ""),
            area=data.get("area"),
        )


def _latest_run():
    return RecomputeRun.objects.order_by("-created_at", "-pk").first()


@login_required
def dashboard(request):
    user = request.user
    form = DashboardFilterForm(request.GET or None, user=user)
    filters = form.filters()
    is_liaison = roles.is_liaison(user)
    context = {
        "form": form,
        "filters": filters,
        "board": reads.dashboard(user, filters),
        "cards": selectors.dashboard_cards(user=user),
        "scope_label": "Shared with your organization" if is_liaison else "Whole portfolio",
        "is_empty": not selectors.has_partnerships(user=user),
        "run": _latest_run() if roles.is_admin(user) else None,
        "can_recompute": roles.is_admin(user),
    }
    return render(request, "metrics/dashboard.html", context)


@login_required
def recompute_status(request):
    """The progress of the latest recompute, polled by the page with htmx (admins only)."""
    if not roles.is_admin(request.user):
        raise PermissionDenied("Only admins start and follow recomputes.")
    return render(request, "metrics/_recompute_status.html", {"run": _latest_run(), "can_recompute": True})


@login_required
@require_POST
def recompute_start(request):
    if not roles.is_admin(request.user):
        raise PermissionDenied("Only admins start a full recompute.")
    services.recompute_request(actor=request.user)
    messages.success(request, "A full recompute was started; its progress shows below.")
    return redirect("metrics:metrics-dashboard")
