"""URLs of the portal: pages, admin, API and schema."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from portal import api, registry, second_factor_views, views
from portal.forms import LoginForm, OwnPasswordChangeForm

router = DefaultRouter()
router.register("procuratorates", api.ProcuratorateViewSet, basename="procuratorate")
router.register("notifications", api.NotificationViewSet, basename="notification")
for prefix, viewset, basename in registry.api_viewsets:  # the apps' (AppConfig.ready)
    router.register(prefix, viewset, basename=basename)

api_urls = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("documents/verify/", api.DocumentVerifyView.as_view(), name="document-verify"),
    *registry.api_paths,
    path("", include(router.urls)),
]

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        views.PasswordChangeView.as_view(form_class=OwnPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("notifications/", views.notification_inbox, name="inbox"),
    path("notifications/read-all/", views.notifications_read_all, name="inbox-read-all"),
    path("notifications/<int:pk>/open/", views.notification_open, name="inbox-open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="inbox-read"),
    path("shared-with-me/", views.shared_with_me, name="shared-with-me"),
    path("documents/verify/", views.document_verify, name="document-verify"),
    path("grants/<str:label>/<int:pk>/add/", views.grant_add, name="grant-add"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("signing-delegations/", views.signing_delegations, name="signing-delegations"),
    path("signoff/", views.signoff_inbox, name="signoff-inbox"),
    path("accounts/sessions/", views.my_sessions, name="my-sessions"),
    path("accounts/audit/", views.audit_log, name="audit-log"),
    path("accounts/audit/export.csv", views.audit_log_export, name="audit-log-export"),
    path("accounts/second-factor/", second_factor_views.second_factor_page, name="second-factor"),
    path(
        "accounts/second-factor/verify/",
        second_factor_views.second_factor_verify,
        name="second-factor-verify",
    ),
    path(
        "accounts/second-factor/app/",
        second_factor_views.second_factor_app_start,
        name="second-factor-app",
    ),
    path(
        "accounts/second-factor/app/confirm/",
        second_factor_views.second_factor_app_confirm,
        name="second-factor-app-confirm",
    ),
    path(
        "accounts/second-factor/recovery-codes/",
        second_factor_views.second_factor_recovery_codes,
        name="second-factor-recovery",
    ),
    path(
        "accounts/second-factor/<str:kind>/<int:pk>/remove/",
        second_factor_views.second_factor_remove,
        name="second-factor-remove",
    ),
    path("accounts/passkeys/", include("portal.passkeys")),
    path("", include("cases.urls")),
    path("library/", include("casebank.urls")),
    # The one public form (no sign-in): case leads from the public, and their receipt.
    path("leads/", include("casebank.leads.urls")),
    path("restorations/", include("cases.restorations.urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("cooperation.urls")),
    # One's own password has one page, the portal's (it clears the demand to change it).
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The docs are a page: a visitor who is not signed in is sent to the login page.
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

handler400 = "portal.api_support.bad_request"
handler404 = "portal.api_support.page_not_found"
handler500 = "portal.api_support.server_error"
