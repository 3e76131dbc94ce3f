"""Forms of the portal app."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordChangeForm,
)
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from portal import services, tokens
from portal.documents import check_upload
from portal.models import Procuratorate, User
from portal.sign_in_delay import refused_message, refused_wait
from portal.verification import check_pdf_upload


def style_fields(form: forms.BaseForm) -> forms.BaseForm:
    """Give a form's widgets Bootstrap's classes (the templates stay free of widget logic)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


class StyledForm(forms.Form):
    """A form whose widgets wear the portal's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


# Rows on a page of a list (requests, task forces, consultations, restorations, cases).
PER_PAGE = 20


class StatusFilterForm(forms.Form):
    """The filter above the lists."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"), required=False, choices=[("", _("Any status")), *choices]
        )
        style_fields(self)


class UploadForm(forms.Form):
    """One private document, chosen on a page (checked by `portal.documents.check_upload`)."""

    upload = forms.FileField(
        label=_("Document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class GrantForm(forms.Form):
    """The one person to share an object with, read only (`portal.grants.grant_view`).

    The page offers `choices` (those who do not see the object yet); a posted form accepts any
    person, so that the service says why one cannot have a grant rather than "not a choice".
    """

    grantee = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=User.objects.all(),
        empty_label=_("Choose a person…"),
        error_messages={
            "required": _("Choose the person to share with."),
            "invalid_choice": _("That person is not known here: choose one from the list."),
        },
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["grantee"]
        if choices is not None:
            field.queryset = choices
        field.label_from_instance = lambda person: f"{person.procuratorate} · {person}"
        style_fields(self)


def date_input(label, *, required: bool = True) -> forms.DateField:
    """A date field shown as the browser's date picker."""
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def error_messages(error: ValidationError) -> dict[str | None, list[str]]:
    """A service's errors by the field they name (None: the form as a whole)."""
    if not hasattr(error, "error_dict"):
        return {None: error.messages}
    return dict(error.message_dict)


def add_errors(error: ValidationError, form: forms.BaseForm, *, elsewhere=None) -> None:
    """Show a service's errors next to the fields they name, the others above the form.

    `elsewhere(key)` may send a key to another form of the page: it returns (form, field), or
    None to leave the key to `form`.
    """
    for key, messages in error_messages(error).items():
        target = elsewhere(key) if elsewhere and key else None
        target_form, field = target or (form, key if key in form.fields else None)
        for message in messages:
            target_form.add_error(field, message)


class DelayedSignInMixin:
    """Say how long to wait when the attempt came during the sign-in delay (the backend
    refused it without checking the password), instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if wait := refused_wait(self.request):
                raise forms.ValidationError(refused_message(wait), code="throttled") from None
            raise


class LoginForm(DelayedSignInMixin, AuthenticationForm):
    """The portal's sign-in form."""


class AdminLoginForm(DelayedSignInMixin, AdminAuthenticationForm):
    """The admin site's sign-in form, under the same delay."""


def chosen_password(form: forms.BaseForm) -> str | None:
    """The password an admin form sets, or None when password sign-in is switched off."""
    return form.cleaned_data["password1"] if form.cleaned_data["set_usable_password"] else None


class AdminPasswordAssignForm(AdminPasswordChangeForm):
    """The admin's password form, only ever for someone else's account: the password chosen
    here must be changed by its user at their next sign-in."""

    def save(self, commit=True):
        services.user_password_assign(user=self.user, password=chosen_password(self))
        return self.user


class AdminUserAddForm(AdminUserCreationForm):
    """The admin's new-user form; the admin saves the password chosen here through
    `services.user_password_assign` (the new user changes it at their first sign-in)."""

    def set_password_and_save(self, user, commit=True, **kwargs):
        return user


class OwnPasswordChangeForm(PasswordChangeForm):
    """A user's own new password (the portal's password page): it clears the demand to change
    a password someone else chose."""

    def save(self, commit=True):
        services.user_password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


def check_seal_image(upload) -> None:
    """A seal is a PNG image of a sane size that really is one (the upload check, then Pillow)."""
    from PIL import Image, UnidentifiedImageError

    try:
        check_upload(upload)
    except ValidationError as error:
        raise ValidationError(error.message_dict["upload"]) from None
    if not upload.name.lower().endswith(".png"):
        raise ValidationError(_("The seal must be a PNG image."))
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not a PNG image that can be read.")) from None
    finally:
        upload.seek(0)


class ProcuratorateAdminForm(forms.ModelForm):
    """The admin's procuratorate form: its seal image is checked like every upload."""

    class Meta:
        model = Procuratorate
        fields = [
            "code",
            "name_zh",
            "name_en",
            "short_name",
            "level",
            "parent",
            "province",
            "address",
            "phone",
            "seal",
            "signoff_review",
        ]
        # No link to the stored file: seals are private and served by no URL.
        widgets = {"seal": forms.FileInput(attrs={"accept": "image/png"})}

    def clean_seal(self):
        """Only a real PNG becomes the seal; a form sent without a file keeps the old one."""
        seal = self.cleaned_data.get("seal")
        if isinstance(seal, UploadedFile):
            check_seal_image(seal)
        return seal


class VerifyForm(StyledForm):
    """Which document to verify: an uploaded PDF, or the number of an issued document."""

    upload = forms.FileField(
        label=_("PDF file"), required=False, widget=forms.FileInput(attrs={"accept": ".pdf"})
    )
    number = forms.CharField(
        label=_("or its document number"),
        required=False,
        max_length=40,
        help_text=_("For example 甘检协〔2026〕12号."),
    )

    def clean_upload(self):
        """An upload must be a PDF of a bounded size."""
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            check_pdf_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("upload") and not cleaned.get("number", "").strip():
            raise ValidationError(_("Choose a PDF file or give a document number."))
        return cleaned


class ApiTokenForm(StyledForm):
    """A new API token: what it is for and how many days it lasts (`portal.tokens`)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=tokens.NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. “case-system sync”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.API_TOKEN_MAX_DAYS  # read now: the settings may change under tests
        self.fields["days"] = forms.IntegerField(
            label=_("Days"),
            min_value=1,
            max_value=most,
            initial=settings.API_TOKEN_DAYS,
            help_text=_("How many days it lasts: at most %(days)d.") % {"days": most},
        )
        style_fields(self)


class SigningDelegationForm(StyledForm):
    """The chief lends signing to a colleague for a period (签发 in the chief's absence)."""

    delegate = forms.ModelChoiceField(label=_("Deputy who signs"), queryset=User.objects.none())
    valid_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, chief, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = (
            User.objects.filter(procuratorate=chief.procuratorate_id, is_active=True)
            .exclude(pk=chief.pk)
            .order_by("username")
        )
