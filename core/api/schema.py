"""The OpenAPI schema documents the errors each operation can answer, in the one error shape.

Views declare their successes (and the errors particular to them, such as 410); the errors
every endpoint shares are added here from what the operation is, so no view repeats them and
none forgets them:

- 401: every operation needs a signed-in user;
- 403: every write (the role decides; liaisons write in a few places only);
- 404: an operation on one record (not found and not visible answer alike), and a paged list
  (a page past the end);
- 400: every write (input, and the services' rules: "payments were received against it"),
  and a read that takes query parameters (filters);
- 409: an operation whose body names the `version` it was based on (stale: conflict);
- 412: a write that takes `If-Match` (stale);
- 413: an operation that takes a body, sent one larger than the server reads;
- 415: an operation that takes a body, sent without a media type it reads.

An error a view declared with a description only gets the error body too.

Serializers that leave keys out for some callers (internal notes for partners) list them in
`sometimes_absent`: read-only fields are otherwise required in the response schema.

A reference field takes an id or the object GET shows for it (core.api.bases.ReferenceMixin):
its request schema is `oneOf` the two.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance, is_serializer
from rest_framework.permissions import SAFE_METHODS

from core.api.errors import ErrorResponseSerializer

DESCRIPTIONS = {
    "400": "The input is invalid (`fields` says what and where), a rule refuses the change, or the body cannot "
    "be read (malformed, or nested too deeply).",
    "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Your role may not do this.",
    "404": "Not found, or not yours to see.",
    "409": "The `version` you sent is stale: someone changed the record since; nothing changed.",
    "412": "The If-Match version is stale; nothing changed.",
    "413": "The body is larger than the server reads (files in a multipart upload are not counted).",
    "415": "The body's Content-Type is missing or not one this operation reads.",
}

LINK_HEADER = {
    "schema": {"type": "string"},
    "description": 'The `next` and `previous` pages, when there are any, as `<url>; rel="next", <url>; rel="prev"` '
    "(RFC 8288): the same URLs as in the body.",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = {"application/json": {"schema": self.resolve_serializer(ErrorResponseSerializer, "response").ref}}
        responses = operation["responses"]
        for code in self._shared_error_codes(operation):
            responses.setdefault(code, {"description": DESCRIPTIONS[code]})
        for code, response in responses.items():
            if code.startswith(("4", "5")) and not response.get("content"):
                response["content"] = error
        if self._is_list_view() and self._get_paginator() is not None and "200" in responses:
            responses["200"].setdefault("headers", {})["Link"] = LINK_HEADER
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        shown_as = getattr(field, "shown_as", None)
        if direction != "request" or shown_as is None or schema is None:
            return schema
        by_id = dict(schema)
        outer = {key: by_id.pop(key) for key in ("description", "nullable") if key in by_id}
        properties = {}
        for name, shown in force_instance(shown_as).fields.items():
            mapped = dict(super()._map_serializer_field(shown, "response"))
            mapped.pop("readOnly", None)
            properties[name] = mapped
        properties["id"] = by_id  # the id as the record's key, as an id alone is sent
        as_shown = {
            "type": "object",
            "description": "The record as GET shows it: `id` chooses it; the other keys, if sent, must match it.",
            "properties": properties,
            "required": ["id"],
            "additionalProperties": False,
        }
        return {"oneOf": [by_id, as_shown], **outer}

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        absent = getattr(force_instance(serializer), "sometimes_absent", ())
        if direction == "response" and absent and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in absent]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _shared_error_codes(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        writes = self.method not in SAFE_METHODS
        codes = ["401"]
        if writes:
            codes.append("403")
        if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
            codes.append("404")
        if writes or "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            codes.append("400")
        if "requestBody" in operation and self._takes_version():
            codes.append("409")
        if any(p["in"] == "header" and p["name"].lower() == "if-match" for p in parameters):
            codes.append("412")
        if "requestBody" in operation:
            codes += ["413", "415"]
        return codes

    def _takes_version(self) -> bool:
        request = self.get_request_serializer()
        candidates = request.values() if isinstance(request, dict) else [request]
        for candidate in candidates:
            version = force_instance(candidate).fields.get("version") if is_serializer(candidate) else None
            if version is not None and not version.read_only:
                return True
        return False
