"""Who may use the API at all: the token authentication and the permission asked of every
endpoint (REST_FRAMEWORK's defaults). Kept apart from `portal.api_support`, which imports DRF's
views: DRF reads these settings while importing them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from portal.tokens import api_token_find, api_token_touch

# "Token" is the keyword the API has always documented; "Bearer" is what many clients send.
KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`): a live token of an active account.

    Any other token is refused with 401, saying whether it is unknown, revoked or expired.
    """

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        try:
            key = parts[1].decode() if len(parts) == 2 else None
        except UnicodeDecodeError:
            key = None
        if not key:
            raise AuthenticationFailed(
                _("Send the header as “Authorization: Token” followed by a space and the key.")
            )
        token, now = api_token_find(key=key), timezone.now()
        if token is None:
            raise AuthenticationFailed(
                _("This API token is not known. Check it, or create a new one.")
            )
        if token.revoked_at is not None:
            raise AuthenticationFailed(
                _("This API token has been revoked. Create a new one."), code="token_revoked"
            )
        if token.expires_at <= now:
            raise AuthenticationFailed(
                _("This API token has expired. Create a new one."), code="token_expired"
            )
        if not token.user.is_active:
            raise AuthenticationFailed(
                _("This account has been deactivated."), code="account_inactive"
            )
        api_token_touch(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"  # a 401, not a 403, for a request without credentials


class PasswordChangeNotRequired(BasePermission):
    """A user whose password someone else chose uses the API only once they have changed it."""

    code = "password_change_required"
    message = _(
        "Your password was set by someone else. Sign in to the portal and change it on the "
        "password page, then use the API again."
    )

    def has_permission(self, request, view):
        return not getattr(request.user, "must_change_password", False)


class SecondFactorProved(BasePermission):
    """A browser session that still owes its second factor (`portal.second_factor`) gets no
    answer from the API either; a token was made with the second factor already."""

    code = "second_factor_required"
    message = _("Confirm your second factor in the browser first.")

    def has_permission(self, request, view):
        from django.conf import settings

        from portal.second_factor import session_owes

        if not settings.SECOND_FACTOR_ENFORCED or request.auth is not None:
            return True
        return not (request.user.is_authenticated and session_owes(request))
