from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health


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


def _error(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        code = title.lower().replace(" ", "_")
        return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)
    return render(request, "error.html", {"status": status, "title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request, exception=None):
    return _error(request, 403, "Not allowed", "Your role does not allow this action.")


def page_not_found(request, exception=None):
    return _error(request, 404, "Not found", "There is nothing here, or it is not shared with you.")


def server_error(request):
    return _error(
        request, 500, "Something went wrong", "The error has been logged. Nothing was saved; please try again."
    )
