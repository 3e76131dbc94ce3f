"""Case leads from the public (案件线索): receiving, throttling, routing, and the inbox.

A lead is sent through the one public page to one of the six provincial procuratorates; its
liaison officers are notified and handle it from their inbox. The sender's network address is
kept only as a keyed hash, to limit how many leads one address sends in an hour.
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _, gettext_noop

from casebank.leads.models import CaseLead
from casebank.leads.permissions import lead_policy
from portal.models import Procuratorate, Province, User
from portal.services import notify

logger = logging.getLogger(__name__)

LEADS_PER_ADDRESS = 5
THROTTLE_WINDOW = timedelta(hours=1)
RECEIPT_DIGITS = 6


def sender_address_hash(address: str) -> str:
    """A keyed hash of a network address: comparable, but the address cannot be read back."""
    return salted_hmac("casebank.lead-sender", address or "", algorithm="sha256").hexdigest()


def recent_leads_from(address_hash: str) -> int:
    """How many leads this (hashed) address sent within the throttle window."""
    since = timezone.now() - THROTTLE_WINDOW
    return CaseLead.objects.filter(sender_address_hash=address_hash, created_at__gte=since).count()


def receipt_prefix(province: str, year: int) -> str:
    return f"线索〔{year}〕{province}"


def next_receipt_number(province: str) -> str:
    """The next receipt number of the province's leads this year (call under the lock).

    Sequential and gap-free per province and year, like a register of letters: the number
    opens nothing (the receipt page is reached by a signed link only), so it need not be secret.
    """
    prefix = receipt_prefix(province, timezone.localdate().year)
    last = CaseLead.objects.filter(receipt_number__startswith=prefix).aggregate(
        last=Max("receipt_number")
    )["last"]
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:0{RECEIPT_DIGITS}d}"


@transaction.atomic
def case_lead_submit(
    *,
    province: str,
    subject: str,
    content: str,
    sender_address: str,
    place: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
    form_nonce: str | None = None,
) -> CaseLead:
    """Receive a lead from the public for `province`, and notify that province's liaison officers.

    Refused (ValidationError, code "throttled") when the sender's address has already sent
    `LEADS_PER_ADDRESS` leads within the hour, and (code "reused") when the form's one-time
    token has sent a lead already.
    """
    if province not in Province.values:
        raise ValidationError({"province": _("Choose one of the six provinces.")})
    # The six provincial rows are locked (in primary-key order, without blocking the rows that
    # refer to them) so that the count of an address and the receipt numbers are exact.
    members = list(
        Procuratorate.objects.select_for_update(no_key=True)
        .filter(level=Procuratorate.Level.PROVINCIAL)
        .order_by("pk")
    )
    procuratorate = next(member for member in members if member.province == province)
    address_hash = sender_address_hash(sender_address)
    if recent_leads_from(address_hash) >= LEADS_PER_ADDRESS:
        raise ValidationError(
            _(
                "%(limit)s leads have already been sent from your network address within the "
                "hour. Please wait an hour before sending another, or call the procuratorates' "
                "12309 service line."
            ),
            code="throttled",
            params={"limit": LEADS_PER_ADDRESS},
        )
    if form_nonce and CaseLead.objects.filter(form_nonce=form_nonce).exists():
        raise ValidationError(
            _("This form has already been sent. To send another lead, open the form again."),
            code="reused",
        )
    lead = CaseLead.objects.create(
        form_nonce=form_nonce,
        receipt_number=next_receipt_number(province),
        procuratorate=procuratorate,
        subject=subject.strip(),
        content=content.strip(),
        place=place.strip(),
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        sender_address_hash=address_hash,
    )
    # Only the receipt number travels in notices and e-mails; the lead is read in the portal.
    notify(
        recipients=lead_policy.users_with_permission("view", lead),
        verb=gettext_noop("Case lead %(number)s was sent by a member of the public."),
        params={"number": lead.receipt_number},
        target=lead,
        url=reverse("casebank:lead-detail", args=[lead.pk]),
    )
    logger.info("Case lead %s received for %s", lead.receipt_number, procuratorate.code)
    return lead


def case_lead_open(*, user: User, lead: CaseLead) -> CaseLead:
    """A liaison officer opens a lead: a new one becomes read."""
    if not lead_policy.can(user, "view", lead):
        raise Http404
    if lead.status == CaseLead.Status.NEW:
        CaseLead.objects.filter(pk=lead.pk, status=CaseLead.Status.NEW).update(
            status=CaseLead.Status.READ
        )
        lead.status = CaseLead.Status.READ
        logger.info("Case lead %s read by %s", lead.receipt_number, user.username)
    return lead


@transaction.atomic
def case_lead_mark_handled(*, user: User, lead: CaseLead) -> CaseLead:
    """A liaison officer marks a lead handled (it has been passed on or dealt with)."""
    if not lead_policy.can(user, "change", lead):
        raise Http404
    lead = CaseLead.objects.select_for_update().get(pk=lead.pk)
    if lead.status == CaseLead.Status.HANDLED:
        raise ValidationError(
            _("Lead %(number)s is already marked handled."),
            code="handled",
            params={"number": lead.receipt_number},
        )
    lead.status = CaseLead.Status.HANDLED
    lead.save(update_fields=["status"])
    logger.info("Case lead %s handled by %s", lead.receipt_number, user.username)
    return lead
