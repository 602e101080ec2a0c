"""A refused request logs one line; tracebacks are for real errors.

Django logs a PermissionDenied or a bad request raised in a view with its whole traceback
(`django.request`, and `django.security.*` at ERROR for a SuspiciousOperation such as a bad Host
header or a body too large). Refusals are what access control and validation are for: one
black-box run of every role left hundreds of those tracebacks around the few real 500s. So every
4xx answer is logged here once, as one warning line (method, path, status, user id and why),
and Django's own log of it is skipped; a 500 keeps Django's error log with its traceback.
"""

import logging

from django.core.exceptions import SuspiciousOperation

logger = logging.getLogger("django.request")


def mark_refused(response, exception=None):
    """A refusal answered by our error views: its reason for the log line, and no traceback from Django."""
    response.refusal = exception
    # Django's log_response skips a response it has logged already (django.utils.log); the
    # middleware below writes the one line instead.
    response._has_been_logged = True
    return response


def log_refusal(request, response) -> None:
    exception = getattr(response, "refusal", None)
    reason = str(exception) if exception is not None and str(exception) else _code(response)
    user = getattr(request, "user", None)
    user_id = getattr(user, "pk", None) if user is not None and user.is_authenticated else "-"
    target = logger
    if isinstance(exception, SuspiciousOperation):
        # Where Django logs it, so that alerts on django.security still see it.
        target = logging.getLogger(f"django.security.{type(exception).__name__}")
    target.warning(
        "Refused %s %s: %s, user %s%s",
        request.method,
        request.path.encode("unicode_escape").decode("ascii"),
        response.status_code,
        user_id,
        f" ({reason})" if reason else "",
        extra={"status_code": response.status_code, "request": request},
    )
    response._has_been_logged = True


def _code(response) -> str:
    data = getattr(response, "data", None)
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return str(data["error"].get("code", ""))
    return ""
