"""/lookup/<kind>/?q=...: what a searchable picker offers, as JSON [{id, label}]."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import lookups

MAX_ID = 2**31 - 1


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)


def _bad(message: str) -> JsonResponse:
    return _error(400, "bad_request", message)


@require_GET
@never_cache
@login_required
def lookup(request, kind: str):
    """Up to `lookups.LIMIT` rows of `kind` the user may pick, matching `q` (the first ones without)."""
    definition = lookups.get(kind)
    if definition is None:
        return _error(404, "not_found", "No such lookup.")
    text = request.GET.get("q", "")
    if len(text) > lookups.MAX_QUERY_LENGTH:
        return _bad(f"Search with at most {lookups.MAX_QUERY_LENGTH} characters.")
    if "\x00" in text:
        return _bad("The search holds a character that cannot be searched.")
    options = {}
    for name in definition.flags:
        value = request.GET.get(name)
        if value is None:
            continue
        if value not in ("0", "1"):
            return _bad(f"{name} is 0 or 1.")
        options[name] = value == "1"
    for name, model in definition.refs.items():
        value = request.GET.get(name)
        if value is None:
            continue
        if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= MAX_ID:
            return _bad(f"{name} is an id.")
        # Through visible_to: narrowing by a row one may not see would tell what it holds.
        options[name] = model.objects.visible_to(request.user).filter(pk=int(value)).first()
        if options[name] is None:
            return _error(404, "not_found", f"No such {model._meta.verbose_name}, or it is not shared with you.")
    queryset = definition.queryset(request.user, **options)
    if text.strip():
        queryset = definition.search(queryset, text)
    rows = [{"id": obj.pk, "label": definition.label(obj)} for obj in queryset[: lookups.LIMIT]]
    return JsonResponse(rows, safe=False)
