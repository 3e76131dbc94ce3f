"""The second-factor pages: prove it after the password, enrol an app or a passkey, keep
recovery codes, remove a factor."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from portal import second_factor
from portal.forms import StyledForm


class CodeForm(StyledForm):
    """A six-digit code from the app, or a recovery code."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AppConfirmForm(CodeForm):
    """The first code of an app being enrolled, and what to call it."""

    name = forms.CharField(
        label=gettext_lazy("Name of the device"),
        max_length=64,
        required=False,
        help_text=gettext_lazy("For example “office phone”."),
    )


def factors_locked(view):
    """A session that has not proved its factor yet changes none (a stolen password must not
    enrol a factor of its own or read new recovery codes), whatever the middleware lets by."""

    def wrapped(request, *args, **kwargs):
        if second_factor.session_owes(request) == second_factor.VERIFY:
            return redirect("second-factor-verify")
        return view(request, *args, **kwargs)

    return wraps(view)(wrapped)


def safe_next(request) -> str:
    """Where to go after the second step: the `next` asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed else "/"


def second_factor_verify(request):
    """The second step of the sign-in: a code from the app, a recovery code, or a passkey."""
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if second_factor.second_factor_check(request, code=form.cleaned_data["code"]):
            return redirect(safe_next(request))
        form.add_error("code", _("The code is wrong or has expired. Try the next one."))
    context = {
        "form": form,
        "next": safe_next(request),
        "factors": second_factor.factors_of(user=request.user),
        "demo_code": second_factor.demo_code(user=request.user),
    }
    return render(request, "registration/second_factor_verify.html", context)


@factors_locked
def second_factor_page(request, *, form=None, codes=None, status=200):
    """The user's factors: apps, passkeys, recovery codes; an app being enrolled."""
    user = request.user
    pending = second_factor.totp_pending(user=user)
    context = {
        "factors": second_factor.factors_of(user=user),
        "required": second_factor.second_factor_required(user=user),
        "pending": pending,
        "qr": pending and second_factor.totp_qr_svg(pending),
        "secret": pending and second_factor.totp_secret(pending),
        "form": form or AppConfirmForm(),
        "codes": codes,
    }
    return render(request, "registration/second_factor.html", context, status=status)


@factors_locked
@require_POST
def second_factor_app_start(request):
    """Begin enrolling an authenticator app: the page then shows its QR code."""
    second_factor.totp_start(user=request.user)
    return redirect("second-factor")


@factors_locked
@require_POST
def second_factor_app_confirm(request):
    """Confirm the app with its first code; the first factor brings the recovery codes."""
    form, pending = AppConfirmForm(request.POST), second_factor.totp_pending(user=request.user)
    if pending is None:
        return redirect("second-factor")
    if form.is_valid():
        codes = second_factor.totp_confirm(
            request, device=pending, code=form.cleaned_data["code"], name=form.cleaned_data["name"]
        )
        if codes is not None:
            messages.success(request, _("The authenticator app is enrolled."))
            return second_factor_page(request, codes=codes)
        form.add_error("code", _("The code is wrong or has expired. Try the next one."))
    return second_factor_page(request, form=form, status=400)


@factors_locked
@require_POST
def second_factor_recovery_codes(request):
    """New recovery codes, shown once; the old ones stop working."""
    if not second_factor.second_factor_enrolled(user=request.user):
        return redirect("second-factor")
    return second_factor_page(request, codes=second_factor.recovery_codes_issue(request))


@factors_locked
@require_POST
def second_factor_remove(request, kind: str, pk: int):
    """Remove one of the user's apps or passkeys."""
    try:
        second_factor.second_factor_remove(request, kind=kind, pk=pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The second factor was removed."))
    return redirect("second-factor")
