"""Every page requires sign-in, except those marked otherwise; what a signed-in user is shown
is never kept by a browser or a proxy."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from portal.sessions import ABSOLUTE, session_check

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


class SessionLimitsMiddleware:
    """A signed-in browser session ends after its idle time or its absolute limit
    (`portal.sessions`); the next page then asks to sign in again and says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = session_check(request)
            if ended == ABSOLUTE:
                messages.info(
                    request, _("Your session has reached its time limit. Please sign in again.")
                )
            elif ended:
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity.")
                    % {"minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)},
                )
        return self.get_response(request)
