"""Access-matrix rows for the agreement pages. Acme's liaison may read Acme's agreement and
act on the review round sent to Acme; Globex's liaison gets 404 for all of it."""

from django.urls import reverse

from tests.access import Row, statuses

READ_ALL = statuses(302, signed_in=200)
ACME_READ = statuses(302, internal=200, acme_liaison=200, globex_liaison=404)
ACME_WRITE_FORM = statuses(302, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404)
ACME_WRITE_POST = statuses(302, admin=302, staff=302, viewer=403, acme_liaison=403, globex_liaison=404)
# Acme's round: the office (staff, admins) and Acme's liaison comment; only Acme's liaison decides.
ACME_REVIEW_COMMENT = statuses(302, admin=302, staff=302, viewer=403, acme_liaison=302, globex_liaison=404)
ACME_PARTY_ONLY = statuses(302, internal=403, acme_liaison=302, globex_liaison=404)


def _url(name, *keys):
    return lambda s: reverse(f"agreements:{name}", args=[s[key].pk for key in keys])


AGREEMENT_PAGE_ROWS = [
    Row("agreements:agreement-list", "get", READ_ALL),
    Row("agreements:agreement-create", "get", statuses(302, admin=200, staff=200, viewer=403, liaisons=403)),
    Row(
        "agreements:agreement-create",
        "get",
        statuses(302, admin=200, staff=200, viewer=403, liaisons=403),
        path=lambda s: reverse("agreements:agreement-create") + f"?partnership={s['acme_partnership'].pk}",
    ),
    Row(
        "agreements:agreement-create",
        "post",
        statuses(302, admin=302, staff=302, viewer=403, liaisons=403),
        path=lambda s: reverse("agreements:agreement-create") + f"?partnership={s['acme_partnership'].pk}",
        data=lambda s: {
            "title": "Mutual NDA",
            "kind": "confidentiality",
            "owner": s["staff"].pk,
            "currency": "GBP",
            "parties": [s["acme"].pk],
            "preset": "institution_standard",
        },
    ),
    Row("agreements:agreement-detail", "get", ACME_READ, path=_url("agreement-detail", "acme_agreement")),
    Row("agreements:agreement-update", "get", ACME_WRITE_FORM, path=_url("agreement-update", "acme_agreement")),
    Row(
        "agreements:agreement-transition",
        "post",
        ACME_WRITE_POST,
        path=_url("agreement-transition", "acme_agreement"),
        data=lambda s: {"to_status": "negotiation", "note": "", "version": s["acme_agreement"].version},
    ),
    Row(
        "agreements:agreement-ball",
        "post",
        ACME_WRITE_POST,
        path=_url("agreement-ball", "acme_agreement"),
        data={"holder": "legal", "note": "Legal reads the IP clause"},
    ),
    Row(
        "agreements:party-sign",
        "post",
        ACME_WRITE_POST,
        path=_url("party-sign", "acme_agreement", "acme_party"),
        data={"signed_on": "2026-01-05"},
    ),
    Row(
        "agreements:amendment-add",
        "post",
        ACME_WRITE_POST,
        path=_url("amendment-add", "acme_agreement"),
        data={"title": "Extension", "summary": "One more year", "effective_date": "2026-01-01"},
    ),
    Row(
        "agreements:activity-add",
        "post",
        ACME_WRITE_POST,
        path=_url("activity-add", "acme_agreement"),
        data={"kind": "call", "occurred_on": "2026-01-05", "summary": "Called legal", "internal": "on"},
    ),
    Row(
        "agreements:activity-done",
        "post",
        ACME_WRITE_POST,
        path=_url("activity-done", "acme_agreement", "acme_activity"),
    ),
    Row(
        "agreements:document-upload",
        "post",
        ACME_WRITE_POST,
        path=_url("document-upload", "acme_agreement"),
    ),
    Row(
        "agreements:document-download",
        "get",
        ACME_READ,
        path=_url("document-download", "acme_agreement", "acme_document"),
    ),
    Row(
        "agreements:review-send",
        "post",
        ACME_WRITE_POST,
        path=_url("review-send", "acme_agreement"),
        data=lambda s: {"organization": s["university"].pk, "due_date": "2099-01-01"},
    ),
    Row("agreements:review-detail", "get", ACME_READ, path=_url("review-detail", "acme_agreement", "acme_round")),
    Row(
        "agreements:review-comment",
        "post",
        ACME_REVIEW_COMMENT,
        path=_url("review-comment", "acme_agreement", "acme_round"),
        data={"term_group": "publication", "body": "Sixty days, please."},
    ),
    Row(
        "agreements:review-decision",
        "post",
        ACME_PARTY_ONLY,
        path=_url("review-decision", "acme_agreement", "acme_round"),
        data={"decision": "approved"},
    ),
    Row("agreements:review-list", "get", READ_ALL),
    Row(
        "agreements:deviation-sign-off",
        "post",
        statuses(302, admin=302, staff=403, viewer=403, acme_liaison=403, globex_liaison=404),
        path=_url("deviation-sign-off", "acme_agreement", "acme_deviation"),
        data={"reason": "Accepted by the steering committee"},
    ),
    Row(
        "agreements:manuscript-create",
        "get",
        ACME_WRITE_FORM,
        path=_url("manuscript-create", "acme_agreement"),
    ),
    Row(
        "agreements:manuscript-create",
        "post",
        ACME_WRITE_FORM,  # a refused submission re-renders the form with its errors
        path=_url("manuscript-create", "acme_agreement"),
        data={"title": "", "authors": ""},
    ),
    Row("agreements:manuscript-detail", "get", ACME_READ, path=_url("manuscript-detail", "acme_manuscript")),
    Row(
        "agreements:publication-answer",
        "post",
        ACME_PARTY_ONLY,
        path=_url("publication-answer", "acme_publication_review"),
        data={"action": "clear"},
    ),
    Row(
        "agreements:publication-resolve",
        "post",
        statuses(302, admin=302, staff=302, viewer=403, acme_liaison=403, globex_liaison=404),
        path=_url("publication-resolve", "acme_publication_review"),
        data={"resolution": "Removed figure 3"},
    ),
    Row("agreements:playbook", "get", statuses(302, internal=200, liaisons=403)),
    Row("agreements:deviation-list", "get", statuses(302, internal=200, liaisons=403)),
    Row("agreements:playbook-rule-create", "get", statuses(302, admin=200, staff=403, viewer=403, liaisons=403)),
    Row(
        "agreements:playbook-rule-update",
        "get",
        statuses(302, admin=200, staff=403, viewer=403, liaisons=403),
        path=_url("playbook-rule-update", "playbook_rule"),
    ),
]
