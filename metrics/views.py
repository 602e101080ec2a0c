from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import roles
from metrics import selectors


@login_required
def dashboard(request):
    cards = selectors.dashboard_cards(user=request.user)
    scope_label = "Shared with your organization" if roles.is_liaison(request.user) else "Whole portfolio"
    return render(
        request,
        "metrics/dashboard.html",
        {"cards": cards, "scope_label": scope_label, "is_empty": not selectors.has_partnerships(user=request.user)},
    )
