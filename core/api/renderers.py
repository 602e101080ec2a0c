"""JSON for API lists whose rows were rendered before the request came in.

The agreements list reads its rows already rendered (agreements.api.list_rows): the page is then
the envelope (`count`, `next`, `previous`) with the rows' array written in as it is, instead of
decoding every row into dicts only to encode them again. The bytes are those of the page rendered
whole by DRF's JSONRenderer, separators and escaping included.
"""

import json

from rest_framework import renderers
from rest_framework.compat import LONG_SEPARATORS, SHORT_SEPARATORS


class RenderedJSON(bytes):
    """A value already rendered by JSONRenderer, without an indent."""


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results") if isinstance(data, dict) else None
        if not isinstance(rows, RenderedJSON):
            return super().render(data, accepted_media_type, renderer_context)
        # Indented on request (and by the browsable API), the rows are laid out like the rest; and
        # they are written after the envelope only where paginators put them, last.
        if self.get_indent(accepted_media_type, renderer_context or {}) or next(reversed(data)) != "results":
            return super().render({**data, "results": json.loads(rows)}, accepted_media_type, renderer_context)
        comma, colon = separators(self)
        envelope = super().render({key: value for key, value in data.items() if key != "results"})
        opening = [envelope[:-1], comma] if envelope != b"{}" else [b"{"]
        return b"".join([*opening, b'"results"', colon, rows, b"}"])


def separators(renderer: JSONRenderer) -> tuple[bytes, bytes]:
    """What the renderer writes between items and after keys (COMPACT_JSON decides)."""
    comma, colon = SHORT_SEPARATORS if renderer.compact else LONG_SEPARATORS
    return comma.encode(), colon.encode()
