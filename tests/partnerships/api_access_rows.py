"""Access-matrix rows for the organizations, partnerships and funding API (see tests/test_access_matrix.py).

Detail and write rows act on Acme's objects: Acme's liaison may read them but not change them
(403); Globex's liaison gets 404 for both, as if they did not exist. Anonymous callers get 401.
Each row runs on a fresh database per role, so creations do not collide and versions are the
scenario's own.
"""

from django.urls import reverse

from tests.access import Row, statuses

READ_ALL = statuses(401, signed_in=200)
ACME_READ = statuses(401, internal=200, acme_liaison=200, globex_liaison=404)


def editors_create() -> dict[str, int]:
    return statuses(401, admin=201, staff=201, viewer=403, liaisons=403)


def acme_write(success: int) -> dict[str, int]:
    return statuses(401, admin=success, staff=success, viewer=403, acme_liaison=403, globex_liaison=404)


def _url(name: str, *keys: str):
    return lambda s: reverse(name, args=[s[key].pk for key in keys])


API_ROWS = [
    # Organizations
    Row("organization-list", "get", READ_ALL),
    Row("organization-list", "post", editors_create(), data={"name": "Umbrella Labs", "kind": "company"}),
    Row("organization-detail", "get", ACME_READ, path=_url("organization-detail", "acme")),
    Row(
        "organization-detail",
        "patch",
        acme_write(200),
        path=_url("organization-detail", "acme"),
        data=lambda s: {"sector": "Warehouse robotics", "version": s["acme"].version},
        json=True,
    ),
    # Partnerships
    Row("partnership-list", "get", READ_ALL),
    Row(
        "partnership-list",
        "post",
        editors_create(),
        # Form-encoded, the way DRF reads a list of members from form data.
        data=lambda s: {
            "title": "Grasping pilot",
            "model": "sponsored_research",
            "academic_lead": s["university"].pk,
            "members[0]organization": s["acme"].pk,
            "members[0]role": "lead_sponsor",
        },
    ),
    Row("partnership-detail", "get", ACME_READ, path=_url("partnership-detail", "acme_partnership")),
    Row(
        "partnership-detail",
        "patch",
        acme_write(200),
        path=_url("partnership-detail", "acme_partnership"),
        data=lambda s: {"objectives": "Grasp soft objects.", "version": s["acme_partnership"].version},
        json=True,
    ),
    Row(
        "partnership-phase",
        "post",
        acme_write(200),
        path=_url("partnership-phase", "acme_partnership"),
        data=lambda s: {
            "to_phase": "expanding",
            "reason": "A second lab joins.",
            "version": s["acme_partnership"].version,
        },
    ),
    Row(
        "partnership-members",
        "post",
        acme_write(201),
        path=_url("partnership-members", "acme_partnership"),
        data=lambda s: {"organization": s["rival_free_company"].pk, "role": "sponsor"},
    ),
    Row(
        "partnership-member-detail",
        "delete",
        acme_write(204),
        path=_url("partnership-member-detail", "acme_partnership", "acme_extra_member"),
    ),
    Row(
        "partnership-milestones",
        "post",
        acme_write(201),
        path=_url("partnership-milestones", "acme_partnership"),
        data={"title": "Gripper prototype", "due_date": "2026-06-30"},
    ),
    Row(
        "partnership-milestone-detail",
        "patch",
        acme_write(200),
        path=_url("partnership-milestone-detail", "acme_partnership", "acme_milestone"),
        data={"status": "in_progress"},
        json=True,
    ),
    # Funding
    Row("funding-list", "get", READ_ALL),
    Row(
        "funding-list",
        "post",
        editors_create(),
        data=lambda s: {
            "partnership": s["acme_partnership"].pk,
            "source": s["acme"].pk,
            "mechanism": "gift",
            "amount": "5000.00",
        },
    ),
    Row("funding-totals", "get", READ_ALL),
    Row("funding-detail", "get", ACME_READ, path=_url("funding-detail", "acme_funding")),
    Row(
        "funding-detail",
        "patch",
        acme_write(200),
        path=_url("funding-detail", "acme_funding"),
        data=lambda s: {"description": "Years one and two", "version": s["acme_funding"].version},
        json=True,
    ),
    # The scenario's commitment has no payments yet, so it may still be deleted.
    Row("funding-detail", "delete", acme_write(204), path=_url("funding-detail", "acme_funding")),
    Row(
        "funding-payments",
        "post",
        acme_write(201),
        path=_url("funding-payments", "acme_funding"),
        data={"received_on": "2026-01-15", "amount": "1000.00"},
    ),
    Row(
        "funding-instalments",
        "post",
        acme_write(201),
        path=_url("funding-instalments", "acme_funding"),
        data={"due_date": "2026-06-30", "amount": "1000.00"},
    ),
]
