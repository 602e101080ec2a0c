"""Access-matrix rows for the playbook and publication-review API (see tests/test_access_matrix.py).

The playbook (rules, versions, deviations) is the office's: liaisons get empty lists and 404s,
staff and viewers read, and only admins write or sign off (403 for the other internal roles).
Manuscripts and their reviews follow the partner: Acme's liaison reads the manuscript with
Acme's review and answers that review, which the office cannot (403); Globex's liaison gets
404 for all of it. Only the office resolves a removal request. Anonymous callers get 401.
"""

from django.urls import reverse

from tests.access import Row, statuses

READ_ALL = statuses(401, signed_in=200)
INTERNAL_READ = statuses(401, internal=200, liaisons=404)
ACME_READ = statuses(401, internal=200, acme_liaison=200, globex_liaison=404)
ADMIN_CREATE = statuses(401, admin=201, staff=403, viewer=403, liaisons=403)
ADMIN_WRITE = statuses(401, admin=200, staff=403, viewer=403, liaisons=404)
RULE = {
    "term": "patent_delay_days",
    "condition": "at_most",
    "value": "90",
    "severity": "warning",
    "standard_position": "Patent delay of at most 90 days.",
}


def _url(name: str, key: str):
    return lambda s: reverse(name, args=[s[key].pk])


def publication_api_objects(personas, acme_agreement) -> dict:
    """A second manuscript under Acme's agreement whose Acme review asks for a removal (to resolve)."""
    from agreements import services

    manuscript = services.manuscript_submit(
        agreement=acme_agreement, actor=personas["staff"], title="Grasping dataset paper", authors="M. Chen"
    )
    review = services.publication_review_answer(
        review=manuscript.reviews.get(),
        actor=personas["acme_liaison"],
        action="request_removal",
        text="Figure 3 shows our gripper's unpublished geometry.",
    )
    return {"acme_removal_review": review}


PUBLICATION_API_ROWS = [
    # Playbook rules: read by the office, written by admins.
    Row("playbook-rule-list", "get", READ_ALL),
    Row("playbook-rule-list", "post", ADMIN_CREATE, data=RULE, json=True),
    Row("playbook-rule-detail", "get", INTERNAL_READ, path=_url("playbook-rule-detail", "playbook_rule")),
    Row(
        "playbook-rule-detail",
        "put",
        ADMIN_WRITE,
        path=_url("playbook-rule-detail", "playbook_rule"),
        data=RULE,
        json=True,
    ),
    Row(
        "playbook-rule-detail",
        "patch",
        ADMIN_WRITE,
        path=_url("playbook-rule-detail", "playbook_rule"),
        data={"explanation": "Reviewed with the research office."},
        json=True,
    ),
    Row("playbook-version-list", "get", READ_ALL),
    Row(
        "playbook-version-detail",
        "get",
        INTERNAL_READ,
        path=lambda s: reverse("playbook-version-detail", args=[s["acme_deviation"].playbook_version_id]),
    ),
    # Deviations: read by the office, signed off by admins.
    Row("deviation-list", "get", READ_ALL),
    Row("deviation-detail", "get", INTERNAL_READ, path=_url("deviation-detail", "acme_deviation")),
    Row(
        "deviation-sign-off",
        "post",
        ADMIN_WRITE,
        path=_url("deviation-sign-off", "acme_deviation"),
        data={"reason": "Theses are protected by the university's own regulations."},
        json=True,
    ),
    # Manuscripts and publication reviews.
    Row("manuscript-list", "get", READ_ALL),
    Row(
        "manuscript-list",
        "post",
        statuses(401, admin=201, staff=201, viewer=403, liaisons=403),
        data=lambda s: {"agreement": s["acme_agreement"].pk, "title": "A second paper", "authors": "M. Chen"},
        json=True,
    ),
    Row("manuscript-detail", "get", ACME_READ, path=_url("manuscript-detail", "acme_manuscript")),
    Row("publication-review-list", "get", READ_ALL),
    Row(
        "publication-review-detail",
        "get",
        ACME_READ,
        path=_url("publication-review-detail", "acme_publication_review"),
    ),
    Row(
        "publication-review-answer",
        "post",
        statuses(401, internal=403, acme_liaison=200, globex_liaison=404),
        path=_url("publication-review-answer", "acme_publication_review"),
        data={"action": "clear"},
        json=True,
    ),
    Row(
        "publication-review-resolve",
        "post",
        statuses(401, admin=200, staff=200, viewer=403, acme_liaison=403, globex_liaison=404),
        path=_url("publication-review-resolve", "acme_removal_review"),
        data={"resolution": "Figure 3 replaced by a schematic."},
        json=True,
    ),
]
