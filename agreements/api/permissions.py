"""Who may act on a review round: the two places where partner liaisons write.

Both are judged on the round, after it was found through `visible_to(user)`: a liaison
reaches only rounds sent to their own organization, so another party's round answers 404
before these are asked.
"""

from rest_framework.permissions import BasePermission

from accounts import roles
from agreements.models import ReviewRound


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _liaison_of_party(user, review_round: ReviewRound) -> bool:
    return review_round.organization_id in roles.liaison_organization_ids(user)


class CanCommentOnRound(BasePermission):
    """The office's editors and the reviewing party's liaisons comment; viewers only read."""

    def has_permission(self, request, view) -> bool:
        return _signed_in(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if not isinstance(obj, ReviewRound):
            return True  # the agreement: visible is enough, the round decides
        return roles.can_edit(request.user) or _liaison_of_party(request.user, obj)


class CanDecideRound(BasePermission):
    """Only the reviewing party approves or requests changes: the office cannot answer for them."""

    def has_permission(self, request, view) -> bool:
        return _signed_in(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if not isinstance(obj, ReviewRound):
            return True
        return _liaison_of_party(request.user, obj)
