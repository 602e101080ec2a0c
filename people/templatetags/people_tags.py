"""What the people app adds to other apps' pages, so their views need not know about it."""

from django import template

from core import roles
from partnerships.models import Partnership
from people import selectors
from people.models import Participation

register = template.Library()


@register.inclusion_tag("people/_partnership_people.html", takes_context=True)
def partnership_people(context, partnership):
    """The partnership's people and roles, and (for the office) its flagged conflicts of interest."""
    request = context["request"]
    user = request.user
    team = (
        Participation.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name")
    )
    return {
        "request": request,
        "partnership": partnership,
        "team": team,
        "conflicts": selectors.conflicts_of_interest(
            user=user, partnerships=Partnership.objects.filter(pk=partnership.pk)
        ),
        "user_can_edit": roles.can_edit(user),
        "csrf_token": context.get("csrf_token"),
    }
