from django import forms, template
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from core import views_helpers

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a bound field's widget with Bootstrap's classes, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{existing} {css}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}-errors"
    return field.as_widget(attrs=attrs)


@register.filter
def count_label(count: int) -> str:
    """A count from core.views_helpers.capped_count: "1,234", or "10,000+" past the limit."""
    if count > views_helpers.COUNT_LIMIT:
        return f"{views_helpers.COUNT_LIMIT:,}+"
    return f"{count:,}"


DJANGO_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


@register.simple_tag
def select_options(optgroups) -> str:
    """A select's <optgroup>s and <option>s, as Django's select.html and select_option.html write
    them (templates/django/forms/widgets/select.html): two template renders per option made the
    country filter's 250 options a large share of the partners list's CPU. A widget with an
    option template of its own still gets it."""

    def option_html(option) -> str:
        if option["template_name"] != DJANGO_OPTION_TEMPLATE:
            return render_to_string(option["template_name"], {"widget": option})
        attrs = flatatt(option["attrs"]) if option["attrs"] else ""
        return f'<option value="{escape(option["value"])}"{attrs}>{conditional_escape(option["label"])}</option>'

    parts = []
    for group_name, options, _ in optgroups:
        rendered = "\n  ".join(option_html(option) for option in options)
        parts.append(
            f'<optgroup label="{escape(group_name)}">\n  {rendered}\n  </optgroup>' if group_name else rendered
        )
    # Every value and label escaped above, as the templates would have; attributes by flatatt.
    return mark_safe("\n  ".join(parts))  # noqa: S308
