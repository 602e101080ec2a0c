import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Export files and report attachments go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """`with run_jobs():` runs the jobs a block enqueues on commit (tests never commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def read_csv(response) -> list[list[str]]:
    import csv
    import io

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))
