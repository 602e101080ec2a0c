"""Access-matrix rows for the partner and partnership pages (see tests/test_access_matrix.py).

Detail and write rows act on Acme's objects: Acme's liaison may read them, Globex's liaison
must get 404, as if they did not exist.
"""

from django.urls import reverse

from tests.access import Row, statuses

READ_ALL = statuses(302, signed_in=200)
EDITORS_ONLY = statuses(302, admin=200, staff=200, viewer=403, liaisons=403)
ACME_READ = statuses(302, internal=200, acme_liaison=200, globex_liaison=404)
# A write to Acme's objects: editors succeed (a redirect after a POST), Acme's liaison may see
# but not change (403), Globex's liaison may not even see (404).
ACME_WRITE_FORM = statuses(302, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)
ACME_WRITE_POST = statuses(302, admin=302, staff=302, viewer=403, acme_liaison=403, globex_liaison=404)


def _url(name, *keys):
    return lambda s: reverse(f"partnerships:{name}", args=[s[key].pk for key in keys])


def _tab(name, key, tab):
    return lambda s: reverse(f"partnerships:{name}", args=[s[key].pk, tab])


PAGE_ROWS = [
    Row("partnerships:organization-list", "get", READ_ALL),
    Row("partnerships:organization-create", "get", EDITORS_ONLY),
    Row(
        "partnerships:organization-create",
        "post",
        statuses(302, admin=302, staff=302, viewer=403, liaisons=403),
        data={"name": "Umbrella Labs", "kind": "company", "status": "active"},
    ),
    Row("partnerships:organization-detail", "get", ACME_READ, path=_url("organization-detail", "acme")),
    Row(
        "partnerships:organization-detail",
        "get",
        statuses(302, internal=200, liaisons=404),
        path=_url("organization-detail", "university"),
    ),
    Row("partnerships:organization-update", "get", ACME_WRITE_FORM, path=_url("organization-update", "acme")),
    *(
        Row("partnerships:organization-tab", "get", ACME_READ, path=_tab("organization-tab", "acme", tab))
        for tab in ("agreements", "outputs", "placements", "people")
    ),
    Row(
        "partnerships:organization-tab",
        "get",
        statuses(302, internal=200, liaisons=404),
        path=_tab("organization-tab", "university", "agreements"),
    ),
    Row(
        "partnerships:organization-tab",
        "get",
        statuses(302, signed_in=404),
        path=_tab("organization-tab", "acme", "funding"),
    ),
    Row(
        "partnerships:organization-update",
        "post",
        ACME_WRITE_POST,
        path=_url("organization-update", "acme"),
        data=lambda s: {"name": "Acme Robotics", "kind": "company", "status": "active", "version": s["acme"].version},
    ),
    Row("partnerships:partnership-list", "get", READ_ALL),
    Row("partnerships:partnership-create", "get", EDITORS_ONLY),
    Row("partnerships:partnership-detail", "get", ACME_READ, path=_url("partnership-detail", "acme_partnership")),
    Row("partnerships:partnership-update", "get", ACME_WRITE_FORM, path=_url("partnership-update", "acme_partnership")),
    *(
        Row("partnerships:partnership-tab", "get", ACME_READ, path=_tab("partnership-tab", "acme_partnership", tab))
        for tab in ("agreements", "outputs")
    ),
    Row(
        "partnerships:partnership-phase",
        "post",
        ACME_WRITE_POST,
        path=_url("partnership-phase", "acme_partnership"),
        data=lambda s: {
            "to_phase": "expanding",
            "reason": "Second lab joins",
            "version": s["acme_partnership"].version,
        },
    ),
    Row(
        "partnerships:member-add",
        "post",
        ACME_WRITE_POST,
        path=_url("member-add", "acme_partnership"),
        data=lambda s: {"organization": s["rival_free_company"].pk, "role": "sponsor"},
    ),
    Row(
        "partnerships:member-remove",
        "post",
        ACME_WRITE_POST,
        path=_url("member-remove", "acme_partnership", "acme_extra_member"),
    ),
    Row(
        "partnerships:milestone-add",
        "post",
        ACME_WRITE_POST,
        path=_url("milestone-add", "acme_partnership"),
        data={"title": "Prototype demo", "due_date": "2027-03-31"},
    ),
    Row(
        "partnerships:milestone-status",
        "post",
        ACME_WRITE_POST,
        path=_url("milestone-status", "acme_partnership", "acme_milestone"),
        data={"status": "done"},
    ),
    Row("partnerships:funding-list", "get", READ_ALL),
    Row("partnerships:funding-create", "get", ACME_WRITE_FORM, path=_url("funding-create", "acme_partnership")),
    Row(
        "partnerships:funding-update",
        "get",
        ACME_WRITE_FORM,
        path=_url("funding-update", "acme_partnership", "acme_funding"),
    ),
    Row(
        "partnerships:payment-add",
        "post",
        ACME_WRITE_POST,
        path=_url("payment-add", "acme_partnership", "acme_funding"),
        data={"on": "2026-01-15", "amount": "1000.00", "note": "INV-1"},
    ),
    Row(
        "partnerships:instalment-add",
        "post",
        ACME_WRITE_POST,
        path=_url("instalment-add", "acme_partnership", "acme_funding"),
        data={"on": "2026-06-30", "amount": "1000.00"},
    ),
]
