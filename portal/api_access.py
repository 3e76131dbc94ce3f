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
