"""What a client sends is used or refused, never dropped in silence.

DRF ignores a key its serializer does not know, and a read-only one: a client that sent an
agreement's `terms` in the shape GET answers had them accepted with 201 and thrown away. Here
every key of the body (and of nested objects and lists of objects) must be one the operation
takes; anything else answers 400 naming it, "unknown" or "read-only".

One exception makes GET's answer a valid edit: on an edit, a read-only key that holds exactly
what GET shows for the record (`id`, `version` aside, counts, nested lists) is the client
sending back what it read, and is accepted. References take GET's shape too
(core.api.bases.ReferenceMixin).
"""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.utils import html

UNKNOWN = "Unknown field: this operation does not take it."
READ_ONLY = "Read-only: it cannot be set here. Send it back unchanged, or leave it out."


def unexpected_fields(serializer, data, *, current: dict | None = None, shown=frozenset()) -> dict:
    """Errors for the keys of `data` that `serializer` would not use, by key; {} when there are none.

    `current` is the record as GET shows it (JSON values), on an edit; `shown` the names GET
    shows, which are called read-only rather than unknown.
    """
    if not isinstance(data, Mapping):
        return {}  # not an object at all: the serializer says so
    form = html.is_html_input(data)
    errors = {}
    for name in _names(data, form):
        field = serializer.fields.get(name)
        if field is not None and not field.read_only:
            nested = _nested_errors(field, _value(field, data, name, form), (current or {}).get(name))
            if nested:
                errors[name] = nested
        elif current is not None and not form and name in current and data[name] == current[name]:
            continue  # sent back as GET showed it: nothing to change
        else:
            errors[name] = [READ_ONLY if field is not None or name in shown else UNKNOWN]
    return errors


def _names(data, form: bool) -> list[str]:
    """The field names a body sends. Form data nests in its keys: `parties[0]organization`, `terms.ip`."""
    if not form:
        return list(data)
    return list(dict.fromkeys(key.split("[", 1)[0].split(".", 1)[0] for key in data))


def _value(field, data, name, form):
    if not form:
        return data[name]
    if isinstance(field, serializers.ListSerializer):
        return html.parse_html_list(data, prefix=name, default=[])
    if isinstance(field, serializers.BaseSerializer):
        return html.parse_html_dict(data, prefix=name)
    return None


def _nested_errors(field, value, current):
    if isinstance(field, serializers.ListSerializer) and isinstance(value, list):
        # Items of a list are new each time: no item is compared with what GET showed.
        items = [unexpected_fields(field.child, item) for item in value]
        return items if any(items) else None
    if isinstance(field, serializers.BaseSerializer) and isinstance(value, Mapping):
        return unexpected_fields(field, value, current=current if isinstance(current, dict) else None) or None
    return None
