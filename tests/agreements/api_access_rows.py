"""Access-matrix rows for the agreements API (see tests/test_access_matrix.py).

Every row acts on Acme's agreement and what hangs off it, as the scenario builds them: its
Acme party, an activity with a follow-up due, a document version and an open review round to
Acme. The office reads everything and staff and admins write; Acme's liaison reads but may not
write (403), except on Acme's own review round, where they comment and decide; staff comment
on a round too, but only the partner decides it. Globex's liaison gets 404 for all of it, as
if it did not exist. Anonymous callers get 401. Each row runs on a fresh database per role,
so creations do not collide and versions are the scenario's own.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import Row, statuses

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

READ_ALL = statuses(401, signed_in=200)
ACME_READ = statuses(401, internal=200, acme_liaison=200, globex_liaison=404)


def editors_create() -> dict[str, int]:
    return statuses(401, admin=201, staff=201, viewer=403, liaisons=403)


def acme_write(success: int) -> dict[str, int]:
    return statuses(401, admin=success, staff=success, viewer=403, acme_liaison=403, globex_liaison=404)


def _url(name: str, *keys: str):
    return lambda s: reverse(name, args=[s[key].pk for key in keys])


def _today() -> str:
    return datetime.date.today().isoformat()


AGREEMENT_API_ROWS = [
    Row("agreement-list", "get", READ_ALL),
    Row(
        "agreement-list",
        "post",
        editors_create(),
        data=lambda s: {
            "partnership": s["acme_partnership"].pk,
            "kind": "confidentiality",
            "title": "Mutual NDA",
            "preset": "institution_standard",
            "parties": [{"organization": s["university"].pk}, {"organization": s["acme"].pk}],
        },
        json=True,
    ),
    Row("agreement-detail", "get", ACME_READ, path=_url("agreement-detail", "acme_agreement")),
    Row(
        "agreement-detail",
        "put",
        acme_write(200),
        path=_url("agreement-detail", "acme_agreement"),
        data=lambda s: {
            "kind": "sponsored_research",
            "title": "Acme grasping research agreement (v2)",
            "publication_review_days": 45,
            "version": s["acme_agreement"].version,
        },
        json=True,
    ),
    Row(
        "agreement-detail",
        "patch",
        acme_write(200),
        path=_url("agreement-detail", "acme_agreement"),
        data=lambda s: {"renewal_notice_days": 60, "version": s["acme_agreement"].version},
        json=True,
    ),
    Row(
        "agreement-transition",
        "post",
        acme_write(200),
        path=_url("agreement-transition", "acme_agreement"),
        data=lambda s: {"to_status": "negotiation", "note": "Sponsor replied", "version": s["acme_agreement"].version},
    ),
    # The scenario's review round already passed the ball to the sponsor.
    Row(
        "agreement-ball",
        "post",
        acme_write(200),
        path=_url("agreement-ball", "acme_agreement"),
        data={"holder": "legal", "note": "Indemnity clause"},
    ),
    Row(
        "agreement-party-sign",
        "post",
        acme_write(200),
        path=_url("agreement-party-sign", "acme_agreement", "acme_party"),
        data=lambda s: {"signed_on": _today()},
    ),
    Row("agreement-activities", "get", ACME_READ, path=_url("agreement-activities", "acme_agreement")),
    Row(
        "agreement-activities",
        "post",
        acme_write(201),
        path=_url("agreement-activities", "acme_agreement"),
        data=lambda s: {"kind": "call", "occurred_on": _today(), "summary": "Called Acme legal"},
    ),
    Row(
        "agreement-activity-done",
        "post",
        acme_write(200),
        path=_url("agreement-activity-done", "acme_agreement", "acme_activity"),
    ),
    Row("agreement-documents", "get", ACME_READ, path=_url("agreement-documents", "acme_agreement")),
    Row(
        "agreement-documents",
        "post",
        acme_write(201),
        path=_url("agreement-documents", "acme_agreement"),
        # Multipart: a fresh file for every request.
        data=lambda s: {"file": SimpleUploadedFile("Acme SRA v2.pdf", PDF), "note": "Second draft"},
    ),
    Row(
        "agreement-document-download",
        "get",
        ACME_READ,
        path=_url("agreement-document-download", "acme_agreement", "acme_document"),
    ),
    Row("agreement-reviews", "get", ACME_READ, path=_url("agreement-reviews", "acme_agreement")),
    # Acme already has a round open; the university, the other party, gets one.
    Row(
        "agreement-reviews",
        "post",
        acme_write(201),
        path=_url("agreement-reviews", "acme_agreement"),
        data=lambda s: {
            "organization": s["university"].pk,
            "due_date": (datetime.date.today() + datetime.timedelta(days=10)).isoformat(),
        },
    ),
    Row(
        "agreement-review-comments",
        "post",
        statuses(401, admin=201, staff=201, viewer=403, acme_liaison=201, globex_liaison=404),
        path=_url("agreement-review-comments", "acme_agreement", "acme_round"),
        data={"term_group": "publication", "body": "Sixty days, please."},
    ),
    Row(
        "agreement-review-decision",
        "post",
        statuses(401, internal=403, acme_liaison=200, globex_liaison=404),
        path=_url("agreement-review-decision", "acme_agreement", "acme_round"),
        data={"decision": "approved", "note": "Fine by us."},
    ),
    Row(
        "agreement-review-compare",
        "get",
        ACME_READ,
        path=_url("agreement-review-compare", "acme_agreement", "acme_round"),
        data={"with": "current"},
    ),
]
