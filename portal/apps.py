from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from portal.audit import audit_signed_in, audit_signed_out
        from portal.grant_tables import watch_grant_tables
        from portal.second_factor import second_factor_signed_in
        from portal.sessions import session_signed_in

        watch_grant_tables()
        # Every sign-in (the login page, the admin's, a test's force_login) starts the session's
        # limits and writes where it comes from.
        user_logged_in.connect(session_signed_in, dispatch_uid="portal-session-signed-in")
        # ... and notes whether the session still owes a second factor.
        user_logged_in.connect(second_factor_signed_in, dispatch_uid="portal-second-factor-owed")
        user_logged_in.connect(audit_signed_in, dispatch_uid="portal-audit-signed-in")
        user_logged_out.connect(audit_signed_out, dispatch_uid="portal-audit-signed-out")
