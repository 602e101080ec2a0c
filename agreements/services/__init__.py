"""Every write to agreements and its rules. Pages, API, admin and tasks call these."""

from agreements.services.agreements import (
    agreement_create,
    agreement_pass_ball,
    agreement_transition,
    agreement_update,
    agreements_expire_due,
    amendment_record,
    ball_days,
    party_sign,
)
from agreements.services.documents import document_upload
from agreements.services.negotiation import (
    activity_follow_up_done,
    activity_log,
    review_comment,
    review_decide,
    review_send,
    review_withdraw,
)

__all__ = [
    "activity_follow_up_done",
    "activity_log",
    "agreement_create",
    "agreement_pass_ball",
    "agreement_transition",
    "agreement_update",
    "agreements_expire_due",
    "amendment_record",
    "ball_days",
    "document_upload",
    "party_sign",
    "review_comment",
    "review_decide",
    "review_send",
    "review_withdraw",
]
