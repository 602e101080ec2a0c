from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import is_valid_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health
from core.api.errors import MESSAGES, error_response, is_api_request
from core.api.parsers import RequestTooLarge
from core.refusals import mark_refused


@require_GET
@never_cache
def healthz(request):
    checks = health.run_checks()
    healthy = all(result == "ok" for result in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if checks["database"] == "ok":
        body["worker_heartbeat_age_seconds"] = health.seconds_since_worker_heartbeat()
    if not healthy:
        body["failed"] = [name for name, result in checks.items() if result != "ok"]
    return JsonResponse(body, status=200 if healthy else 503)


def favicon(request):
    # Resolved per request: the static manifest does not exist yet when URLs are imported.
    return HttpResponsePermanentRedirect(static("img/tandem.svg"))


def _error(request, status: int, title: str, message: str, code: str | None = None):
    if is_api_request(request):
        return error_response(status, message, code)
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    # Django answers its own limits on what a request may send (DATA_UPLOAD_MAX_*) with a 400;
    # a body too large is a 413, and says what the limit is.
    if isinstance(exception, RequestDataTooBig):
        response = _error(request, 413, "Too large", RequestTooLarge().detail)
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        response = _error(request, 400, "Too many fields", "The request sent more fields or files than allowed.")
    else:
        response = _error(request, 400, "Bad request", MESSAGES[400])
    return mark_refused(response, exception)


def permission_denied(request, exception=None):
    return mark_refused(_error(request, 403, "Not allowed", MESSAGES[403]), exception)


def page_not_found(request, exception=None):
    message = MESSAGES[404]
    path = request.path_info
    if (
        is_api_request(request)
        and not path.endswith("/")
        and is_valid_path(f"{path}/", getattr(request, "urlconf", None))
    ):
        # No redirect under /api/ (core.middleware.CommonMiddleware): say which path was meant.
        message = f"API paths end with a slash: {request.path}/"
    # The resolver's exception lists every pattern tried: not for the log line.
    return mark_refused(_error(request, 404, "Not found", message))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page that is out of date, or from another site."""
    if is_api_request(request):
        response = error_response(403, f"CSRF check failed: {reason}", "csrf_failed")
    else:
        response = _error(
            request,
            403,
            "The form has expired",
            "The page you sent it from was out of date, or you signed in again meanwhile. Go back, reload "
            "the page and send it again.",
        )
    return mark_refused(response, PermissionDenied(f"CSRF: {reason}"))


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: too many failed sign-ins for this username from this address."""
    cool_off = get_cool_off(request)
    if is_api_request(request):
        minutes = int(cool_off.total_seconds() // 60) if cool_off else None
        wait = f"try again in {minutes} minutes" if minutes else "try again later"
        return error_response(
            settings.AXES_HTTP_RESPONSE_CODE, f"Too many failed sign-in attempts: {wait}.", "locked_out"
        )
    context = {"cooloff_timedelta": cool_off, "username": get_client_username(request, credentials) or ""}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)


def server_error(request):
    return _error(request, 500, "Something went wrong", MESSAGES[500])
