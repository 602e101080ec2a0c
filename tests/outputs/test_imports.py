"""Publications from BibTeX or CSV: preview every row, then all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outputs import imports
from outputs.models import Output, PublicationImport
from tests.outputs.factories import OutputFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

BIBTEX = b"""
@article{raman2025grasp,
  title = {Learning {Tactile} Grasping},
  author = {Raman, Priya and Chen, Mei},
  journal = {IEEE Robotics and Automation Letters},
  year = {2025},
  doi = {10.1109/LRA.2025.12345}
}
@inproceedings{chen2024bench,
  title = {A Benchmark for Warehouse Picking},
  author = {Mei Chen},
  booktitle = {ICRA},
  year = 2024
}
"""

CSV = b"title,authors,year,doi,venue,citations\nSafe planners,Priya Raman,2025,10.1000/safe.1,NeurIPS,12\n"


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_bibtex_preview_links_authors_and_saves_nothing(staff_user, acme_partnership):
    PersonFactory(first_name="Priya", last_name="Raman")
    outcome = imports.publication_import_preview(
        actor=staff_user, partnership=acme_partnership, upload=_upload("papers.bib", BIBTEX)
    )
    assert outcome.error_count == 0
    first, second = outcome.rows
    assert first.values["title"] == "Learning Tactile Grasping"
    assert first.values["authors"] == "Priya Raman; Mei Chen"
    assert first.values["venue"] == "IEEE Robotics and Automation Letters"
    assert [person.full_name for person in first.parsed["people"]] == ["Priya Raman"]
    assert second.values["venue"] == "ICRA" and second.values["year"] == "2024"
    assert not Output.objects.exists()


def test_confirm_imports_every_row(staff_user, acme_partnership):
    raman = PersonFactory(first_name="Priya", last_name="Raman")
    outcome = imports.publication_import_preview(
        actor=staff_user, partnership=acme_partnership, upload=_upload("papers.csv", CSV)
    )
    outcome = imports.publication_import_confirm(batch=outcome.batch, actor=staff_user)
    assert outcome.imported
    paper = Output.objects.get()
    assert (paper.doi, paper.citations, paper.date.year, list(paper.people.all())) == (
        "10.1000/safe.1",
        12,
        2025,
        [raman],
    )


def test_one_bad_row_imports_nothing(staff_user, acme_partnership):
    OutputFactory(doi="10.1109/LRA.2025.12345")  # already recorded
    outcome = imports.publication_import_preview(
        actor=staff_user, partnership=acme_partnership, upload=_upload("papers.bib", BIBTEX)
    )
    assert outcome.error_count == 1 and "DOI" in " ".join(error.message for error in outcome.rows[0].errors)
    outcome = imports.publication_import_confirm(batch=outcome.batch, actor=staff_user)
    assert not outcome.imported
    assert Output.objects.count() == 1  # only the one that was there


def test_a_file_that_is_not_publications_is_refused(staff_user, acme_partnership):
    with pytest.raises(imports.PublicationFileError):
        imports.publication_import_preview(
            actor=staff_user, partnership=acme_partnership, upload=_upload("x.csv", b"name,email\na,b\n")
        )


def test_upload_preview_confirm_through_the_pages(client_as, staff_user, acme_partnership):
    client = client_as(staff_user)
    response = client.post(
        reverse("outputs:import-upload"), {"partnership": acme_partnership.pk, "file": _upload("papers.bib", BIBTEX)}
    )
    batch = PublicationImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("outputs:import-preview", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Learning Tactile Grasping" in page and "Import 2 publications" in page
    response = client.post(reverse("outputs:import-confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert Output.objects.count() == 2
    # Confirming twice imports nothing more.
    client.post(reverse("outputs:import-confirm", args=[batch.pk]))
    assert Output.objects.count() == 2


def test_someone_elses_import_is_not_found(client_as, staff_user, admin_user, acme_partnership):
    batch = PublicationImport.objects.create(
        partnership=acme_partnership, filename="x.bib", rows=[], created_by=admin_user
    )
    assert client_as(staff_user).get(reverse("outputs:import-preview", args=[batch.pk])).status_code == 404


def test_a_malformed_bibtex_file_is_refused_with_its_line(staff_user, acme_partnership):
    with pytest.raises(imports.PublicationFileError, match="line"):
        imports.publication_import_preview(
            actor=staff_user, partnership=acme_partnership, upload=_upload("x.bib", BIBTEX + b"\n@article{broken,\n")
        )


def test_every_error_of_a_row_is_shown_at_once_in_its_own_words(client_as, staff_user, acme_partnership):
    csv = b"title,year,citations\n,19x5,many\n"
    outcome = imports.publication_import_preview(
        actor=staff_user, partnership=acme_partnership, upload=_upload("papers.csv", csv)
    )
    assert [(error.column, error.message) for error in outcome.rows[0].errors] == [
        ("year", "“19x5” is not a year."),
        ("citations", "“many” is not a whole number."),
        ("title", "every publication needs a title."),
    ]
    page = client_as(staff_user).get(reverse("outputs:import-preview", args=[outcome.batch.pk])).content.decode()
    assert "year: “19x5” is not a year." in page and "title: every publication needs a title." in page


def test_a_csv_needs_only_title_and_year(staff_user, acme_partnership):
    outcome = imports.publication_import_preview(
        actor=staff_user,
        partnership=acme_partnership,
        upload=_upload("papers.csv", b"Title,Year,notes\nSafe planners,2025,x\n"),
    )
    assert outcome.error_count == 0 and outcome.rows[0].values["ref"] == "line 2"
