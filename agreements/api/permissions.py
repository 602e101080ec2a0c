"""Who may act where the plain role rule (staff and admins write) does not fit.

Liaisons write in a few places: review rounds and publication reviews addressed to their
organization. Each is judged on the object after it was found through `visible_to(user)`: a
liaison reaches only what was sent to their own organization, so another party's answers 404
before these are asked. Admins alone keep the playbook and sign off deviations.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from agreements.models import ReviewRound
from core import roles


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


class AdminWritesPermission(BasePermission):
    """The office reads; only admins write (the playbook and deviation sign-offs are theirs).

    Like LookupFirstRolePermission, a write to one object is judged after the object is found
    through `visible_to(user)`, so a liaison's write to a deviation they cannot see answers
    404, never 403.
    """

    def has_permission(self, request, view) -> bool:
        if not _signed_in(request.user):
            return False
        if request.method in SAFE_METHODS or roles.is_admin(request.user):
            return True
        lookup = view.lookup_url_kwarg or view.lookup_field
        return lookup in view.kwargs

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or roles.is_admin(request.user)


class CanAnswerPublicationReview(BasePermission):
    """Only a liaison of the reviewing party answers: the office cannot clear a manuscript for a partner."""

    def has_permission(self, request, view) -> bool:
        return _signed_in(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        return obj.organization_id in roles.liaison_organization_ids(request.user)
