import pytest
from playwright.sync_api import expect

from people.csv_import import PLACEMENT_COLUMNS
from people.models import Placement
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ",".join(PLACEMENT_COLUMNS)
ROW = (
    "mei.chen@example.org,{kind},Northbridge University,{host},Acme robot grasping,priya@example.org,,"
    "{start},{end},{status},{outcome},"
)


def placements_file(host_of_second_row: str) -> dict:
    lines = [
        HEADER,
        ROW.format(kind="internship", host="Acme Robotics", start="2025-01-06", end="2025-03-28",
                   status="completed", outcome="continued_study"),
        ROW.format(kind="joint_phd", host=host_of_second_row, start="2025-04-01", end="", status="active", outcome=""),
    ]  # fmt: skip
    return {"name": "placements.csv", "mimeType": "text/csv", "buffer": ("\n".join(lines) + "\n").encode()}


def test_staff_imports_placements_fixing_a_bad_row_then_sees_the_person_page(
    page, sign_in, screenshot, staff_user, university, acme, acme_partnership
):
    mei = PersonFactory(first_name="Mei", last_name="Chen", email="mei.chen@example.org", kind="phd_student")
    AffiliationFactory(person=mei, organization=university, title="PhD candidate")
    PersonFactory(first_name="Priya", last_name="Raman", email="priya@example.org")

    sign_in(staff_user)
    page.get_by_role("link", name="Placements").first.click()
    page.get_by_role("link", name="Import CSV").click()
    expect(page.get_by_label("What the file holds")).to_have_value("placements")
    page.get_by_label("CSV file").set_input_files(placements_file("Acme Robotcs"))
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_test_id("import-summary")).to_have_text("1 row accepted, 1 with errors.")
    expect(page.get_by_test_id("row-errors")).to_contain_text(
        "Line 3, column host_organization: No organization “Acme Robotcs” in Tandem."
    )
    expect(page.get_by_test_id("import-blocked")).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    screenshot("people-import-bad-row")
    assert not Placement.objects.exists()

    page.get_by_role("link", name="upload it again").click()
    page.get_by_label("CSV file").set_input_files(placements_file("Acme Robotics"))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("import-summary")).to_have_text("2 rows accepted, 0 with errors.")
    assert not Placement.objects.exists()  # a preview writes nothing
    page.get_by_role("button", name="Import 2 rows").click()

    expect(page.get_by_text("Imported 2 placements.")).to_be_visible()
    expect(page.get_by_test_id("placements")).to_contain_text("Joint PhD")
    assert Placement.objects.filter(person=mei).count() == 2

    page.get_by_role("link", name="People").first.click()
    page.get_by_role("link", name="Chen, Mei").click()
    expect(page.get_by_role("heading", name="Mei Chen")).to_be_visible()
    placements = page.get_by_test_id("person-placements")
    expect(placements).to_contain_text("Internship")
    expect(placements).to_contain_text("Joint PhD")
    expect(placements).to_contain_text("Continued study")
    expect(page.get_by_test_id("affiliations")).to_contain_text("PhD candidate")
    expect(page.get_by_test_id("history")).to_contain_text("placement added")
    screenshot("people-import-person-page")
