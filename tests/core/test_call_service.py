"""core.views_helpers.call_service: a service's refusal lands on the form, next to its field."""

from django import forms
from django.core.exceptions import ValidationError

from core.exceptions import ConcurrentEditError
from core.views_helpers import call_service


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "Acme"})
    assert form.is_valid()
    return form


def _refuse(error):
    def service(**kwargs):
        raise error

    return service


def test_the_services_result_is_returned_and_the_form_stays_valid():
    form = _form()
    assert call_service(form, lambda **kwargs: kwargs, name="Acme", form="passed through") == {
        "name": "Acme",
        "form": "passed through",
    }
    assert form.is_valid()


def test_a_field_error_lands_next_to_its_field():
    form = _form()
    assert call_service(form, _refuse(ValidationError({"name": "Taken."}))) is None
    assert form.errors == {"name": ["Taken."]}


def test_an_error_on_a_field_the_form_lacks_or_on_none_goes_on_top():
    form = _form()
    call_service(form, _refuse(ValidationError({"owner": "Not staff."})))
    assert form.non_field_errors() == ["Not staff."]
    form = _form()
    call_service(form, _refuse(ValidationError("Frozen.")))
    assert form.non_field_errors() == ["Frozen."]


def test_a_concurrent_edit_goes_on_top_with_its_message():
    form = _form()
    assert call_service(form, _refuse(ConcurrentEditError("agreement"))) is None
    [message] = form.non_field_errors()
    assert message.startswith("Someone else changed this agreement")
