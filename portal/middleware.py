"""Every page requires sign-in, except those marked otherwise."""

from django.contrib.auth.middleware import LoginRequiredMiddleware

# The API answers 401/403 itself (DRF authentication), rather than redirecting to a login page.
API_PREFIXES = ("/api/v1/", "/api/schema/")


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, leaving the API to DRF's authentication."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(API_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
