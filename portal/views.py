"""Pages of the portal app: home, notifications, read grants, signing delegations, sessions,
the audit log, health."""

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal import grants, services, sessions, verification
from portal.audit import export_record
from portal.audit_log import (
    PER_PAGE as AUDIT_PER_PAGE,
    AuditFilterForm,
    audit_csv_lines,
    audit_entry_list,
    audit_entry_policy,
)
from portal.forms import GrantForm, SigningDelegationForm, VerifyForm, add_errors
from portal.permissions import notification_policy
from portal.selectors import notification_list
from portal.signoff import (
    REVIEWER,
    documents_awaiting,
    may_delegate_signing,
    signing_delegation_create,
    signing_delegation_list,
)

NOTIFICATIONS_PER_PAGE = 25


def home(request):
    """The start page: who the user is, for which procuratorate, and where to go."""
    return render(request, "portal/home.html")


def notification_inbox(request):
    """The user's notifications, newest first, unread ones marked."""
    page = Paginator(notification_list(user=request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notifications.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    """Mark a notification read and go to what it is about."""
    notification = notification_policy.get_or_404(request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("inbox")


@require_POST
def notification_read(request, pk: int):
    """Mark one notification read and stay in the inbox."""
    notification = notification_policy.get_or_404(request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.htmx:
        notification.refresh_from_db(fields=["read_at"])
        return render(request, "portal/partials/notification_item.html", {"n": notification})
    return redirect("inbox")


@require_POST
def notifications_read_all(request):
    """Mark all of the user's notifications read."""
    count = services.notifications_mark_all_read(user=request.user)
    message = ngettext(
        "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
    )
    messages.success(request, message % {"count": count})
    return redirect("inbox")


@require_POST
def grant_add(request, label: str, pk: int):
    """Share one object with one person, read only; back to the object, saying how it went."""
    obj = grants.object_to_share(user=request.user, label=label, pk=pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        grantee = form.cleaned_data["grantee"]
        try:
            grants.grant_view(user=request.user, obj=obj, grantee=grantee)
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(
                request,
                _("%(object)s is now shared with %(name)s, read only.")
                % {"object": obj, "name": grantee.get_full_name()},
            )
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)
    return redirect(obj)


@require_POST
def grant_revoke(request, pk: int):
    """Take back a read grant; back to the object, saying how it went."""
    grant, obj = grants.grant_to_revoke(user=request.user, pk=pk)
    try:
        grant = grants.revoke_grant(user=request.user, grant=grant)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s can no longer read %(object)s.")
            % {"name": grant.grantee.get_full_name(), "object": obj},
        )
    return redirect(obj)


def shared_with_me(request):
    """What others have shared with the user, read only: each object with who shared it."""
    return render(request, "portal/shared_with_me.html", {"grants": grants.grants_to(request.user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; a new password also signs the user's other sessions out at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.sessions_end(
            user=self.request.user, keep=self.request.session.get(sessions.RECORDED_KEY)
        )
        return response


def my_sessions(request):
    """Where the user is signed in, this browser first; sign one or all of the others out."""
    current = request.session.session_key
    if request.method == "POST":
        pk = request.POST.get("session")
        ended = services.user_sessions_end(
            user=request.user, keep=current, pk=int(pk) if pk and pk.isdigit() else None
        )
        messages.success(
            request,
            ngettext(
                "%(count)d other session was signed out.",
                "%(count)d other sessions were signed out.",
                ended,
            )
            % {"count": ended},
        )
        return redirect("my-sessions")
    listed = sorted(
        sessions.live_sessions(user=request.user), key=lambda row: row.session_key != current
    )
    return render(request, "portal/my_sessions.html", {"sessions": listed, "current": current})


def audit_filters(request) -> AuditFilterForm:
    """The audit log's filter form for this request; 404 to those who read no entry."""
    if not audit_entry_policy.allows(request.user, "view"):
        raise Http404
    return AuditFilterForm(request.GET, user=request.user)


@require_GET
def audit_log(request):
    """The audit log of the procuratorates the user reads, filtered, newest first."""
    form = audit_filters(request)
    valid = form.is_valid()
    entries = audit_entry_list(user=request.user, filters=form.cleaned_data if valid else None)
    page = Paginator(entries if valid else entries.none(), AUDIT_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "portal/audit_log.html", context, status=200 if valid else 400)


@require_GET
def audit_log_export(request):
    """The filtered entries as CSV (UTF-8 with a byte-order mark, Beijing times); the export
    is itself recorded."""
    form = audit_filters(request)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    entries = audit_entry_list(user=request.user, filters=form.cleaned_data)
    filename = f"audit-log-{timezone.localtime():%Y%m%d-%H%M}.csv"
    export_record(user=request.user, detail=f"{filename} ?{request.GET.urlencode()}")
    response = StreamingHttpResponse(
        audit_csv_lines(entries), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def signoff_inbox(request):
    """待我审核/签发: every document waiting for the user's review or signature, of every kind."""
    return render(
        request,
        "portal/signoff_inbox.html",
        {"documents": documents_awaiting(user=request.user), "REVIEWER": REVIEWER},
    )


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness for the load balancer: the database and, when configured, Redis."""
    checks, healthy = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"], healthy = "unavailable", False
    if settings.REDIS_URL:
        try:
            redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
            ).ping()
            checks["redis"] = "ok"
        except redis.RedisError:
            checks["redis"], healthy = "unavailable", False
    else:
        checks["redis"] = "not configured"
    checks["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(checks, status=200 if healthy else 503)


def document_verify(request):
    """Verify a document's signature: upload a PDF, or give (or follow a link with) a number."""
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    else:
        form = VerifyForm(request.GET if request.GET.get("number") else None)
    result, status = None, 200
    if form.is_bound and form.is_valid():
        try:
            if form.cleaned_data["upload"]:
                result = verification.verify_upload(
                    user=request.user, upload=form.cleaned_data["upload"]
                )
            else:
                result = verification.verify_number(
                    user=request.user, number=form.cleaned_data["number"]
                )
        except Http404:
            form.add_error(
                "number", _("No issued document with this number was found among yours.")
            )
            status = 404
    elif form.is_bound:
        status = 400
    return render(request, "portal/verify.html", {"form": form, "result": result}, status=status)


def signing_delegations(request):
    """The chief's page: lend signing to a deputy for a period, and see who signs when."""
    if not may_delegate_signing(request.user):
        raise PermissionDenied(_("Only the chief procurator may delegate signing."))
    delegations = signing_delegation_list(user=request.user)
    form = SigningDelegationForm(request.POST or None, chief=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signing_delegation_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(error, form)
        else:
            messages.success(request, _("Signing delegated."))
            return redirect("signing-delegations")
    return render(
        request,
        "portal/signing_delegations.html",
        {"form": form, "delegations": delegations, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )
