"""Passkeys (WebAuthn, django-otp-webauthn) as a second factor: the package's ceremonies, with
each enrolment and each verification of a session written to the audit log."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views

from portal.audit import Action, audit_record
from portal.second_factor import OWED_KEY

app_name = "otp_webauthn"  # the name the package's scripts and template tags look up


class Ceremony:
    """The browser's steps of a ceremony, not part of the documented API."""

    schema = None


class PasskeyRegistrationBegin(Ceremony, views.BeginCredentialRegistrationView):
    pass


class PasskeyAuthenticationBegin(Ceremony, views.BeginCredentialAuthenticationView):
    pass


class PasskeyRegistrationComplete(Ceremony, views.CompleteCredentialRegistrationView):
    """A new passkey is saved: recorded, and the session (if enrolling) owes nothing more."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        self.request.session[OWED_KEY] = None
        audit_record(Action.SECOND_FACTOR_ENROLLED, request=self.request, detail="passkey")
        return response


class PasskeyAuthenticationComplete(Ceremony, views.CompleteCredentialAuthenticationView):
    """A passkey proves the signed-in user's second step (never a way in on its own)."""

    def complete_auth(self, device):
        super().complete_auth(device)
        self.request.session[OWED_KEY] = None


urlpatterns = [
    path(
        "registration/begin/",
        PasskeyRegistrationBegin.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        PasskeyRegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        PasskeyAuthenticationBegin.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        PasskeyAuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
