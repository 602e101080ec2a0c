"""Every funding commitment the user may see, across partnerships: what was promised, what came in."""

from django.contrib.auth.decorators import login_required

from core.views_helpers import render_list
from partnerships import selectors
from partnerships.filters import FundingFilter


@login_required
def funding_list(request):
    filterset = FundingFilter(request.GET, queryset=selectors.funding_for_list(request.user), request=request)
    return render_list(
        request,
        filterset,
        page_template="partnerships/funding_list.html",
        results_template="partnerships/_funding_results.html",
    )
