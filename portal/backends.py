"""Authentication backend that refuses locked user names and counts failures."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portal.services import login_failure_record, login_failures_clear, login_locked_until


class LockoutModelBackend(ModelBackend):
    """Django's model backend behind the per-name lockout.

    Every way in (login page, admin, API token) authenticates through here, so the lock holds
    for all of them. Model-level permissions never answer for an object (ModelBackend returns
    nothing when given one), so they cannot open a row.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        if login_locked_until(username=username):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username)
        else:
            login_failures_clear(username=username)
        return user

    def get_user(self, user_id):
        """The signed-in user with their procuratorate, which every page names: one query."""
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("procuratorate").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
