import base64
import binascii
import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.lookups import GreaterThan, LessThan
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        return with_link_header(super().get_paginated_response(data))


# The Link header's relation for each link of the body.
LINK_RELATIONS = (("next", "next"), ("prev", "previous"))


def with_link_header(response):
    """The page's `next` and `previous` in a Link header too (RFC 8288, as GitHub's API sends
    them): a client can walk the pages without parsing each body for the next URL, e.g. while it
    streams the pages to storage."""
    links = [f'<{url}>; rel="{rel}"' for rel, key in LINK_RELATIONS if (url := response.data.get(key))]
    if links:
        response["Link"] = ", ".join(links)
    return response


class Row(Func):
    """A row value, `(a, b)`: PostgreSQL compares rows column by column, and a btree index on
    the same columns answers `(a, b) < (x, y)` as a range, so a keyset page starts with one
    index seek however deep it is."""

    template = "(%(expressions)s)"
    # The columns differ in type; the comparison is PostgreSQL's, not a Django field's.
    output_field = models.Field()


class PageNumberOrCursorPagination(PageNumberPagination):
    """Page numbers by default; a client that sends `cursor` pages by keyset instead.

    Page N by number is an OFFSET: the database reads and throws away every earlier row, so
    page 2,000 costs about 2,000 pages, and `count` walks every row on every request. A cursor
    names the last row shown; the next page starts right after it through the index on the
    ordering columns, so every page costs what the first one does, whatever the depth. Cursor
    pages have no `count` and follow one order only: `cursor_ordering`, or else the model's
    default ordering, which must end with the primary key so that it is total, and run in one
    direction so that a single row comparison can serve it.
    """

    cursor_query_param = "cursor"
    cursor_ordering: tuple[str, ...] | None = None

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self._link_base = None
        self.page_size = self.get_page_size(request)
        ordering = self.get_cursor_ordering(queryset)
        chosen = tuple(queryset.query.order_by)
        if chosen and chosen != ordering[: len(chosen)]:
            raise ValidationError(
                {"ordering": ["Cursor pages follow one order (the default); leave out `ordering` or page by number."]}
            )
        names = [name.lstrip("-") for name in ordering]
        position, backwards = self.decode_cursor(request, queryset.model, names)
        descending = ordering[0].startswith("-")
        if backwards:
            ordering = tuple(name[1:] if name.startswith("-") else f"-{name}" for name in ordering)
        queryset = queryset.order_by(*ordering)
        if position is not None:
            # Forwards through a descending order means rows that sort below the position.
            compare = LessThan if descending != backwards else GreaterThan
            fields = [queryset.model._meta.pk if n == "pk" else queryset.model._meta.get_field(n) for n in names]
            queryset = queryset.filter(
                compare(
                    Row(*[F(name) for name in names]),
                    Row(*[Value(value, output_field=field) for value, field in zip(position, fields, strict=True)]),
                )
            )
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        # Having come from a position, there is something on the other side of it.
        self.has_next, self.has_previous = (position is not None, more) if backwards else (more, position is not None)
        self.cursor_names = names
        self.page_rows = rows
        return rows

    def get_cursor_ordering(self, queryset) -> tuple[str, ...]:
        ordering = tuple(self.cursor_ordering or queryset.model._meta.ordering)
        names = [name.lstrip("-") for name in ordering]
        directions = {name.startswith("-") for name in ordering}
        if not ordering or names[-1] not in ("pk", "id") or len(directions) != 1:
            raise TypeError(f"{type(self).__name__} needs a one-direction ordering ending with pk, not {ordering}.")
        return ordering

    def encode_cursor(self, row, *, backwards: bool) -> str:
        values = [getattr(row, name) for name in self.cursor_names]
        payload = {"p": [v.isoformat() if hasattr(v, "isoformat") else v for v in values], "b": int(backwards)}
        return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()

    def decode_cursor(self, request, model, names):
        """(position, backwards) from the query string; (None, False) for the first page."""
        encoded = request.query_params.get(self.cursor_query_param, "")
        if not encoded:
            return None, False
        try:
            payload = json.loads(base64.urlsafe_b64decode(encoded.encode("ascii")))
            values, backwards = payload["p"], bool(payload["b"])
            fields = [model._meta.pk if name == "pk" else model._meta.get_field(name) for name in names]
            if len(values) != len(fields) or any(value is None for value in values):
                raise ValueError("wrong shape")
            position = [field.to_python(value) for field, value in zip(fields, values, strict=True)]
            for field, value in zip(fields, position, strict=True):
                field.run_validators(value)  # e.g. an id beyond bigint: a 404 here, not a database error
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error, DjangoValidationError) as error:
            raise NotFound("Invalid cursor.") from error
        return position, backwards

    def _link(self, row, *, backwards: bool):
        # The request's URL without `page` and `cursor`, parsed once for both links: the list API
        # is paged through back to back, and reparsing the URL for each link cost more than
        # reading the page's stored rows.
        if self._link_base is None:
            kept = {
                name: values
                for name, values in self.request.query_params.lists()
                if name not in (self.page_query_param, self.cursor_query_param)
            }
            self._link_base = (self.request.build_absolute_uri(self.request.path), kept)
        url, kept = self._link_base
        query = {**kept, self.cursor_query_param: [self.encode_cursor(row, backwards=backwards)]}
        return f"{url}?{urlencode(sorted(query.items()), doseq=True)}"

    def get_next_link(self):
        if not self.cursor_mode:
            return super().get_next_link()
        return self._link(self.page_rows[-1], backwards=False) if self.has_next and self.page_rows else None

    def get_previous_link(self):
        if not self.cursor_mode:
            return super().get_previous_link()
        return self._link(self.page_rows[0], backwards=True) if self.has_previous and self.page_rows else None

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        return with_link_header(
            Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["results"]
        response["properties"]["count"]["description"] = "How many rows match; absent from cursor pages."
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Page by cursor instead of by number: send it empty for the first page, then follow "
                "`next`. Every page takes the same time however deep it is (page numbers slow down with depth); "
                "cursor pages have no `count`, keep the default order and ignore `page`.",
                "schema": {"type": "string"},
            },
        ]
