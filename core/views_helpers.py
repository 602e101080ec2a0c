"""Small helpers every HTML view uses: access, pagination, htmx, calling a service from a form."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.shortcuts import get_object_or_404, render

from core import roles
from core.exceptions import ConcurrentEditError

PAGE_SIZE = 25


def visible_or_404(model, user, **lookup):
    """The object if it exists and `user` may see it; 404 otherwise (the two look the same)."""
    return get_object_or_404(model.objects.visible_to(user), **lookup)


def require_editor(user) -> None:
    if not roles.can_edit(user):
        raise PermissionDenied("Only staff and admins change records.")


# Counting every row of a large list costs more than showing a page of it: COUNT(*) of a million
# outputs is a parallel scan of the whole table on every visit to the list. Lists and counts
# count exactly up to COUNT_LIMIT rows and say "more than" beyond; filters narrow them to an
# exact count (docs/decisions/0004-capped-counts.md).
COUNT_LIMIT = 10_000
# PostgreSQL's OFFSET is a bigint: a page number beyond it is past the end of any list.
LARGEST_OFFSET = 2**63 - 1


def capped_count(queryset, limit: int | None = None) -> int:
    """How many rows `queryset` has, counting no further than limit (COUNT_LIMIT) + 1."""
    limit = COUNT_LIMIT if limit is None else limit
    # Without the ordering, the database need not sort the rows it only counts.
    return queryset.order_by()[: limit + 1].count()


class CappedCountPaginator(Paginator):
    """A Paginator that counts at most COUNT_LIMIT + 1 rows. Past the limit (`capped`), a page
    knows whether another follows by reading one row more, and any page number may be asked for:
    the last one is not known."""

    limit = COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, self.limit)

    @property
    def capped(self) -> bool:
        return self.count > self.limit

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past the pages counted is not past the end: page() finds out. int() cannot fail
            # here, the checks for a whole number came first.
            if not self.capped or int(number) < 1 or int(number) * self.per_page > LARGEST_OFFSET:
                raise
            return int(number)

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            if not self.capped:
                return self.page(self.num_pages)  # as Django answers
            # Before the first page or past the end of a list longer than COUNT_LIMIT (a typed
            # URL, or rows deleted since the last page was read): its last page, as any list
            # answers, at the price of counting every row this once.
            return Paginator(self.object_list, self.per_page).get_page(number)

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def paginate(request, queryset, per_page: int | None = None):
    return CappedCountPaginator(queryset, per_page or PAGE_SIZE).get_page(request.GET.get("page"))


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def call_service(form, service, /, **kwargs):
    """`service(**kwargs)`'s result (the record it wrote); None when it refused, its reasons
    then on the form: a ValidationError's messages next to the fields they name (else on top),
    a ConcurrentEditError's on top. The form keeps what the user typed, so a page re-renders it
    and a detail-page action can flash its errors (`flash_errors`)."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
    except ConcurrentEditError as error:
        form.add_error(None, str(error))
    return None


def flash_errors(request, form) -> None:
    """A form posted from a page that redirects back: each field's errors as one message."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


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
    """The first LATEST_ROWS of `queryset` (ordered latest first), and how many there are (up to
    COUNT_LIMIT + 1, see capped_count): a count query only when the page is full."""
    rows = list(queryset[:LATEST_ROWS])
    total = len(rows) if len(rows) < LATEST_ROWS else capped_count(queryset)
    return LatestRows(rows=rows, total=total, list_url=list_url)
