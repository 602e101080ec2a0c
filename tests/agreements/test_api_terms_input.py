"""Agreements' terms are written in the shape GET shows them, and nothing a client sends is dropped.

A client that drafted an agreement with `terms` as GET answers them got 201 and no terms: the
input took flat keys only and DRF ignored the rest. `terms` is now writable grouped, flat keys
still work, and anything the endpoint does not take answers 400 naming it.
"""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementKind
from core.api.inputs import UNKNOWN
from tests.agreements.factories import AgreementFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _draft(client, partnership, *organizations, **fields):
    body = {
        "partnership": partnership.pk,
        "kind": "sponsored_research",
        "title": "Grasping of deformable objects",
        "parties": [{"organization": organization.pk} for organization in organizations],
        **fields,
    }
    return client.post(reverse("agreement-list"), body, content_type=JSON)


def _detail(agreement) -> str:
    return reverse("agreement-detail", args=[agreement.pk])


def test_an_agreement_drafted_with_terms_as_get_shows_them_keeps_them(
    client_as, staff_user, acme_partnership, university, acme
):
    terms = {
        "ip": {"foreground_ip_owner": "joint", "revenue_share_percent": "30.00"},
        "publication": {"right_to_publish": True, "publication_review_days": 45},
    }
    response = _draft(client_as(staff_user), acme_partnership, university, acme, terms=terms)

    assert response.status_code == 201, response.content
    shown = response.json()["terms"]
    assert shown["ip"]["foreground_ip_owner"] == "joint"
    assert shown["ip"]["revenue_share_percent"] == "30.00"
    assert shown["publication"]["publication_review_days"] == 45
    agreement = Agreement.objects.get(pk=response.json()["id"])
    assert (agreement.foreground_ip_owner, agreement.publication_review_days) == ("joint", 45)


def test_terms_as_get_shows_them_override_a_preset_like_flat_ones(
    client_as, staff_user, acme_partnership, university, acme
):
    response = _draft(
        client_as(staff_user),
        acme_partnership,
        university,
        acme,
        preset="lambert_2",
        terms={"confidentiality": {"confidentiality_years": 2}},
    )
    assert response.json()["terms"]["confidentiality"]["confidentiality_years"] == 2
    assert response.json()["terms"]["ip"]["option_negotiation_days"] == 180  # from the preset


def test_an_edit_changes_the_grouped_terms_sent_and_leaves_the_rest(client_as, staff_user, acme_agreement):
    before = client_as(staff_user).get(_detail(acme_agreement)).json()["terms"]
    response = client_as(staff_user).patch(
        _detail(acme_agreement),
        {"version": acme_agreement.version, "terms": {"publication": {"patent_delay_days": 75}}},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    after = response.json()["terms"]
    assert after["publication"]["patent_delay_days"] == 75
    after["publication"]["patent_delay_days"] = before["publication"]["patent_delay_days"]
    assert after == before


def test_a_statement_of_work_sent_back_unchanged_still_inherits_its_masters_terms(
    client_as, staff_user, acme_partnership
):
    master = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.MASTER_RESEARCH, confidentiality_years=5)
    sow = AgreementFactory(
        partnership=acme_partnership, kind=AgreementKind.STATEMENT_OF_WORK, parent=master, confidentiality_years=None
    )
    client = client_as(staff_user)
    shown = client.get(_detail(sow)).json()
    assert "confidentiality_years" in shown["inherited_terms"]

    response = client.put(_detail(sow), shown, content_type=JSON)

    assert response.status_code == 200, response.content
    assert "confidentiality_years" in response.json()["inherited_terms"]
    sow.refresh_from_db()
    assert sow.confidentiality_years is None  # not pinned to the master's value of today


def test_a_term_sent_flat_and_grouped_with_two_values_is_refused(client_as, staff_user, acme_agreement):
    response = client_as(staff_user).patch(
        _detail(acme_agreement),
        {
            "version": acme_agreement.version,
            "patent_delay_days": 60,
            "terms": {"publication": {"patent_delay_days": 90}},
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["terms"]["publication"]["patent_delay_days"]


def test_unknown_terms_groups_and_party_fields_are_refused_by_name(
    client_as, staff_user, acme_partnership, university, acme
):
    response = _draft(
        client_as(staff_user),
        acme_partnership,
        university,
        acme,
        terms={"publication": {"review_days": 30}, "tax": {"rate": 1}},
        parties=[{"organization": acme.pk, "signed_on": "2026-01-01"}],
    )

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["terms"] == {"publication": {"review_days": [UNKNOWN]}, "tax": [UNKNOWN]}
    assert fields["parties"] == [{"signed_on": [UNKNOWN]}]
    assert not Agreement.objects.exists()


def test_status_cannot_be_set_by_an_edit(client_as, staff_user, acme_agreement):
    response = client_as(staff_user).patch(
        _detail(acme_agreement), {"version": acme_agreement.version, "status": "executed"}, content_type=JSON
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]
    acme_agreement.refresh_from_db()
    assert acme_agreement.status == "draft"


def test_an_owner_is_named_by_id_or_as_get_shows_it_but_cannot_be_renamed(client_as, staff_user, acme_agreement):
    client = client_as(staff_user)
    version = acme_agreement.version
    name = staff_user.get_full_name() or staff_user.username

    as_shown = {"version": version, "owner": {"id": staff_user.pk, "name": name}}
    assert client.patch(_detail(acme_agreement), as_shown, content_type=JSON).status_code == 200

    renamed = {"version": version + 1, "owner": {"id": staff_user.pk, "name": "Someone else"}}
    response = client.patch(_detail(acme_agreement), renamed, content_type=JSON)
    assert response.status_code == 400
    assert "cannot change it" in response.json()["error"]["fields"]["owner"][0]
