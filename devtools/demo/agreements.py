"""Demo agreements: every status, presets, a master agreement with a statement of work,
negotiation activity and review rounds, built through the services like real ones."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementStatus, ReviewStatus

S = AgreementStatus
# partnership title, title, kind, preset, path of statuses to walk, parties (None = all members)
AGREEMENTS = [
    (
        "Dexterous grasping for warehouse robots",
        "Grasping research agreement",
        "sponsored_research",
        "lambert_2",
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE, S.EXECUTED],
    ),
    (
        "Dexterous grasping for warehouse robots",
        "Mutual confidentiality agreement",
        "confidentiality",
        "institution_standard",
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE, S.EXECUTED],
    ),
    (
        "Retail demand forecasting lab",
        "Forecasting pilot agreement",
        "collaborative_research",
        "lambert_1",
        [S.INTERNAL_REVIEW, S.NEGOTIATION],
    ),
    ("Retail demand forecasting lab", "Store sales data use agreement", "data_use", None, []),
    (
        "Sustainable materials consortium",
        "Consortium agreement",
        "consortium_membership",
        "consortium_b",
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE, S.EXECUTED],
    ),
    (
        "Centre for Trustworthy Autonomy",
        "Centre master research agreement",
        "master_research",
        "institution_standard",
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE, S.EXECUTED],
    ),
    (
        "Joint PhD programme in computational biology",
        "Studentship agreement",
        "sponsored_research",
        "lambert_3",
        [S.INTERNAL_REVIEW],
    ),
    (
        "Chip thermal modelling study",
        "Thermal study contract",
        "sponsored_research",
        "lambert_5",
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE, S.EXECUTED],
    ),
    (
        "Green logistics matching-fund programme",
        "Matching-fund collaboration agreement",
        "collaborative_research",
        "lambert_4",
        [S.NEGOTIATION, S.ON_HOLD],
    ),
    ("Industry fellows exchange", "Fellow placement agreement", "placement", None, [S.TERMINATED]),
    (
        "Centre for Trustworthy Autonomy",
        "Safety testbed data use agreement",
        "data_use",
        None,
        [S.NEGOTIATION, S.APPROVED],
    ),
    (
        "Joint PhD programme in computational biology",
        "Cell imaging material transfer",
        "material_transfer",
        None,
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE],
    ),
    (
        "Chip thermal modelling study",
        "Preliminary study NDA",
        "confidentiality",
        "institution_standard",
        [S.NEGOTIATION, S.APPROVED, S.OUT_FOR_SIGNATURE, S.EXECUTED],
    ),
]


def _walk(agreement, path, actor, today, admin):
    for status in path:
        if status == S.APPROVED:
            for deviation in agreement.deviations.needing_sign_off():
                services.deviation_sign_off(
                    deviation=deviation,
                    actor=admin,
                    reason="Contract research for a fixed fee; the sponsor pays for control.",
                )
        if status == S.EXECUTED:
            Agreement.objects.filter(pk=agreement.pk).update(effective_date=agreement.partnership.start_date)
            for party in agreement.parties.all():
                services.party_sign(party=party, actor=actor, signed_on=min(today, agreement.partnership.start_date))
        services.agreement_transition(agreement=agreement, to_status=status, actor=actor, note="Demo history")


def seed(context) -> dict:
    actor = context["users"]["staff"]
    services.playbook_seed_defaults(actor=context["users"]["admin"])
    partnerships = context["partnerships"]
    today = timezone.localdate()
    agreements = {}
    for partnership_title, title, kind, preset, path in AGREEMENTS:
        existing = Agreement.objects.filter(title=title).first()
        if existing:
            agreements[title] = existing
            continue
        partnership = partnerships[partnership_title]
        start = partnership.start_date
        data = {
            "kind": kind,
            "title": title,
            "owner": actor,
            "value": Decimal("250000") if kind != "confidentiality" else None,
            "currency": "GBP",
            "expiry_date": start + timedelta(days=3 * 365),
            "renewal_notice_days": 90,
            "internal_notes": "Fallback: accept a 45-day review period if pressed.",
        }
        parties = [(member.organization, None) for member in partnership.members.select_related("organization")]
        agreement = services.agreement_create(
            partnership=partnership, actor=actor, data=data, parties=parties, preset=preset
        )
        services.document_upload(
            agreement=agreement,
            actor=actor,
            note="First draft",
            uploaded_file=ContentFile(b"%PDF-1.4\n% demo draft\n", name=f"{agreement.reference}.pdf"),
        )
        services.activity_log(
            agreement=agreement,
            actor=actor,
            data={
                "kind": "draft_sent",
                "occurred_on": today - timedelta(days=20),
                "summary": "Sent the first draft to the sponsor.",
                "internal": False,
                "follow_up_on": today - timedelta(days=5),
            },
        )
        services.activity_log(
            agreement=agreement,
            actor=actor,
            data={
                "kind": "call",
                "occurred_on": today - timedelta(days=10),
                "summary": "Legal prefers 60-day review; hold at 45.",
                "internal": True,
            },
        )
        _walk(agreement, path, actor, today, context["users"]["admin"])
        agreements[title] = agreement

    agreements = {title: Agreement.objects.get(pk=agreement.pk) for title, agreement in agreements.items()}
    nda = agreements["Preliminary study NDA"]
    if nda.status == S.EXECUTED:
        # An NDA of a closed study, past its term: the nightly job expires it.
        Agreement.objects.filter(pk=nda.pk).update(expiry_date=today - timedelta(days=1))
        services.agreements_expire_due(today=today)
    centre = agreements["Centre master research agreement"]
    if centre.status == S.EXECUTED and not centre.amendments.exists():
        services.amendment_record(
            agreement=centre,
            actor=actor,
            title="Second testbed",
            effective_date=today,
            summary="Adds the outdoor testbed to the scope.",
            new_expiry_date=centre.expiry_date + timedelta(days=365),
        )

    grasping = agreements["Grasping research agreement"]
    if not grasping.manuscripts.exists():
        services.manuscript_submit(
            agreement=grasping,
            actor=actor,
            title="Learning to grasp unseen parcels",
            authors="M. Chen, P. Raman",
            venue="ICRA",
            submitted_on=today - timedelta(days=10),
        )

    forecasting = agreements["Forecasting pilot agreement"]
    if not forecasting.review_rounds.exists():
        globex = forecasting.parties.get(organization__name="Globex Analytics").organization
        first = services.review_send(
            agreement=forecasting,
            organization=globex,
            actor=actor,
            due_date=today + timedelta(days=10),
            message="Please review the publication terms.",
        )
        liaison = context["users"]["globex-liaison"]
        services.review_comment(
            review_round=first,
            actor=liaison,
            term_group="publication",
            body="We need a 60-day review period before submission.",
        )
        services.review_decide(
            review_round=first,
            actor=liaison,
            decision=ReviewStatus.CHANGES_REQUESTED,
            note="See the publication comment.",
        )
        services.agreement_update(
            agreement=forecasting, actor=actor, data={"publication_review_days": 45}, expected_version=None
        )
        services.review_send(
            agreement=forecasting,
            organization=globex,
            actor=actor,
            due_date=today + timedelta(days=14),
            message="We can offer 45 days.",
        )
    return {"agreements": agreements}


def summary() -> dict[str, int]:
    return {"agreements": Agreement.objects.count()}
