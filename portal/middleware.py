"""Every page requires sign-in, except those marked otherwise; what a signed-in user is shown
is never kept by a browser or a proxy."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.cache import patch_cache_control

# The API answers 401/403 itself (DRF authentication), rather than redirecting to a login page.
API_PREFIXES = ("/api/v1/", "/api/schema/")


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, leaving the API to DRF's authentication."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(API_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivateResponseMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in user (pages, API
    answers, downloads), so that a shared computer's cache or a proxy keeps nothing of it; and
    the Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
