"""Every deviation from the playbook across agreements: what is open, what needs a sign-off."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from agreements import selectors
from agreements.filters import DeviationFilter
from core import roles
from core.views_helpers import render_list


@login_required
def deviation_list(request):
    if not roles.is_internal(request.user):
        raise PermissionDenied("Deviations from the playbook are the office's own.")
    filterset = DeviationFilter(request.GET, queryset=selectors.deviations_for_list(request.user), request=request)
    return render_list(
        request,
        filterset,
        page_template="agreements/deviation_list.html",
        results_template="agreements/_deviation_results.html",
    )
