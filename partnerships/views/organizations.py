from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core import roles
from core.history import history_for
from core.tabs import tab_counts
from core.views_helpers import call_service, render_list, require_editor, visible_or_404
from partnerships import selectors, services
from partnerships.filters import OrganizationFilter
from partnerships.forms import OrganizationForm
from partnerships.models import FundingCommitment, FundingMechanism, Organization, PartnershipMember
from partnerships.models.partnerships import overdue_milestone_count
from partnerships.views.tabs import organization_page_tabs


def _filtered(request):
    return OrganizationFilter(request.GET, queryset=selectors.organizations_for_list(request.user), request=request)


@login_required
def organization_list(request):
    return render_list(
        request,
        _filtered(request),
        page_template="partnerships/organization_list.html",
        results_template="partnerships/_organization_results.html",
    )


@login_required
def organization_detail(request, pk):
    organization = visible_or_404(Organization, request.user, pk=pk)
    user = request.user
    memberships = (
        PartnershipMember.objects.visible_to(user)
        .filter(organization=organization)
        .select_related("partnership", "partnership__owner")
        .annotate(overdue_milestones=overdue_milestone_count("partnership"))
        .order_by("partnership__title")
    )
    funding = FundingCommitment.objects.visible_to(user).filter(source=organization)
    tabs = organization_page_tabs(user, organization, memberships=memberships, internal=roles.is_internal(user))
    context = {
        "organization": organization,
        "memberships": memberships,
        "tabs": tabs,
        "tab_counts": tab_counts(tabs),
        "funding_totals": selectors.funding_totals(funding),
        "commitments": selectors.commitments_with_received(funding.select_related("partnership")),
        "in_kind": funding.filter(mechanism=FundingMechanism.IN_KIND).select_related("partnership"),
        # Units are listed for the office only: the organization tree is the office's view.
        "units": Organization.objects.visible_to(user).filter(parent=organization)
        if roles.is_internal(user)
        else Organization.objects.none(),
        "history": history_for(organization, user)[:100],
    }
    return render(request, "partnerships/organization_detail.html", context)


@login_required
def organization_create(request):
    require_editor(request.user)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = call_service(form, services.organization_create, actor=request.user, data=form.service_data())
        if organization:
            messages.success(request, f"{organization.name} was added.")
            return redirect("partnerships:organization-detail", pk=organization.pk)
    return render(request, "partnerships/organization_form.html", {"form": form})


@login_required
def organization_update(request, pk):
    organization = visible_or_404(Organization, request.user, pk=pk)
    require_editor(request.user)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.organization_update,
            organization=organization,
            actor=request.user,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )
        if saved:
            messages.success(request, f"{saved.name} was saved.")
            return redirect("partnerships:organization-detail", pk=saved.pk)
    return render(request, "partnerships/organization_form.html", {"form": form, "organization": organization})
