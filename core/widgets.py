"""Searchable pickers: a <select> holding only the chosen option(s), plus a search box.

static/js/lookup.js (delegated listeners, so htmx-swapped forms need no set-up) asks
`/lookup/<kind>/` for matches as the user types and puts the one picked into the select, which
is what the form submits. The field keeps its queryset, so the server validates as before;
the page never lists every row.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import lookups


class LookupSelect(forms.Select):
    """A ModelChoiceField's picker over the rows of lookup kind `kind`."""

    allow_multiple_selected = False

    def __init__(self, kind: str, attrs=None, options: dict | None = None, placeholder: str = ""):
        super().__init__(attrs)
        self.kind = kind
        self.options = dict(options or {})
        self.placeholder = placeholder

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.options = dict(self.options)
        return obj

    def lookup_url(self) -> str:
        query = {}
        for name, value in self.options.items():
            if isinstance(value, Model):
                query[name] = value.pk
            elif value is True:
                query[name] = "1"
            elif value not in (None, False):
                query[name] = value
        url = reverse("lookup", args=[self.kind])
        return f"{url}?{urlencode(query)}" if query else url

    def use_required_attribute(self, initial):
        # The select is hidden: a browser cannot point at it, so the server says what is missing.
        return False

    def id_for_label(self, id_):
        return f"{id_}-search" if id_ else id_

    def _empty_label(self) -> str:
        """The field's own empty label ("Any partner"), unless it is Django's default dashes."""
        label = getattr(getattr(self.choices, "field", None), "empty_label", None) or ""
        return "" if set(label) <= {"-"} else label

    def _selected(self, value) -> list[tuple[str, str]]:
        """(value, label) of the chosen rows that the field's queryset holds: one query, or none."""
        ids = [str(v) for v in value if str(v).isascii() and str(v).isdigit() and len(str(v)) < 19]
        if not ids:
            return []
        field = self.choices.field
        chosen = {str(obj.pk): field.label_from_instance(obj) for obj in self.choices.queryset.filter(pk__in=ids)}
        return [(pk, chosen[pk]) for pk in dict.fromkeys(ids) if pk in chosen]

    def optgroups(self, name, value, attrs=None):
        options = []
        empty_label = getattr(self.choices.field, "empty_label", None) if hasattr(self.choices, "field") else None
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", empty_label or "", not self._chosen, 0, attrs=attrs))
        for index, (pk, label) in enumerate(self._chosen, start=1):
            options.append(self.create_option(name, pk, label, True, index, attrs=attrs))
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        self._chosen = self._selected(self.format_value(value))
        return super().get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        css = attrs.get("class", "")
        select_id = attrs.get("id") or f"id_{name}"
        input_attrs = {
            "type": "text",
            "id": self.id_for_label(select_id),
            "class": "form-control lookup-input" + (" is-invalid" if "is-invalid" in css else ""),
            "role": "combobox",
            "autocomplete": "off",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": f"{select_id}-listbox",
            "placeholder": self.placeholder or self._empty_label() or "Type to search",
            "data-lookup-input": "",
        }
        for key in ("aria-describedby", "aria-invalid"):
            if key in attrs:
                input_attrs[key] = attrs[key]
        attrs["hidden"] = True
        attrs["tabindex"] = "-1"
        attrs["data-lookup-select"] = ""
        select = super().render(name, value, attrs, renderer)  # sets self._chosen
        if not self.allow_multiple_selected and self._chosen:
            input_attrs["value"] = self._chosen[0][1]
        chips = ""
        if self.allow_multiple_selected:
            chips = format_html(
                '<div class="lookup-chips d-flex flex-wrap gap-1 mb-1" data-lookup-chips>{}</div>',
                format_html_join(
                    "",
                    '<button type="button" class="btn btn-sm btn-outline-secondary" data-lookup-remove="{}"'
                    ' aria-label="Remove {}">{} <i class="bi bi-x" aria-hidden="true"></i></button>',
                    ((pk, label, label) for pk, label in self._chosen),
                ),
            )
        return format_html(
            '<div class="lookup position-relative" data-lookup data-lookup-url="{}"{}>{}{}<input{}>'
            '<ul class="dropdown-menu lookup-menu w-100" role="listbox" id="{}-listbox"{}></ul>'
            '<div class="visually-hidden" role="status" aria-live="polite" data-lookup-status></div></div>',
            self.lookup_url(),
            mark_safe(" data-lookup-multiple") if self.allow_multiple_selected else "",
            chips,
            select,
            forms.utils.flatatt(input_attrs),
            select_id,
            mark_safe(' aria-multiselectable="true"') if self.allow_multiple_selected else "",
        )


class LookupSelectMultiple(LookupSelect, forms.SelectMultiple):
    """A ModelMultipleChoiceField's picker: the chosen rows as removable buttons, and a search box."""

    allow_multiple_selected = True


def use_lookup(field: forms.ModelChoiceField, kind: str, *, user=None, queryset=None, **options) -> None:
    """Make `field` a picker of `kind`, narrowed by `options`; it validates against the same rows.

    With `user`, the field's queryset is the kind's own (visible to them, narrowed); forms only
    the office reaches pass their `queryset` instead, which the kind narrows the same way.
    """
    lookup = lookups.get(kind)
    if queryset is None:
        queryset = lookup.queryset(user, **options)
    else:
        queryset = lookup.narrow(queryset, user=user, **options).order_by(*lookup.ordering)
    field.queryset = queryset
    field.label_from_instance = lookup.label
    widget_class = LookupSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else LookupSelect
    attrs = {key: value for key, value in field.widget.attrs.items() if key != "size"}
    widget = widget_class(kind, attrs=attrs, options=options)
    widget.is_required = field.required
    widget.choices = field.choices
    field.widget = widget
