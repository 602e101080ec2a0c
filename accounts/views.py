from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.models import CalendarFeed


def _profile_context(request, **extra):
    feed = CalendarFeed.objects.visible_to(request.user).first()
    return {
        "token": Token.objects.filter(user=request.user).first(),
        "calendar_url": request.build_absolute_uri(reverse("workspace:calendar-feed", args=[feed.token]))
        if feed
        else None,
        # The template lists all of the user's own affiliations: their own record, not a partner's
        # rows (Affiliation.visible_to would hide a liaison's past employers from themselves).
        "person": getattr(request.user, "person", None),
        **extra,
    }


@login_required
def profile(request):
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def token_create(request):
    token = services.api_token_create(user=request.user)
    # The key is shown in this response only; it is never put in a message or the session.
    return render(request, "accounts/profile.html", _profile_context(request, new_token_key=token.key))


@login_required
@require_POST
def token_revoke(request):
    if services.api_token_revoke(user=request.user):
        messages.success(request, "Your API token was revoked. Clients using it can no longer sign in.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("profile")


@login_required
@require_POST
def calendar_create(request):
    services.calendar_feed_create(user=request.user)
    messages.success(request, "Your calendar address is ready. Anyone with it sees your deadlines: keep it private.")
    return redirect("profile")


@login_required
@require_POST
def calendar_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, "Your calendar address was revoked; calendars using it stop updating.")
    return redirect("profile")
