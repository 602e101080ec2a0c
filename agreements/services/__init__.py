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
from agreements.services.playbook import (
    agreement_check,
    deviation_sign_off,
    playbook_publish,
    playbook_rule_save,
    playbook_seed_defaults,
)
from agreements.services.publications import (
    manuscript_standing,
    manuscript_submit,
    publication_review_answer,
    publication_review_resolve,
    publication_reviews_lapse,
)

__all__ = [
    "agreement_check",
    "deviation_sign_off",
    "manuscript_standing",
    "manuscript_submit",
    "playbook_publish",
    "playbook_rule_save",
    "playbook_seed_defaults",
    "publication_review_answer",
    "publication_review_resolve",
    "publication_reviews_lapse",
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
