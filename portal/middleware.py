"""Every page requires sign-in, except those marked otherwise; a session proves its second
factor; a user whose password someone else chose changes it first; what a signed-in user is
shown is never kept by a browser or a proxy; the audit log knows the request and the refusals."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from portal.audit import audit_refusal, current_request
from portal.second_factor import ENROL, VERIFY, session_owes
from portal.sessions import ABSOLUTE, session_check

# The API answers 401/403 itself (DRF authentication), rather than redirecting to a login page.
API_PREFIXES = ("/api/v1/", "/api/schema/")


class AuditMiddleware:
    """Keeps the request being answered where the audit log's writer finds it (a service has
    none to pass), and records each refusal a view answered with 404 to a signed-in user.

    Only the views that were found raise here: an unknown address is no refusal. The API
    answers its own errors and records its refusals (`portal.api_support.exception_handler`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            audit_refusal(request)
        return None  # Django answers it as ever


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's login-required middleware, leaving the API to DRF's authentication."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(API_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PageGate:
    """A middleware that may send a signed-in user to another page before a view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    @staticmethod
    def send_to(request, url: str):
        """Redirect; for an htmx request, the whole page goes, not a fragment of it."""
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


class SecondFactorMiddleware(PageGate):
    """After the password, a session that owes its second factor (`portal.second_factor`) is
    sent to prove it, or to enrol one if the account needs one and has none, from every page
    but those steps, signing out and the pages that need no sign-in; the API refuses such a
    session itself (`portal.api_access.SecondFactorProved`)."""

    ALLOWED = frozenset({"logout", "admin:logout", "set_language", "otp_webauthn:js-i18n-catalog"})
    STEPS = {VERIFY: "second-factor-verify", ENROL: "second-factor"}
    # What each debt lets a session open besides: proving a factor, or enrolling the first one.
    OPEN = {
        VERIFY: frozenset(
            {
                "second-factor-verify",
                "otp_webauthn:credential-authentication-begin",
                "otp_webauthn:credential-authentication-complete",
            }
        ),
        ENROL: frozenset(
            {
                "second-factor",
                "second-factor-app",
                "second-factor-app-confirm",
                "otp_webauthn:credential-registration-begin",
                "otp_webauthn:credential-registration-complete",
            }
        ),
    }

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (settings.SECOND_FACTOR_ENFORCED and user and user.is_authenticated):
            return None
        owed = session_owes(request)
        match = request.resolver_match
        if (
            not owed
            or request.path_info.startswith(API_PREFIXES)
            or match.view_name in self.ALLOWED
            or match.view_name in self.OPEN[owed]
            or not getattr(view_func, "login_required", True)
        ):
            return None
        step = reverse(self.STEPS[owed])
        return self.send_to(request, f"{step}?{urlencode({'next': request.get_full_path()})}")


class PasswordChangeRequiredMiddleware(PageGate):
    """A user who must change their password (someone else chose it) is sent to the password
    page from every other page, until they do. They may still sign out, switch the language
    and open the pages that need no sign-in; the API refuses them itself
    (`portal.api_access.PasswordChangeNotRequired`)."""

    ALLOWED = frozenset(
        {"password_change", "password_change_done", "logout", "admin:logout", "set_language"}
    )

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.must_change_password):
            return None
        if (
            request.path_info.startswith(API_PREFIXES)
            or request.resolver_match.view_name in self.ALLOWED
            or not getattr(view_func, "login_required", True)
        ):
            return None
        return self.send_to(request, reverse("password_change"))


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
