"""The access matrix: every URL Tandem serves × every role, with the status each must get.

Each app adds its rows to `MATRIX` in tests/<app>/access_rows.py as it grows; the
resolver walk in `all_url_names()` makes a URL without a row fail the build.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

ROLES = ("anonymous", "admin", "staff", "viewer", "acme_liaison", "globex_liaison")
INTERNAL = ("admin", "staff", "viewer")
LIAISONS = ("acme_liaison", "globex_liaison")

# Namespaces and names that are not ours to police row by row (Django's admin checks its
# own permissions; the matrix covers its index for every role).
UNPOLICED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Row:
    """One URL and method, and the status every role must receive."""

    name: str
    method: str
    expected: dict[str, int]
    path: Callable[[dict], str] | None = None  # builds the path from the scenario's objects
    data: dict | Callable[[dict], dict] = field(default_factory=dict)  # a callable gets the scenario too
    # Send `data` as a JSON body (content_type="application/json"): the test client cannot
    # form-encode a PATCH or PUT body, and the API answers 415 to anything else.
    json: bool = False

    def __post_init__(self):
        missing = set(ROLES) - set(self.expected)
        if missing:
            raise ValueError(f"{self.name} {self.method}: no expected status for {sorted(missing)}")

    def payload(self, scenario: dict) -> dict:
        return self.data(scenario) if callable(self.data) else self.data

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"


def statuses(anonymous: int, **by_role: int) -> dict[str, int]:
    """Spell a row's expectations compactly: `statuses(302, internal=200, liaisons=404)`."""
    expected = {"anonymous": anonymous}
    for key, status in by_role.items():
        if key == "internal":
            expected.update(dict.fromkeys(INTERNAL, status))
        elif key == "liaisons":
            expected.update(dict.fromkeys(LIAISONS, status))
        elif key == "signed_in":
            expected.update(dict.fromkeys(INTERNAL + LIAISONS, status))
        else:
            expected[key] = status
    return expected


def all_url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL pattern in the project, namespaced like `reverse()` expects."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in UNPOLICED_NAMESPACES:
                continue
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def all_url_methods(resolver=None, namespace: str = "") -> set[tuple[str, str]]:
    """(name, method) for every method each named URL answers, where the view declares them.

    API viewsets declare theirs (the router's `actions`); so do views wrapped in Django's
    `require_http_methods` family, which keep the allowed list on the wrapper's closure.
    """
    pairs = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace not in UNPOLICED_NAMESPACES:
                pairs |= all_url_methods(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}{pattern.name}"
            pairs |= {(name, method) for method in _declared_methods(pattern.callback)}
    return pairs


def _declared_methods(view) -> set[str]:
    actions = getattr(view, "actions", None)
    if actions:  # a DRF viewset route
        return {method for method in actions if method not in ("head", "options")}
    cls = getattr(view, "cls", None)
    if cls is not None and issubclass(cls, APIView):  # an API view that is not a viewset
        declared = {method for method in cls.http_method_names if hasattr(cls, method)}
        return declared - {"head", "options"}
    return set()
