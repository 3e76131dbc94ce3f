"""Authentication backend that slows down repeated failures and records every failed sign-in."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portal.audit import audit_record
from portal.models import AuditEntry
from portal.sessions import client_address
from portal.sign_in_delay import (
    REFUSED_WAIT,
    sign_in_attempt,
    sign_in_failure_record,
    sign_in_success_record,
)


class DelayedModelBackend(ModelBackend):
    """Django's model backend behind the growing delay of `portal.sign_in_delay`.

    Every way in (login page, admin, API token) authenticates through here, so the delay holds
    for all of them. An attempt made during the wait is refused without checking the password
    (its wait is left on the request for the form or API to say); a failed password is counted
    and recorded. Model-level permissions never answer for an object (ModelBackend returns
    nothing when given one), so they cannot open a row.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = (
            user_model._default_manager.select_related("procuratorate")
            .filter(**{user_model.USERNAME_FIELD: username})
            .first()
        )
        address = client_address(request) if request is not None else None
        attempt = sign_in_attempt(username=username, address=address, user=user)
        if attempt.wait:
            if request is not None:
                setattr(request, REFUSED_WAIT, attempt.wait)
            self.record(AuditEntry.Action.SIGN_IN_THROTTLED, request, username, user, attempt)
            return None
        if user is None:
            # Run the hasher once, as for an existing user, so that time tells nothing (#20760).
            user_model().set_password(password)
        elif user.check_password(password) and self.user_can_authenticate(user):
            sign_in_success_record(attempt=attempt)
            return user
        sign_in_failure_record(attempt=attempt)
        self.record(AuditEntry.Action.SIGN_IN_FAILED, request, username, user, attempt)
        return None

    @staticmethod
    def record(action, request, username, user, attempt) -> None:
        """The audit entry of a refused or failed attempt, in the named user's procuratorate."""
        throttled = action == AuditEntry.Action.SIGN_IN_THROTTLED
        audit_record(
            action,
            request=request,
            username=username,
            target=user,
            outcome=AuditEntry.Outcome.REFUSED if throttled else AuditEntry.Outcome.FAILURE,
            procuratorate=getattr(user, "procuratorate", None),
            detail=f"wait {attempt.wait} s" if throttled else "",
        )

    def get_user(self, user_id):
        """The signed-in user with their procuratorate, which every page names: one query."""
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("procuratorate").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
