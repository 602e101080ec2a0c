from django.urls import NoReverseMatch, reverse

from core import roles

# (label, url name, icon). A section appears once its pages exist, so the menu never leads
# to a dead end while the product grows.
SECTIONS = [
    ("Dashboard", "dashboard", "speedometer2"),
    ("Partners", "partnerships:organization-list", "building"),
    ("Partnerships", "partnerships:partnership-list", "diagram-3"),
    ("Agreements", "agreements:agreement-list", "file-earmark-text"),
    ("People", "people:person-list", "people"),
    ("Placements", "people:placement-list", "arrow-left-right"),
    ("Outputs", "outputs:output-list", "journal-text"),
    ("Reviews", "agreements:review-list", "chat-square-text"),
    ("Reports", "reports:report-list", "bar-chart"),
    ("Tasks", "workspace:task-list", "check2-square"),
]


def _resolved_sections(path: str):
    for label, url_name, icon in SECTIONS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        yield {"label": label, "url": url, "icon": icon, "active": active}


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "nav_sections": list(_resolved_sections(request.path)),
        "nav_show_admin": roles.is_admin(user),
        "user_can_edit": roles.can_edit(user),
        "user_is_internal": roles.is_internal(user),
    }
