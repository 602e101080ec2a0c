"""The renderer of rows rendered ahead: such a page reads exactly like one rendered whole."""

import pytest
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from core.api.renderers import JSONRenderer, RenderedJSON

ROWS = [
    {"id": 1, "title": "Grasping \u2028 of \u2029 deformable objects", "value": "180000.00", "parties": [{"id": 3}]},
    {"id": 2, "title": "Lambert agreement, ünïcode", "value": None, "parties": []},
]
ENVELOPES = [
    {"count": 2, "next": "http://testserver/api/v1/agreements/?page=2", "previous": None},
    {"next": "http://testserver/api/v1/agreements/?cursor=eyJwIjpbXX0%3D", "previous": None},
    {},
]


def rendered_ahead(rows):
    return RenderedJSON(DRFJSONRenderer().render(rows))


@pytest.fixture(params=[True, False], ids=["compact", "spaced"])
def compact(request, monkeypatch):
    """Both layouts COMPACT_JSON gives (read by the renderer classes when they are defined)."""
    monkeypatch.setattr(DRFJSONRenderer, "compact", request.param)
    return request.param


@pytest.mark.parametrize("envelope", ENVELOPES, ids=["page-number", "cursor", "bare"])
def test_rows_rendered_ahead_give_the_same_bytes_as_a_page_rendered_whole(envelope, compact):
    whole = DRFJSONRenderer().render({**envelope, "results": ROWS})
    assert JSONRenderer().render({**envelope, "results": rendered_ahead(ROWS)}) == whole
    assert (b'"results": [' in whole) is not compact


def test_an_empty_page_rendered_ahead_reads_as_one_rendered_whole(compact):
    envelope = {"next": None, "previous": None}
    assert JSONRenderer().render({**envelope, "results": rendered_ahead([])}) == DRFJSONRenderer().render(
        {**envelope, "results": []}
    )


def test_an_indent_asked_for_lays_out_the_rows_like_the_rest():
    media_type = "application/json; indent=2"
    whole = DRFJSONRenderer().render({"next": None, "results": ROWS}, media_type)
    spliced = JSONRenderer().render({"next": None, "results": rendered_ahead(ROWS)}, media_type)
    assert spliced == whole
    assert b'\n  "results": [\n    {\n' in spliced


def test_the_browsable_apis_indent_lays_out_the_rows_too():
    context = {"indent": 4}
    whole = DRFJSONRenderer().render({"next": None, "results": ROWS}, None, context)
    assert JSONRenderer().render({"next": None, "results": rendered_ahead(ROWS)}, None, context) == whole


def test_rows_that_are_not_last_keep_their_place():
    data = {"results": rendered_ahead(ROWS), "next": None}
    assert JSONRenderer().render(data) == DRFJSONRenderer().render({"results": ROWS, "next": None})


@pytest.mark.parametrize(
    "data",
    [{"next": None, "results": []}, {"results": ROWS}, ROWS, {"detail": "Not found."}, None],
    ids=["no-rows", "dict-rows", "a-list", "an-error", "nothing"],
)
def test_anything_else_renders_as_drf_renders_it(data):
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)
