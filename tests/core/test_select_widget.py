"""templates/django/forms/widgets/select.html writes the options itself: the same markup as Django's."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django_countries import countries

CHOICES = [
    ("", "Any"),
    ("R&D <group>", [("a", "A & co"), ("b", 'B "quoted"')]),
    ("c", "<script>alert(1)</script>"),
    ('"d"', "D"),
]


class StarredOptions(forms.Select):
    option_template_name = "tests/starred_option.html"


def lines(html: str) -> list[str]:
    # Django's include leaves a blank line after each option: whitespace, not markup.
    return [line for line in html.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES, attrs={"class": "form-select", "disabled": True}), "b"),
        (forms.Select(choices=CHOICES), None),
        (forms.SelectMultiple(choices=CHOICES, attrs={"aria-invalid": "true"}), ["a", "c"]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[("", "Any country"), *countries]), "GB"),  # the partners filter's
    ],
)
def test_a_select_renders_as_djangos_own(widget, value):
    ours = widget.render("field", value, renderer=TemplatesSetting())
    assert lines(ours) == lines(widget.render("field", value, renderer=DjangoTemplates()))
    assert "<option" in ours


def test_a_widget_with_its_own_option_template_still_gets_it(settings, tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "starred_option.html").write_text("<option>* {{ widget.label }}</option>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    html = StarredOptions(choices=[("x", "X")]).render("field", None, renderer=TemplatesSetting())
    assert "<option>* X</option>" in html


def test_labels_values_and_group_names_are_escaped():
    html = forms.Select(choices=CHOICES).render("field", None, renderer=TemplatesSetting())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<optgroup label="R&amp;D &lt;group&gt;">' in html
    assert 'value="&quot;d&quot;"' in html
