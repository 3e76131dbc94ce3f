"""Procuratorates, users, roles, sign-in lockout and notifications."""

from functools import cache, cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language, gettext, gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


@cache
def choice_labels(field: models.Field) -> dict:
    """A field's choices as value: label, built once; labels stay lazy (translated when shown)."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class ChoiceLabels:
    """A model mixin: `get_FOO_display()` reads the choices from a dict built once per field.

    Django rebuilds that dict on every call, hashing each lazy label (one translation lookup
    per choice), so a list of twenty requests spent a tenth of its time naming statuses and
    categories. The answer is the same: the label in the active language, else the value.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)


class Province(models.TextChoices):
    """The six member procuratorates, in signing order (the default rotation order)."""

    GANSU = "GS", _("Gansu")
    SHAANXI = "SN", _("Shaanxi")
    QINGHAI = "QH", _("Qinghai")
    NINGXIA = "NX", _("Ningxia")
    XINJIANG = "XJ", _("Xinjiang")
    XPCC = "BT", _("Xinjiang Production and Construction Corps")


class Role(models.TextChoices):
    """Roles are auth groups named by these codes; a user may hold several."""

    PROSECUTOR = "prosecutor", _("Prosecutor")
    LIAISON = "liaison", _("Liaison officer")
    CHAIR = "chair", _("Chair-office staff")
    RESEARCHER = "researcher", _("Legal researcher")
    CHIEF = "chief", _("Chief procurator")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see what their subordinate procuratorates see (the hierarchy rule).
SUPERVISING_ROLES = frozenset({Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})
# Roles that manage the user accounts of their procuratorate and its subordinates.
USER_MANAGER_ROLES = frozenset({Role.LIAISON, Role.ADMINISTRATOR})


class CaseCategory(models.TextChoices):
    """The one taxonomy of case categories shared by requests, cases and statistics (§4-9)."""

    VIOLENT_TERRORISM = "violent_terrorism", _("Violent terrorism")
    ORGANIZED_CRIME = "organized_crime", _("Organized and gang crime")
    DRUGS = "drugs", _("Drug crime")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    FOOD_DRUG_SAFETY = "food_drug_safety", _("Food and drug safety")
    ROAD_TRAFFIC = "road_traffic", _("Road traffic")
    RAILWAY_TRANSPORT = "railway_transport", _("Railway transport")
    PRODUCTION_SAFETY = "production_safety", _("Production safety")
    ILLEGAL_FUNDRAISING = "illegal_fundraising", _("Illegal fund-raising")
    PYRAMID_SELLING = "pyramid_selling", _("Online pyramid selling")
    INSIDER_TRADING = "insider_trading", _("Insider trading")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    ECOLOGY = "ecology", _("Ecological environment and resources")
    NATURE_RESERVES = "nature_reserves", _("Nature reserves and wildlife")
    CULTURAL_RELICS = "cultural_relics", _("Cultural relics")
    RED_CULTURE = "red_culture", _("Red cultural resources")
    CIVIL_ADMINISTRATIVE = "civil_administrative", _("Civil and administrative supervision")
    PUBLIC_INTEREST = "public_interest", _("Public-interest litigation")
    JUVENILE = "juvenile", _("Juvenile cases")


class Procuratorate(models.Model):
    """A procuratorate of the tree below one of the six member provinces."""

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial")
        PREFECTURE = "prefecture", _("Prefecture / city")
        COUNTY = "county", _("County")
        XPCC_BRANCH = "xpcc_branch", _("XPCC branch")
        BASIC = "basic", _("Basic")

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Short unique code, e.g. GS or GS-LZ.")
    )
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200)
    short_name = models.CharField(
        _("document-number abbreviation"),
        max_length=10,
        blank=True,
        help_text=_(
            "The issuer's abbreviation in document numbers, e.g. 甘 in 甘检协〔2026〕12号."
        ),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent procuratorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    province = models.CharField(
        _("member province"),
        max_length=2,
        choices=Province.choices,
        db_index=True,
        help_text=_("The member province this procuratorate belongs to."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("procuratorate")
        verbose_name_plural = _("procuratorates")
        ordering = ["province", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level="provincial", parent__isnull=True)
                    | (~models.Q(level="provincial") & models.Q(parent__isnull=False))
                ),
                name="procuratorate_provincial_iff_root",
                violation_error_message=_(
                    "A provincial procuratorate has no parent; every other one has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if translation_is_english() else self.name_zh

    @property
    def abbreviation(self) -> str:
        """The abbreviation used in document numbers (the first character by default)."""
        return self.short_name or self.name_zh[:1]

    def clean(self):
        if self.parent_id and self.parent.province != self.province:
            raise ValidationError(
                {"parent": _("The parent must belong to the same member province.")}
            )


def translation_is_english() -> bool:
    """Whether the active language is English (names are kept in both languages)."""
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


class User(AbstractUser):
    """A person who acts for one procuratorate."""

    procuratorate = models.ForeignKey(
        Procuratorate,
        verbose_name=_("procuratorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The procuratorate this person acts for."),
    )
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language for e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """The codes of the roles (groups) this user holds."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        """Whether the user holds any of these roles."""
        return bool(self.roles.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        """Translated names of the user's roles, in the order of `Role`."""
        return [role.label for role in Role if role in self.roles]


class LoginFailure(models.Model):
    """Failed sign-ins counted per user name; too many lock that name for a while."""

    username = models.CharField(_("user name"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self) -> str:
        return self.username


class DocumentDownload(models.Model):
    """Who downloaded which private document, of any app, and when: the portal's one log.

    Each private document declares `downloads = download_log("its_name")`, so that
    `document.downloads` lists its downloads and the log filters by it (`letter__request=…`).
    """

    document_type = models.ForeignKey(
        ContentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    document_id = models.PositiveBigIntegerField(_("document id"))
    document = GenericForeignKey("document_type", "document_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    downloaded_at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-downloaded_at", "-id"]
        indexes = [
            models.Index(fields=["document_type", "document_id"], name="download_document_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.downloaded_at:%Y-%m-%d %H:%M}"


def download_log(query_name: str) -> GenericRelation:
    """The downloads of a private document, in the one log; deleted with the document."""
    return GenericRelation(
        DocumentDownload,
        content_type_field="document_type",
        object_id_field="document_id",
        related_query_name=query_name,
    )


class TimelineEvent(models.Model):
    """One step in the life of an object of any app: who did what, when, with a comment. Each
    model adds the object it belongs to (`related_name="events"`) and what else it records."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class PrivateDocument(models.Model):
    """An upload of any app, kept out of every public URL: each model adds its `file` (with its
    folder), its parent and `downloads = download_log(name)`; `portal.documents` checks the
    upload, gives these fields (`stored_upload`) and logs every download."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class IssuedDocument(models.Model):
    """A PDF the portal issues (a letter, a notice, a decision record): written as a pending row
    in the change's transaction, rendered after the commit by `portal.pdf.issue_pdf_once`, then
    frozen. Each model adds its `file` (with its folder) and `downloads = download_log(name)`."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")

    number = models.CharField(_("document number"), max_length=40)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.number


class IdempotencyKey(models.Model):
    """The first answer to an API create sent with an `Idempotency-Key`, kept for a day.

    A client that did not hear the answer (a dropped connection) sends the same key and body
    again and gets this answer back, instead of creating a second object.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(
        _("request fingerprint"), max_length=64, help_text=_("SHA-256 of the path and the body.")
    )
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response = models.JSONField(_("response"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """An in-app notice to one user, with the state of its e-mail copy."""

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent (no address or not wanted)")
        FAILED = "failed", _("Failed")
        DIGEST = "digest", _("Waiting for the daily digest")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(
        _("message"),
        max_length=255,
        help_text=_("English source text, translated when shown; may hold %(name)s placeholders."),
    )
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(
        _("e-mail claimed at"),
        null=True,
        blank=True,
        help_text=_("When a worker took the e-mail to send it; a recent claim is not sent again."),
    )
    email_message_id = models.CharField(
        _("e-mail Message-ID"),
        max_length=255,
        blank=True,
        help_text=_("Kept from the first attempt, so a copy sent again is the same message."),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
            models.Index(fields=["email_state", "created_at"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The message in the active language, with its parameters filled in."""
        text = gettext(self.verb)
        try:
            return text % self.params if self.params else text
        except (KeyError, TypeError, ValueError):
            # A translation that lost a placeholder must not break the inbox.
            return self.verb % self.params


# Direct foreign-key tables for django-guardian's per-object grants on guarded models.
class ProcuratorateUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Procuratorate, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("procuratorate grant to a user")
        verbose_name_plural = _("procuratorate grants to users")


class ProcuratorateGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Procuratorate, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("procuratorate grant to a group")
        verbose_name_plural = _("procuratorate grants to groups")


class UserUserObjectPermission(UserObjectPermissionBase):
    # Named apart from the base's `user` foreign key, which points at the same model.
    content_object = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_user_grants"
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("user-account grant to a user")
        verbose_name_plural = _("user-account grants to users")


class UserGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_group_grants"
    )

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("user-account grant to a group")
        verbose_name_plural = _("user-account grants to groups")
