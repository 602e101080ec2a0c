import pytest

from tests.api.records import build_world


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents and exports the API tests upload or start (eagerly, in tests) go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(personas, acme, globex, university, acme_partnership, globex_partnership, acme_agreement, globex_agreement):
    """Ids of records of every kind the API serves, for both rival partners (tests.api.records)."""
    return build_world(
        personas, acme, globex, university, acme_partnership, globex_partnership, acme_agreement, globex_agreement
    )
