"""Reading the audit log: who reads which entries, the filters of its page, and its CSV.

Liaison officers read the entries of the procuratorates whose accounts they manage (their own
and those below it, as in `portal.accounts`); administrators and superusers read every entry,
those of no procuratorate too (a failed sign-in under an unknown name); nobody else reads any.
"""

import csv
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import style_fields
from portal.models import AuditEntry, Procuratorate, Role, User
from portal.permissions import PermissionPolicy
from portal.scope import procuratorate_scope_ids

BEIJING = ZoneInfo("Asia/Shanghai")
PER_PAGE = 50
CSV_COLUMNS = [
    _("Time (Beijing)"),
    _("User name"),
    _("Procuratorate"),
    _("Event"),
    _("Outcome"),
    _("Network address"),
    _("Browser"),
    _("Target"),
    _("Detail"),
]


class AuditEntryPolicy(PermissionPolicy):
    """The audit log is read ("view") only; nobody changes an entry."""

    def role_allows(self, user, action):
        return action == "view" and user.has_role(Role.LIAISON, Role.ADMINISTRATOR)

    def visible_q(self, user, action):
        if not self.role_allows(user, action):
            return Q(pk__in=[])
        if user.has_role(Role.ADMINISTRATOR):
            return Q()
        return Q(procuratorate_id__in=procuratorate_scope_ids(user))

    def permits(self, user, action, obj):
        if not self.role_allows(user, action):
            return False
        return user.has_role(Role.ADMINISTRATOR) or (
            obj.procuratorate_id in procuratorate_scope_ids(user)
        )


audit_entry_policy = AuditEntryPolicy(AuditEntry)


def audit_procuratorates(user: User) -> QuerySet[Procuratorate]:
    """The procuratorates whose entries `user` reads (the filter offers them)."""
    procuratorates = Procuratorate.objects.order_by("province", "code")
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return procuratorates
    return procuratorates.filter(pk__in=procuratorate_scope_ids(user))


class AuditFilterForm(forms.Form):
    """The filters above the audit log (a GET form): Beijing dates, event, outcome, user name
    and, for those who read several, the procuratorate."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("Any event")), *AuditEntry.Action.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Any outcome")), *AuditEntry.Outcome.choices],
    )
    username = forms.CharField(label=_("User name contains"), required=False, max_length=150)
    procuratorate = forms.ModelChoiceField(
        label=_("Procuratorate"),
        required=False,
        queryset=Procuratorate.objects.none(),
        empty_label=_("Any procuratorate"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        procuratorates = list(audit_procuratorates(user))
        if len(procuratorates) > 1:
            self.fields["procuratorate"].queryset = audit_procuratorates(user)
            self.fields["procuratorate"].choices = [
                ("", self.fields["procuratorate"].empty_label),
                *((p.pk, str(p)) for p in procuratorates),
            ]
        else:
            del self.fields["procuratorate"]
        style_fields(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date is after the last: swap them."))
        return data


def beijing_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=BEIJING)


def audit_entry_list(*, user: User, filters: dict | None = None) -> QuerySet[AuditEntry]:
    """The entries `user` reads, newest first, narrowed by the filter form's cleaned data."""
    filters = filters or {}
    entries = audit_entry_policy.visible(user).select_related("procuratorate")
    if filters.get("date_from"):
        entries = entries.filter(occurred_at__gte=beijing_midnight(filters["date_from"]))
    if filters.get("date_to"):
        next_day = filters["date_to"] + dt.timedelta(days=1)
        entries = entries.filter(occurred_at__lt=beijing_midnight(next_day))
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("outcome"):
        entries = entries.filter(outcome=filters["outcome"])
    if filters.get("username"):
        entries = entries.filter(username__icontains=filters["username"].strip())
    if filters.get("procuratorate"):
        entries = entries.filter(procuratorate=filters["procuratorate"])
    return entries.order_by("-occurred_at", "-id")


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a quote first
    (a user name typed at a failed sign-in is anybody's text)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class Echo:
    """A file that hands back what is written to it, for a streamed CSV."""

    def write(self, value):
        return value


def audit_csv_lines(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """The entries as CSV lines: a byte-order mark (so Excel reads Chinese), the translated
    header, then each entry at its Beijing time with its event and outcome translated. The
    labels are translated now, in the reader's language, before the lines are streamed."""
    writer = csv.writer(Echo())
    actions = {key: str(label) for key, label in AuditEntry.Action.choices}
    outcomes = {key: str(label) for key, label in AuditEntry.Outcome.choices}
    header = "\ufeff" + writer.writerow([str(column) for column in CSV_COLUMNS])

    def lines():
        yield header
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                spreadsheet_safe(value)
                for value in (
                    f"{timezone.localtime(entry.occurred_at, BEIJING):%Y-%m-%d %H:%M:%S}",
                    entry.username,
                    entry.procuratorate or "",
                    actions.get(entry.action, entry.action),
                    outcomes.get(entry.outcome, entry.outcome),
                    entry.address or "",
                    entry.user_agent,
                    entry.target_label,
                    entry.detail,
                )
            )

    return lines()
