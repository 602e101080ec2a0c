"""Columns of an import: how each cell's text becomes a typed value, or a message about it.

A parser gets the cell's text (stripped, never empty: an empty cell is the column's `empty`
value, or "This column is required." when it is required) and the run's natural-key tables,
and returns the value or raises CellError with what is wrong, in words for the person who
typed it.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

REQUIRED = "This column is required."


class CellError(Exception):
    """This cell's text is not a value of its column."""


@dataclass(frozen=True)
class Column:
    """Text, as typed."""

    name: str
    required: bool = False
    empty: Any = ""

    def parse(self, text: str, tables: dict[str, dict]) -> Any:
        return text


@dataclass(frozen=True)
class Choice(Column):
    """One of a TextChoices, by its value or its label, in any case."""

    choices: Any = None

    def parse(self, text, tables):
        for choice in self.choices:
            if text.lower() in (choice.value, choice.label.lower()):
                return choice.value
        raise CellError(f"“{text}” is not one of: {', '.join(c.value for c in self.choices)}.")


@dataclass(frozen=True)
class Date(Column):
    """A date as YYYY-MM-DD."""

    empty: Any = None

    def parse(self, text, tables):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CellError(f"“{text}” is not a date; write it as YYYY-MM-DD.") from None


@dataclass(frozen=True)
class Lookup(Column):
    """A record named by its natural key (a name, an e-mail), found in the run's `table`, in any
    case: only records the importer may see are in it, so a hidden one reads as unknown."""

    table: str = ""
    what: str = "record"  # as the message names it: "No organization “Acme” in Tandem."
    empty: Any = None

    def parse(self, text, tables):
        found = tables[self.table].get(text.lower())
        if found is None:
            raise CellError(f"No {self.what} “{text}” in Tandem.")
        return found


def keyed(records, key: str) -> dict[str, Any]:
    """A natural-key table: each record under its `key` field in lower case, the first of any
    two with the same key winning (order the queryset to choose), records without one left out."""
    table = {}
    for record in records:
        value = str(getattr(record, key) or "").lower()
        if value:
            table.setdefault(value, record)
    return table
