"""Who may use the API at all, asked of every endpoint (REST_FRAMEWORK's default permission
classes, beside `IsAuthenticated`). Kept apart from `portal.api_support`, which imports DRF's
views: DRF reads this setting while importing them."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


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
