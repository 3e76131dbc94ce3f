"""The OpenAPI schema of the portal's API (drf-spectacular), with the errors it answers."""

# Apart from api_support, which the API settings import: spectacular's AutoSchema reads them.
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

from portal.api_support import ErrorSerializer

URI_TOO_LONG = {
    "description": "URI Too Long: the query string is longer than the web server accepts.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The portal's API tokens, in the schema under the name DRF's tokens had."""

    target_class = "portal.api_access.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A named, expiring API token (POST /api/v1/auth/token/), sent as "
                "`Token <key>` (or `Bearer <key>`)."
            ),
        }


class PortalAutoSchema(AutoSchema):
    """The schema names every error an operation can answer, each in the one error shape."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_status_codes():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    ErrorSerializer, str(code), direction=direction
                )
        if self.method == "GET" and self._is_list_view():
            # Filters make a long query string; one past the web server's limit on the request
            # line (gunicorn's 4094 bytes) is refused by the server itself, as an HTML page.
            responses.setdefault("414", URI_TOO_LONG)
        return responses

    def error_status_codes(self) -> list[int]:
        """What the portal's conventions answer here, beyond what the view documents itself."""
        codes = set()
        has_body = self.method in ("POST", "PUT", "PATCH")
        is_list = self.method == "GET" and self._is_list_view()
        if has_body or is_list:
            codes.add(400)  # a field, a filter or the body refused
        if has_body:
            codes.add(413)  # a body over the limit
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes.update((401, 403))  # not signed in; a role that may not act
        if "{" in self.path or is_list:
            codes.add(404)  # an object one may not see; a page past the last
        if self.view.get_throttles():
            codes.add(429)
        action = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        if getattr(action, "idempotent", False):
            codes.add(422)  # an Idempotency-Key sent again with another body
        return sorted(codes)
