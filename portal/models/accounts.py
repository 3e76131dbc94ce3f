"""Procuratorates, users and roles, and the sign-in lockout."""

from functools import cache, cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language, gettext_lazy as _

from portal.storage import private_storage


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
    DEPARTMENT_HEAD = "department_head", _("Department head")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that see what their subordinate procuratorates see (the hierarchy rule).
SUPERVISING_ROLES = frozenset({Role.LIAISON, Role.CHIEF, Role.ADMINISTRATOR})
# Roles that manage the user accounts of their procuratorate and its subordinates.
USER_MANAGER_ROLES = frozenset({Role.LIAISON, Role.ADMINISTRATOR})
# Roles only administrators give; the accounts holding them only administrators manage.
ADMINISTRATOR_GIVEN_ROLES = frozenset({Role.CHIEF, Role.ADMINISTRATOR})


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
    # Unique: two procuratorates with one abbreviation would issue the same numbers.
    short_name = models.CharField(
        _("document-number abbreviation"),
        max_length=10,
        unique=True,
        error_messages={
            "unique": _(
                "Another procuratorate already uses this abbreviation: its document numbers "
                "would be the same. Choose the one this procuratorate customarily uses."
            )
        },
        help_text=_(
            "The issuer's abbreviation in document numbers, e.g. 甘 in 甘检协〔2026〕12号, 兰 for "
            "兰州市, 西宁 for 西宁市 (西 is 西安's). No two procuratorates share one."
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
    seal = models.FileField(
        _("seal image"),
        storage=private_storage,
        upload_to="seals/",
        blank=True,
        help_text=_(
            "A PNG of the procuratorate's seal, with a transparent background; stamped on the "
            "documents it issues."
        ),
    )
    signoff_review = models.BooleanField(
        _("documents are reviewed before signature"),
        default=True,
        help_text=_(
            "The 核稿 step of sign-off: a department head (or the liaison officer) reviews a "
            "draft before the chief signs it off. Switched off, drafts go straight to the chief."
        ),
    )

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
            models.CheckConstraint(
                condition=~models.Q(short_name=""),
                name="procuratorate_has_abbreviation",
                violation_error_message=_("Give the abbreviation used in document numbers."),
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
        """The abbreviation used in document numbers (unique among procuratorates)."""
        return self.short_name

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
    must_change_password = models.BooleanField(
        _("must change password at next sign-in"),
        default=False,
        help_text=_(
            "Set when someone else chose the password; cleared when the person sets their own."
        ),
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


def role_names(roles) -> str:
    """Translated names of these role codes, in the order of `Role`; "none" for none."""
    return ", ".join(str(role.label) for role in Role if role in roles) or str(_("none"))


class RoleChange(models.Model):
    """A change of a user's roles: those held before and after, who changed them and when.

    Rows are written by `portal.services.user_roles_set` and never changed.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_changes"
    )
    roles_before = models.JSONField(_("roles before"), default=list)
    roles_after = models.JSONField(_("roles after"), default=list)
    changed_by = models.ForeignKey(
        User, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.summary}"

    @property
    def summary(self) -> str:
        """The roles before and after by name, in the active language: "A → A, B"."""
        return f"{role_names(self.roles_before)} → {role_names(self.roles_after)}"


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
