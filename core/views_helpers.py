"""Small helpers every HTML view uses: access, pagination, htmx, service errors on forms."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts import roles

PAGE_SIZE = 25


def visible_or_404(model, user, **lookup):
    """The object if it exists and `user` may see it; 404 otherwise (the two look the same)."""
    return get_object_or_404(model.objects.visible_to(user), **lookup)


def require_editor(user) -> None:
    if not roles.can_edit(user):
        raise PermissionDenied("Only staff and admins change records.")


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def render_list(request, filterset, *, page_template: str, results_template: str):
    """A filtered, paginated list; htmx asks for the results alone when the filters change."""
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page_obj": page, "total": page.paginator.count}
    return render(request, results_template if is_htmx(request) else page_template, context)


# A record with thousands of related rows (a partner's agreements, a programme's outputs) shows
# the latest of them and links to the list, which filters, sorts, pages and exports them all.
LATEST_ROWS = 50


@dataclass
class LatestRows:
    rows: list
    total: int
    list_url: str

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def latest_rows(queryset, list_url: str) -> LatestRows:
    """The first LATEST_ROWS of `queryset` (ordered latest first), and how many there are: a
    count query only when the page is full."""
    rows = list(queryset[:LATEST_ROWS])
    total = len(rows) if len(rows) < LATEST_ROWS else queryset.count()
    return LatestRows(rows=rows, total=total, list_url=list_url)
