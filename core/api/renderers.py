"""The API's JSON, with room for list rows that were rendered before the request came in.

A cached row can be kept as the JSON it renders to (agreements.api.row_cache): the page is then
the envelope (`count`, `next`, `previous`) with the rows written in as they are, instead of
decoding every row from the cache into dicts only to encode them again.
"""

import json

from rest_framework import renderers


class RenderedJSON(bytes):
    """A value already rendered by JSONRenderer (compact, as `render` writes without an indent)."""


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results") if isinstance(data, dict) else None
        if not rows or not isinstance(rows, list) or not isinstance(rows[0], RenderedJSON):
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}):
            # Indented on request (and by the browsable API): the rows are laid out like the rest.
            decoded = [json.loads(row) for row in rows]
            return super().render({**data, "results": decoded}, accepted_media_type, renderer_context)
        envelope = super().render({key: value for key, value in data.items() if key != "results"})
        separator = b"," if envelope != b"{}" else b""
        # `results` comes last, where DRF's paginators put it: the bytes match a page rendered whole.
        return b"".join([envelope[:-1], separator, b'"results":[', b",".join(rows), b"]}"])
