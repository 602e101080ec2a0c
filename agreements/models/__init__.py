from agreements.models.activity import Activity, ActivityKind
from agreements.models.agreements import Agreement, AgreementKind, AgreementParty, BallChange, BallHolder, StatusChange
from agreements.models.amendments import Amendment
from agreements.models.documents import Document
from agreements.models.list_rows import AgreementListRow
from agreements.models.playbook import Deviation, PlaybookRule, PlaybookVersion
from agreements.models.publications import Manuscript, PublicationReview, PublicationReviewStatus
from agreements.models.reviews import ReviewComment, ReviewRound, ReviewStatus, SentReminder
from agreements.terms import AgreementStatus

__all__ = [
    "Activity",
    "ActivityKind",
    "Agreement",
    "Amendment",
    "AgreementKind",
    "AgreementListRow",
    "AgreementParty",
    "AgreementStatus",
    "BallChange",
    "BallHolder",
    "Deviation",
    "Document",
    "Manuscript",
    "PlaybookRule",
    "PlaybookVersion",
    "PublicationReview",
    "PublicationReviewStatus",
    "ReviewComment",
    "ReviewRound",
    "ReviewStatus",
    "SentReminder",
    "StatusChange",
]
