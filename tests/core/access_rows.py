"""Access-matrix rows for the pickers' lookup endpoint (see tests/test_access_matrix.py).

Every signed-in role may search what it may see (a liaison: their own organization's rows);
narrowing by a row one may not see answers 404, as if it did not exist.
"""

from django.urls import reverse

from tests.access import Row, statuses

SIGNED_IN = statuses(302, signed_in=200)
ACME_READ = statuses(302, internal=200, acme_liaison=200, globex_liaison=404)


def _lookup(kind: str, **query):
    def path(scenario):
        params = "&".join(f"{name}={value(scenario)}" for name, value in query.items())
        return reverse("lookup", args=[kind]) + (f"?{params}" if params else "")

    return path


LOOKUP_ROWS = [
    Row("lookup", "get", SIGNED_IN, path=_lookup("organizations")),
    Row("lookup", "get", SIGNED_IN, path=_lookup("organizations", q=lambda s: "ac")),
    Row("lookup", "get", SIGNED_IN, path=_lookup("partnerships")),
    Row("lookup", "get", SIGNED_IN, path=_lookup("people")),
    Row("lookup", "get", SIGNED_IN, path=_lookup("agreements")),
    Row("lookup", "get", SIGNED_IN, path=_lookup("owners")),
    Row("lookup", "get", SIGNED_IN, path=_lookup("reviewed-organizations")),
    Row(
        "lookup",
        "get",
        ACME_READ,
        path=_lookup("organizations", not_member_of=lambda s: s["acme_partnership"].pk),
    ),
    Row(
        "lookup",
        "get",
        statuses(302, internal=200, liaisons=404),
        path=_lookup("organizations", exclude=lambda s: s["university"].pk),
    ),
    Row("lookup", "get", statuses(302, signed_in=404), path=_lookup("no-such-kind")),
    Row("lookup", "get", statuses(302, signed_in=400), path=_lookup("partnerships", q=lambda s: "x" * 101)),
]
