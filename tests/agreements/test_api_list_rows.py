"""The agreements list API's stored rows: never a stale row, never another audience's row.

Each test reads the list (which stores the rows), changes something a row shows, and compares
the list with one built from nothing stored. Changes are made the ways that bypass signals too
(queryset.update): database triggers move the stamps on (agreements.list_stamps), whatever wrote.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from accounts.models import User
from agreements import list_stamps, services
from agreements.api import list_rows
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementListRow,
    AgreementParty,
    Amendment,
    BallChange,
    BallHolder,
)
from agreements.tasks import refresh_agreement_list_rows_task
from partnerships.models import Organization, Partnership
from people.models import Person
from tests.agreements.factories import AgreementFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("agreement-list")


def listed(client, **params) -> list[dict]:
    response = client.get(LIST, {"page_size": 50, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def built_fresh(client, **params) -> list[dict]:
    """The list with nothing stored: every row built by AgreementSerializer there and then."""
    AgreementListRow.objects.all().delete()
    return listed(client, **params)


def stamps() -> dict[int, int]:
    return dict(Agreement.objects.values_list("pk", "shown_stamp"))


def assert_read_from_stored_rows(client):
    """A page of current stored rows: one query reads the agreements with their rows (a cursor
    page, which counts nothing), and nothing is built (building prefetches the ball passes)."""
    with CaptureQueriesContext(connection) as queries:
        listed(client, cursor="")
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([text for text in sql if 'FROM "agreements_agreement"' in text]) == 1, sql
    assert not any('FROM "agreements_ballchange"' in text for text in sql), sql


@pytest.fixture
def agreements(acme, acme_partnership, globex_partnership, staff_user):
    """A master agreement and its statement of work (with an amendment) with Acme, and one with
    Globex; each with the ball passed once and a signatory on Acme's side."""
    master = AgreementFactory(partnership=acme_partnership, kind=AgreementKind.MASTER_RESEARCH, title="Master")
    work = AgreementFactory(
        partnership=acme_partnership,
        kind=AgreementKind.STATEMENT_OF_WORK,
        parent=master,
        title="Work",
        publication_review_days=None,  # inherited from the master
    )
    rival = AgreementFactory(partnership=globex_partnership, title="Rival")
    signatory = PersonFactory(first_name="Ada", last_name="Signer")
    for agreement in (master, work, rival):
        services.agreement_pass_ball(agreement=agreement, holder=BallHolder.SPONSOR, actor=staff_user)
    AgreementParty.objects.filter(agreement=master, organization=acme).update(signatory=signatory)
    Amendment.objects.create(
        agreement=work, number=1, title="Budget", summary="More", effective_date="2026-02-01", created_by=staff_user
    )
    return {"master": master, "work": work, "rival": rival, "signatory": signatory, "sponsor": acme}


def rename_organization(objects, staff):
    Organization.objects.filter(pk=objects["sponsor"].pk).update(name="Acme, renamed")


def rename_signatory(objects, staff):
    Person.objects.filter(pk=objects["signatory"].pk).update(last_name="Renamed")


def rename_signatorys_first_name(objects, staff):
    Person.objects.filter(pk=objects["signatory"].pk).update(first_name="Adah")


def rename_owner(objects, staff):
    User.objects.filter(pk=objects["master"].owner_id).update(first_name="Renamed", last_name="Owner")


def change_the_owners_username_only(objects, staff):
    # Owners without a name are shown by username.
    User.objects.filter(pk=objects["master"].owner_id).update(first_name="", last_name="")
    User.objects.filter(pk=objects["master"].owner_id).update(username="owner-renamed")


def retitle_partnership(objects, staff):
    Partnership.objects.filter(pk=objects["master"].partnership_id).update(title="Renamed partnership")


def sign_a_party(objects, staff):
    party = objects["master"].parties.first()
    services.party_sign(party=party, actor=staff, signed_on=datetime.date(2026, 1, 5), signatory=None)


def pass_the_ball(objects, staff):
    services.agreement_pass_ball(agreement=objects["work"], holder=BallHolder.TTO, actor=staff)


def amend(objects, staff):
    Amendment.objects.create(
        agreement=objects["master"],
        number=1,
        title="Extension",
        summary="Six more months",
        effective_date="2026-03-01",
        created_by=staff,
    )


def remove_a_party(objects, staff):
    AgreementParty.objects.filter(agreement=objects["work"]).first().delete()


def edit_an_amendment(objects, staff):
    Amendment.objects.filter(agreement=objects["work"]).update(title="Budget, corrected")


def delete_an_amendment(objects, staff):
    Amendment.objects.filter(agreement=objects["work"]).delete()


def backdate_a_ball_pass(objects, staff):
    BallChange.objects.filter(agreement=objects["work"]).update(since=timezone.now() - datetime.timedelta(days=9))


def forget_a_ball_pass(objects, staff):
    BallChange.objects.filter(agreement=objects["work"]).delete()


def change_the_masters_terms(objects, staff):
    # The statement of work inherits unset terms: its row shows the master's new value, though
    # nothing of the statement of work itself changed.
    Agreement.objects.filter(pk=objects["master"].pk).update(publication_review_days=90)


def change_a_column_without_touching_updated_at(objects, staff):
    Agreement.objects.filter(pk=objects["work"].pk).update(title="Quietly retitled", internal_notes="New note")


CHANGES = [
    rename_organization,
    rename_signatory,
    rename_signatorys_first_name,
    rename_owner,
    change_the_owners_username_only,
    retitle_partnership,
    sign_a_party,
    remove_a_party,
    pass_the_ball,
    backdate_a_ball_pass,
    forget_a_ball_pass,
    amend,
    edit_an_amendment,
    delete_an_amendment,
    change_the_masters_terms,
    change_a_column_without_touching_updated_at,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
@pytest.mark.parametrize("persona", ["staff_user", "viewer_user", "acme_liaison"])
def test_a_row_changed_in_any_way_is_never_served_stale(request, client_as, agreements, staff_user, change, persona):
    client = client_as(request.getfixturevalue(persona))
    listed(client)
    before = listed(client)
    assert_read_from_stored_rows(client)
    change(agreements, staff_user)
    after = listed(client)
    assert after == built_fresh(client)
    assert after != before


def test_what_no_row_shows_moves_no_stamp(agreements, acme_liaison, staff_user):
    before = stamps()
    User.objects.filter(pk=staff_user.pk).update(last_login=timezone.now())  # signing in
    Organization.objects.filter(pk=agreements["sponsor"].pk).update(website="https://acme.example")
    Person.objects.filter(pk=agreements["signatory"].pk).update(orcid="0000-0002-1825-0097")
    Partnership.objects.filter(pk=agreements["master"].partnership_id).update(objectives="New objectives")
    assert stamps() == before


def test_a_masters_terms_move_its_statements_of_work_on_and_nothing_else(agreements):
    before = stamps()
    Agreement.objects.filter(pk=agreements["master"].pk).update(confidentiality_years=3)
    after = stamps()
    assert {pk for pk in before if after[pk] != before[pk]} == {agreements["master"].pk, agreements["work"].pk}
    assert after[agreements["work"].pk] == before[agreements["work"].pk] + 1  # once: the restamps end there


def test_what_a_statement_of_work_does_not_show_of_its_master_leaves_it_alone(agreements):
    before = stamps()
    Agreement.objects.filter(pk=agreements["master"].pk).update(title="Master, retitled", status="negotiation")
    after = stamps()
    assert {pk for pk in before if after[pk] != before[pk]} == {agreements["master"].pk}


def test_a_bulk_write_moves_every_agreement_it_touches_once_per_statement(agreements, staff_user):
    before = stamps()
    BallChange.objects.bulk_create(
        BallChange(agreement=agreement, holder=BallHolder.LEGAL, actor=staff_user)
        for agreement in (agreements["master"], agreements["rival"])
    )
    after = stamps()
    assert after[agreements["master"].pk] == before[agreements["master"].pk] + 1
    assert after[agreements["rival"].pk] == before[agreements["rival"].pk] + 1
    assert after[agreements["work"].pk] == before[agreements["work"].pk]


def test_migrate_installs_the_triggers_once_and_replaces_what_changed(agreements):
    assert list_stamps.installed_version() == list_stamps.VERSION
    with CaptureQueriesContext(connection) as queries:
        assert list_stamps.install()
    assert not any("CREATE" in query["sql"] for query in queries.captured_queries)  # already current: no locks

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TRIGGER agreements_gone_restamp AFTER UPDATE ON agreements_agreement "
            "FOR EACH STATEMENT EXECUTE FUNCTION agreements_restamp_where('false')"
        )
        cursor.execute("COMMENT ON FUNCTION agreements_restamp_where() IS 'an older version'")
    assert list_stamps.install()
    assert list_stamps.installed_version() == list_stamps.VERSION
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'agreements_gone_restamp'")
        assert cursor.fetchone()[0] == 0  # no longer defined: dropped


def test_without_the_triggers_nothing_moves_and_health_says_so(agreements):
    list_stamps.uninstall()
    before = stamps()
    Organization.objects.filter(pk=agreements["sponsor"].pk).update(name="Acme, unnoticed")
    assert stamps() == before
    assert list_stamps.installed_version() is None
    list_stamps.install()
    Organization.objects.filter(pk=agreements["sponsor"].pk).update(name="Acme, noticed")
    assert stamps()[agreements["master"].pk] == before[agreements["master"].pk] + 1


def test_a_row_stored_with_an_old_stamp_is_never_served(client_as, agreements, staff_user):
    client = client_as(staff_user)
    listed(client)
    work = agreements["work"]
    row = AgreementListRow.objects.get(agreement=work)
    # A build that read the agreement before a change and stored after it, under its old stamp.
    AgreementParty.objects.filter(agreement=work).update(signed_on=datetime.date(2026, 2, 2))
    AgreementListRow.objects.filter(pk=row.pk).update(stamp=row.stamp, tail=row.tail[:-1] + ',"stale":1}')
    assert all("stale" not in listed_row for listed_row in listed(client))
    assert listed(client) == built_fresh(client)


def test_rows_of_another_layout_are_never_served(client_as, agreements, staff_user, monkeypatch):
    client = client_as(staff_user)
    listed(client)
    AgreementListRow.objects.update(middle=',"from_another_layout":true')
    monkeypatch.setattr(list_rows, "layout", lambda: "0-written-by-other-code")
    rows = listed(client)
    assert all("from_another_layout" not in row for row in rows)
    assert set(AgreementListRow.objects.values_list("layout", flat=True)) == {"0-written-by-other-code"}


def test_the_layout_changes_with_what_the_serializers_write(monkeypatch):
    from partnerships.api.partnerships import UserReferenceSerializer

    before = list_rows.layout()
    assert before == list_rows.layout()  # one sample, rendered once
    list_rows.layout.cache_clear()
    monkeypatch.setattr(UserReferenceSerializer, "get_name", lambda self, user: user.username)  # a nested change
    assert list_rows.layout() != before
    list_rows.layout.cache_clear()


def test_each_audience_gets_its_own_rows_from_one_stored_row(
    client_as, agreements, staff_user, viewer_user, acme_liaison
):
    as_editor = listed(client_as(staff_user))  # an editor's read stores the rows
    stored = AgreementListRow.objects.count()
    as_viewer = listed(client_as(viewer_user))
    as_liaison = listed(client_as(acme_liaison))
    assert AgreementListRow.objects.count() == stored == 3
    assert as_viewer == built_fresh(client_as(viewer_user))
    assert as_liaison == built_fresh(client_as(acme_liaison))
    assert any(row["allowed_transitions"] for row in as_editor)
    assert all(row["allowed_transitions"] == [] for row in as_viewer)
    assert all("internal_notes" in row for row in as_viewer)
    assert all("internal_notes" not in row for row in as_liaison)
    assert {row["title"] for row in as_liaison} == {"Master", "Work"}  # never Globex's


def test_the_negotiation_clock_runs_on_in_a_stored_row(client_as, agreements, staff_user, monkeypatch):
    client = client_as(staff_user)
    BallChange.objects.filter(agreement=agreements["work"]).update(since=timezone.now() - datetime.timedelta(days=3))
    [row] = [row for row in listed(client) if row["title"] == "Work"]
    assert row["ball_days"]["sponsor"] == 3
    with CaptureQueriesContext(connection) as queries:
        [row] = [row for row in listed(client) if row["title"] == "Work"]
    assert row["ball_days"]["sponsor"] == 3
    assert not any('FROM "agreements_ballchange"' in q["sql"] for q in queries.captured_queries)  # stored

    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(list_rows, "timezone", SimpleNamespace(now=lambda: later))  # the list's clock only
    with CaptureQueriesContext(connection) as queries:
        [row] = [row for row in listed(client) if row["title"] == "Work"]
    assert row["ball_days"]["sponsor"] == 5
    assert any('FROM "agreements_ballchange"' in q["sql"] for q in queries.captured_queries)  # built again


def test_a_stopped_clock_keeps_its_row(client_as, agreements, staff_user):
    Agreement.objects.filter(pk=agreements["rival"].pk).update(executed_at=timezone.now())
    listed(client_as(staff_user))
    assert AgreementListRow.objects.get(agreement=agreements["rival"]).fresh_until is None
    assert AgreementListRow.objects.get(agreement=agreements["work"]).fresh_until > timezone.now()


def test_a_page_of_stored_rows_is_one_query_for_any_number_of_rows(client_as, acme_partnership, staff_user):
    client = client_as(staff_user)

    def queries_for_a_stored_page():
        listed(client)
        assert_read_from_stored_rows(client)
        with CaptureQueriesContext(connection) as queries:
            listed(client)
        return len(queries.captured_queries)

    AgreementFactory.create_batch(3, partnership=acme_partnership)
    few = queries_for_a_stored_page()
    AgreementFactory.create_batch(20, partnership=acme_partnership)
    assert queries_for_a_stored_page() == few
    AgreementListRow.objects.all().delete()
    with CaptureQueriesContext(connection) as cold:
        listed(client)
    assert few < len(cold.captured_queries)  # the prefetches of parties, ball passes, amendments


def test_cursor_pages_of_stored_rows_walk_every_row_once(client_as, acme_partnership, staff_user):
    AgreementFactory.create_batch(7, partnership=acme_partnership)
    client = client_as(staff_user)
    for _ in range(2):  # built, then stored
        seen, url = [], f"{LIST}?page_size=3&cursor="
        while url:
            body = client.get(url).json()
            seen += [row["id"] for row in body["results"]]
            url = body["next"]
        assert seen == list(Agreement.objects.order_by("-updated_at", "-pk").values_list("pk", flat=True))


def test_filters_and_search_still_decide_the_rows(client_as, agreements, staff_user):
    client = client_as(staff_user)
    listed(client)
    assert [row["title"] for row in listed(client, q="Rival")] == ["Rival"]
    assert {row["title"] for row in listed(client, ordering="title")} == {"Master", "Work", "Rival"}
    assert [row["title"] for row in listed(client, ordering="title")] == ["Master", "Rival", "Work"]


@pytest.mark.parametrize("persona", ["staff_user", "viewer_user", "acme_liaison"])
def test_a_listed_row_reads_exactly_as_the_agreement_itself(request, client_as, agreements, persona):
    # The detail endpoint renders AgreementSerializer whole, never from a stored row: the list's
    # rows, built and stored, carry the same keys in the same order with the same values.
    client = client_as(request.getfixturevalue(persona))
    for _ in range(2):
        for row in listed(client):
            detail = client.get(reverse("agreement-detail", args=[row["id"]])).json()
            assert list(row.items()) == list(detail.items())


def test_the_browsable_api_shows_stored_rows(client_as, agreements, staff_user):
    client = client_as(staff_user)
    listed(client)
    response = client.get(LIST, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "&quot;title&quot;: &quot;Master&quot;" in response.content.decode()


@pytest.mark.parametrize("persona", ["staff_user", "viewer_user", "acme_liaison"])
@pytest.mark.parametrize("paging", [{}, {"cursor": ""}], ids=["page-number", "cursor"])
def test_a_page_of_stored_rows_is_byte_for_byte_a_page_rendered_whole(request, client_as, agreements, paging, persona):
    Agreement.objects.filter(pk=agreements["work"].pk).update(
        title="Line\u2028and paragraph\u2029separators, café", internal_notes='Said "no" \\ then\x01yes'
    )
    client = client_as(request.getfixturevalue(persona))
    for _ in range(2):  # built, then stored
        response = client.get(LIST, {"page_size": 50, **paging})
        assert response.content == DRFJSONRenderer().render(response.json())
        assert "café".encode() in response.content and b"\\u2028" in response.content


def test_the_page_query_reads_every_column_the_cursor_names(agreements):
    # The cursor reads the ordering's columns off the page's rows by name.
    [row] = list_rows.page_rows(Agreement.objects.all(), audience="editor")[:1]
    assert {name.lstrip("-") for name in Agreement._meta.ordering} <= set(row._fields)


def test_a_row_that_cannot_be_stored_is_still_shown(client_as, agreements, staff_user, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(AgreementListRow.objects, "bulk_create", refuse)
    client = client_as(staff_user)
    assert listed(client) == built_fresh(client)
    assert not AgreementListRow.objects.exists()
    assert "Could not store 3 agreement list rows" in caplog.text


def test_the_beat_job_builds_what_is_missing_stale_or_late_and_nothing_twice(agreements, staff_user):
    assert refresh_agreement_list_rows_task() == 3
    assert refresh_agreement_list_rows_task() == 0
    services.agreement_pass_ball(agreement=agreements["work"], holder=BallHolder.PI, actor=staff_user)
    AgreementListRow.objects.filter(agreement=agreements["master"]).update(fresh_until=timezone.now())
    assert list(list_rows.stale().values_list("pk", flat=True)) == [agreements["work"].pk, agreements["master"].pk]
    assert list_rows.refresh(limit=1) == 1
    assert list(list_rows.stale().values_list("pk", flat=True)) == [agreements["master"].pk]
    assert refresh_agreement_list_rows_task() == 1
    assert not list_rows.stale().exists()


def test_rows_the_beat_job_built_read_as_rows_built_on_the_spot(client_as, agreements, staff_user, acme_liaison):
    refresh_agreement_list_rows_task()
    for user in (staff_user, acme_liaison):
        client = client_as(user)
        with CaptureQueriesContext(connection) as queries:
            stored = listed(client)
        assert not any('FROM "agreements_ballchange"' in q["sql"] for q in queries.captured_queries)
        assert stored == built_fresh(client)
        refresh_agreement_list_rows_task()


def test_the_members_that_depend_on_the_reader_must_come_in_the_order_the_pieces_assume():
    assert list_rows.cut({"id": 1, "allowed_transitions": [], "internal_notes": "", "ball_days": {}})
    with pytest.raises(ValueError, match="allowed_transitions before internal_notes"):
        list_rows.cut({"id": 1, "internal_notes": "Secret", "allowed_transitions": ["executed"]})
