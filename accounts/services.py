import secrets

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import CalendarFeed, Role, User


@transaction.atomic
def user_create(
    *, username: str, role: Role, password: str | None, email: str = "", first_name: str = "", last_name: str = ""
) -> User:
    user = User(username=username, role=role, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def api_token_create(*, user: User) -> Token:
    """Issue a new API token for `user`, revoking the one they had: one token per user."""
    User.objects.select_for_update().get(pk=user.pk)  # two clicks at once: the second waits, then replaces
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def api_token_revoke(*, user: User) -> bool:
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted > 0


@transaction.atomic
def calendar_feed_create(*, user: User) -> CalendarFeed:
    """A new secret calendar address for `user`; the previous one stops working."""
    User.objects.select_for_update().get(pk=user.pk)
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return deleted > 0
