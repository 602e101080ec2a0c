"""Export tables: the columns of one list's export, and how to get its rows for a user.

A table reads rows with `values_list` (names joined in SQL, no model instances), so a
200,000-row export costs little more than the query itself. Its rows are always the list's
rows for that user: the list's own `visible_to` queryset narrowed by the list's own filters.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

_REGISTRY: dict[str, "ExportTable"] = {}


@dataclass(frozen=True)
class Column:
    header: str
    source: Any  # a field path ("partnership__title"), or an expression annotated for the export
    display: Callable[[Any], Any] | None = None  # e.g. a choice's label for its stored value


def choice_label(choices) -> Callable[[Any], Any]:
    labels = dict(choices)
    return lambda value: labels.get(value, value)


def _everyone(user) -> bool:
    return True


@dataclass(frozen=True)
class ExportTable:
    key: str  # in URLs and the API: "agreements"
    title: str  # "Agreements": the file's name and the sheet's
    list_url_name: str  # the list page this table exports
    columns: tuple[Column, ...]
    filterset_class: type
    visible_rows: Callable  # (user) -> the list's queryset, through visible_to(user), in list order
    allowed: Callable = field(default=_everyone)  # (user) -> may this user export the table at all

    @property
    def header(self) -> list[str]:
        return [column.header for column in self.columns]

    def filterset(self, user, params: QueryDict):
        # The list filters read only `request.user` (the choices a user may pick from).
        request = SimpleNamespace(user=user, GET=params)
        return self.filterset_class(params, queryset=self.visible_rows(user), request=request)

    def filtered(self, user, params: QueryDict) -> QuerySet:
        return self.filterset(user, params).qs

    def describe(self, user, params: QueryDict) -> str:
        """The filters in words ("Status: Executed; Party: Acme"), for the list of past exports."""
        filterset = self.filterset(user, params)
        if not filterset.form.is_valid():
            return ""
        parts = []
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", [], ()) or name == "ordering":
                continue
            form_field = filterset.form.fields[name]
            choices = dict(getattr(form_field, "choices", ()) or ())
            values = value if isinstance(value, list | tuple) else [value]
            shown = ", ".join(str(choices.get(item, item)) for item in values)
            parts.append(f"{form_field.label}: {shown}")
        return "; ".join(parts)

    def values(self, queryset: QuerySet) -> QuerySet:
        """The one query an export runs: a tuple of raw cells per row, names joined in SQL."""
        names, expressions = [], {}
        for index, column in enumerate(self.columns):
            if isinstance(column.source, str):
                names.append(column.source)
            else:
                name = f"export_{index}"
                expressions[name] = column.source
                names.append(name)
        return queryset.prefetch_related(None).annotate(**expressions).values_list(*names)

    def rows(self, queryset: QuerySet, chunk_size: int = 5000) -> Iterator[tuple]:
        displayed = [(index, column.display) for index, column in enumerate(self.columns) if column.display]
        for row in self.values(queryset).iterator(chunk_size=chunk_size):
            if displayed:
                row = list(row)
                for index, display in displayed:
                    row[index] = display(row[index])
            yield row


def register(table: ExportTable) -> ExportTable:
    if table.key in _REGISTRY:
        raise ValueError(f"Two export tables are called {table.key!r}.")
    _REGISTRY[table.key] = table
    return table


_discovered = False


def _discover() -> None:
    """Import every app's `exports` module once, which registers its tables."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")
        _discovered = True


def table_for(key: str) -> ExportTable | None:
    _discover()
    return _REGISTRY.get(key)


def all_tables() -> list[ExportTable]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda table: table.title)
