"""CSV imports: a preview of every row, then all rows or none."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import services
from people.csv_import import PEOPLE_COLUMNS, PLACEMENT_COLUMNS
from people.models import ImportBatch, ImportStatus, Person, Placement
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = ",".join(PEOPLE_COLUMNS)
PLACEMENT_HEADER = ",".join(PLACEMENT_COLUMNS)


def upload(text: str | bytes, name="people.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, content, content_type="text/csv")


def people_csv(*rows: str) -> str:
    return "\n".join([PEOPLE_HEADER, *rows]) + "\n"


GOOD_PEOPLE = people_csv(
    "Ada,Lovelace,ada@example.org,0000-0002-1825-0097,phd_student,Northbridge University,PhD candidate,2024-09-01",
    "Alan,Turing,alan@example.org,,Faculty,Northbridge University,Reader,",
)


def test_a_good_people_file_previews_without_writing_then_imports_every_row(staff_user, university):
    outcome = services.import_preview(actor=staff_user, kind="people", upload=upload(GOOD_PEOPLE))
    assert [row.ok for row in outcome.rows] == [True, True]
    assert not Person.objects.filter(last_name__in=["Lovelace", "Turing"]).exists()

    outcome = services.import_confirm(batch=outcome.batch, actor=staff_user)
    assert outcome.imported
    ada = Person.objects.get(last_name="Lovelace")
    assert (ada.orcid, ada.kind, ada.affiliations.get().organization) == (
        "0000-0002-1825-0097",
        "phd_student",
        university,
    )
    assert Person.objects.get(last_name="Turing").kind == "faculty"  # the label is accepted too
    assert ImportBatch.objects.get().status == ImportStatus.IMPORTED


def test_a_file_with_a_bad_row_writes_nothing_and_reports_line_column_and_reason(staff_user, university):
    text = people_csv(
        "Ada,Lovelace,ada@example.org,,phd_student,Northbridge University,,",
        "Bad,Orcid,bad@example.org,0000-0002-1825-0098,faculty,Northbridge University,,",
        "Nobody,Knows,nk@example.org,,faculty,Unknown College,,",
    )
    outcome = services.import_preview(actor=staff_user, kind="people", upload=upload(text))
    assert [row.ok for row in outcome.rows] == [True, False, False]
    [orcid_error] = outcome.rows[1].errors
    assert (outcome.rows[1].line, orcid_error.column) == (3, "orcid")
    assert "check digit" in orcid_error.message
    assert (outcome.rows[2].line, outcome.rows[2].errors[0].column) == (4, "organization")

    outcome = services.import_confirm(batch=outcome.batch, actor=staff_user)
    assert not outcome.imported
    assert not Person.objects.filter(last_name__in=["Lovelace", "Orcid", "Knows"]).exists()


def test_duplicates_within_one_file_are_caught_in_the_preview(staff_user, university):
    text = people_csv(
        "Ada,Lovelace,ada@example.org,,phd_student,,,",
        "Ada,Again,ADA@example.org,,phd_student,,,",
    )
    outcome = services.import_preview(actor=staff_user, kind="people", upload=upload(text))
    assert outcome.rows[1].errors[0].column == "email"


def test_confirmation_revalidates_what_the_server_kept(staff_user, university):
    outcome = services.import_preview(actor=staff_user, kind="people", upload=upload(GOOD_PEOPLE))
    PersonFactory(email="ada@example.org")  # someone took the e-mail between preview and confirmation
    outcome = services.import_confirm(batch=outcome.batch, actor=staff_user)
    assert not outcome.imported
    assert not Person.objects.filter(last_name="Turing").exists()


def placements_csv(*rows: str) -> str:
    return "\n".join([PLACEMENT_HEADER, *rows]) + "\n"


def test_placements_in_one_file_that_overlap_are_refused_together(staff_user, acme_partnership):
    PersonFactory(email="mei@example.org")
    row = "mei@example.org,internship,Northbridge University,Acme Robotics,Acme robot grasping,,,{},{},completed,,"
    text = placements_csv(row.format("2025-01-01", "2025-03-31"), row.format("2025-03-01", "2025-04-30"))
    outcome = services.import_preview(actor=staff_user, kind="placements", upload=upload(text))
    assert outcome.rows[0].ok
    assert outcome.rows[1].errors[0].column == "start_date"
    assert "already has a placement" in outcome.rows[1].errors[0].message
    assert not Placement.objects.exists()


def test_a_good_placements_file_writes_every_row(staff_user, acme_partnership):
    mei = PersonFactory(email="mei@example.org")
    PersonFactory(email="prof@example.org")
    text = placements_csv(
        "mei@example.org,internship,Northbridge University,Acme Robotics,Acme robot grasping,prof@example.org,,"
        "2025-01-01,2025-03-31,completed,hired_by_host,Good",
        "mei@example.org,Joint PhD,Northbridge University,Acme Robotics,,,,2025-04-01,,planned,,",
    )
    outcome = services.import_preview(actor=staff_user, kind="placements", upload=upload(text))
    assert all(row.ok for row in outcome.rows), [row.errors for row in outcome.rows]
    assert services.import_confirm(batch=outcome.batch, actor=staff_user).imported
    assert list(Placement.objects.filter(person=mei).values_list("kind", "outcome").order_by("start_date")) == [
        ("internship", "hired_by_host"),
        ("joint_phd", ""),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"first_name,last_name\nAda,Lovelace\n", "columns are wrong"),
        (GOOD_PEOPLE.encode("utf-16"), "not a CSV file"),
        ("first_name;x\n".encode("latin-1") + "Zoë".encode("latin-1"), "not UTF-8"),
        ((PEOPLE_HEADER + "\nÅsa,Öberg,,,faculty,,,\n").encode("cp1252"), "not UTF-8"),
        (b"", "empty"),
        ((PEOPLE_HEADER + "\n").encode(), "no rows"),
        ((PEOPLE_HEADER + ",extra\n").encode(), "unknown extra"),
    ],
    ids=["wrong-columns", "utf-16", "latin-1", "cp1252", "empty", "header-only", "extra-column"],
)
def test_a_malformed_file_gives_one_clear_error(staff_user, content, message):
    with pytest.raises(services.ImportFileError, match=message):
        services.import_preview(actor=staff_user, kind="people", upload=upload(content))
    assert not ImportBatch.objects.exists()


def test_100000_rows_are_refused_fast(staff_user):
    text = PEOPLE_HEADER + "\n" + "A,B,,,faculty,,,\n" * 100_000  # 1.7 MB
    short = PEOPLE_HEADER + "\n" + "A,B\n" * 100_000  # 0.4 MB, under the byte limit: the row limit stops it
    assert len(short.encode()) < 1_000_000
    for content, message in ((text, "1.7 MB; the limit is 1 MB"), (short, "more than 1,000 rows")):
        started = time.monotonic()
        with pytest.raises(services.ImportFileError, match=message):
            services.import_preview(actor=staff_user, kind="people", upload=upload(content))
        assert time.monotonic() - started < 1.0
    assert not ImportBatch.objects.exists()


def test_row_limit_applies_even_when_the_file_is_small(staff_user):
    text = PEOPLE_HEADER + "\n" + "A,B\n" * 1_001
    with pytest.raises(services.ImportFileError, match="more than 1,000 rows"):
        services.import_preview(actor=staff_user, kind="people", upload=upload(text))


# --- Pages -----------------------------------------------------------------------------------


def test_preview_page_lists_each_row_and_confirm_imports_all(client_as, staff_user, university):
    client = client_as(staff_user)
    response = client.post(reverse("people:import-upload"), {"kind": "people", "file": upload(GOOD_PEOPLE)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:import-preview", args=[batch.pk])
    page = client.get(response["Location"])
    assert page.content.count(b'data-testid="import-row"') == 2
    assert b"2 rows accepted, 0 with errors" in page.content
    assert not Person.objects.filter(last_name="Lovelace").exists()
    response = client.post(reverse("people:import-confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(last_name__in=["Lovelace", "Turing"]).count() == 2
    # Confirming twice imports nothing twice.
    client.post(reverse("people:import-confirm", args=[batch.pk]))
    assert Person.objects.filter(last_name="Lovelace").count() == 1


def test_preview_page_shows_the_error_of_a_bad_row_and_confirm_is_refused(client_as, staff_user, university):
    client = client_as(staff_user)
    text = people_csv("Ada,Lovelace,,,wizard,Northbridge University,,")
    client.post(reverse("people:import-upload"), {"kind": "people", "file": upload(text)})
    batch = ImportBatch.objects.get()
    page = client.get(reverse("people:import-preview", args=[batch.pk]))
    assert "Line 2, column kind: “wizard” is not one of" in page.content.decode()
    assert b"import-blocked" in page.content
    response = client.post(reverse("people:import-confirm", args=[batch.pk]))
    assert response.status_code == 400
    assert not Person.objects.filter(last_name="Lovelace").exists()


def test_wrong_encoding_is_a_form_error(client_as, staff_user):
    response = client_as(staff_user).post(
        reverse("people:import-upload"), {"kind": "people", "file": upload(GOOD_PEOPLE.encode("cp1252") + b"\xe9")}
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()


def test_someone_elses_batch_is_not_found(client_as, staff_user, admin_user, university):
    outcome = services.import_preview(actor=staff_user, kind="people", upload=upload(GOOD_PEOPLE))
    client = client_as(admin_user)
    assert client.get(reverse("people:import-preview", args=[outcome.batch.pk])).status_code == 404
    assert client.post(reverse("people:import-confirm", args=[outcome.batch.pk])).status_code == 404


def test_template_csv_has_the_columns_the_import_expects(client_as, staff_user):
    response = client_as(staff_user).get(reverse("people:import-template", args=["placements"]))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.splitlines()[0] == PLACEMENT_HEADER


def test_the_template_example_row_is_a_valid_row(staff_user, university):
    from people.csv_import import EXAMPLES

    text = PEOPLE_HEADER + "\n" + ",".join(EXAMPLES["people"]) + "\n"
    outcome = services.import_preview(actor=staff_user, kind="people", upload=upload(text))
    assert outcome.rows[0].ok, outcome.rows[0].errors
