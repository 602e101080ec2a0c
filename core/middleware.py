"""Sessions: idle ones end without a database write on every request, and an htmx request
whose session has ended sends the whole page to sign in. Errors: one shape under /api/, one
log line for a refusal."""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse, JsonResponse
from django.middleware import common
from django.shortcuts import resolve_url
from rest_framework.renderers import BrowsableAPIRenderer

from core.api.errors import MESSAGES, error_response, is_api_request
from core.refusals import log_refusal

REFRESHED_KEY = "_tandem_refreshed"


class SlidingSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last request, give or take SESSION_REFRESH_SECONDS.

    Django slides the expiry by saving the session on every request (SESSION_SAVE_EVERY_REQUEST):
    an UPDATE of its row and a commit on every page, the commit waiting for PostgreSQL to flush
    its log to disk, a real share of a fast page. Here a request saves the session only
    when the last save is older than SESSION_REFRESH_SECONDS, so an idle session ends between
    AGE - REFRESH and AGE after the last request (by default 1:59 to 2:00 of 2 hours).
    Signed-out visitors' sessions are left alone: they have nothing to keep alive.

    Below SessionMiddleware in MIDDLEWARE, so that it runs first on the way out: the session it
    marks as changed is then saved, and its cookie set, by SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a signed-in session has an idle timeout to move on. No cookie: nothing to load. A
        # cookie naming no live session loads as empty, and must not be stored because of us.
        if session is None or session.is_empty() or SESSION_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now
        return response


class HtmxSignInMiddleware:
    """An htmx request turned away to the sign-in page signs in as a whole page.

    htmx follows the redirect and swaps what it gets into the element that asked: a tab or a
    list would show the sign-in page inside the page. Instead the answer tells htmx to send the
    browser there (HX-Redirect), and back to the page it was on once signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 302 or request.headers.get("HX-Request") != "true":
            return response
        sign_in = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != sign_in:
            return response
        # The page the browser shows, not the fragment it asked for; the sign-in view checks
        # `next` is ours before following it.
        shown = urlsplit(request.headers.get("HX-Current-URL", ""))
        back_to = f"{shown.path}?{shown.query}" if shown.query else shown.path or "/"
        redirect = HttpResponse(status=204)
        redirect["HX-Redirect"] = f"{sign_in}?{urlencode({'next': back_to})}"
        return redirect


class RefusalLogMiddleware:
    """Every refused request (4xx) is logged once, in one line (core.refusals).

    First in MIDDLEWARE, so it sees the answer as it leaves, whichever layer made it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if 400 <= response.status_code < 500:
            log_refusal(request, response)
        return response


class ApiErrorShapeMiddleware:
    """Under /api/, an error answers in the API's error shape, whoever made it.

    DRF's views and Django's error handlers (core.views) answer in it already; this catches the
    rest: Swagger UI's view refusing a method in HTML, the schema view answering in YAML, and
    Django's debug pages when DEBUG is on. DRF's browsable pages, which a browser asks for, stay.
    Headers a client needs to act (Allow, WWW-Authenticate, Retry-After) are kept.
    """

    KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_request(request) or _is_json(response):
            return response
        if isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer):
            return response  # a browser asked for DRF's browsable pages, errors and all
        status = response.status_code
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            # DRF's error, rendered in another format (an HTML renderer adds keys of its own to it).
            reshaped = JsonResponse({"error": data["error"]}, status=status)
        else:
            reshaped = error_response(status, MESSAGES.get(status) or f"{response.reason_phrase}.")
        for header in self.KEPT_HEADERS:
            if header in response:
                reshaped[header] = response[header]
        for attribute in ("refusal", "_has_been_logged"):
            if hasattr(response, attribute):
                setattr(reshaped, attribute, getattr(response, attribute))
        return reshaped


def _is_json(response) -> bool:
    media_type = response.get("Content-Type", "").split(";")[0].strip()
    return media_type == "application/json" or media_type.endswith("+json")


class CommonMiddleware(common.CommonMiddleware):
    """Django's, without the slash-appending redirect under /api/.

    A client redirected after a POST, PUT or DELETE comes back with a GET (and with DEBUG on
    Django refuses such a request with a 500). An API path without its slash answers 404
    instead, naming the path meant (core.views.page_not_found).
    """

    def should_redirect_with_slash(self, request):
        return not is_api_request(request) and super().should_redirect_with_slash(request)
