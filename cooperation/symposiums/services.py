"""Coordination symposiums of neighbouring procuratorates."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _, gettext_noop

from cooperation.rotation.services import liaisons_of
from cooperation.symposiums.models import (
    Symposium,
    SymposiumDocument,
    SymposiumFollowUp,
    SymposiumParticipant,
)
from cooperation.symposiums.permissions import may_convene, may_mark_done, symposium_policy
from portal.documents import download_record, stored_upload
from portal.models import Procuratorate, User
from portal.services import notify

# Symposiums.


def symposium_create(*, user: User, data: dict, participants: list[Procuratorate]) -> Symposium:
    """A prefecture or county procuratorate convenes neighbours of other provinces."""
    if not may_convene(user):
        raise PermissionDenied(
            _("Symposiums are convened by prefecture and county procuratorates.")
        )
    convener = user.procuratorate
    others = [p for p in participants if p.pk != convener.pk]
    errors = {}
    if not any(p.province != convener.province for p in others):
        errors["participants"] = _("Invite at least one procuratorate of another province.")
    with transaction.atomic():
        symposium = Symposium(convener=convener, created_by=user)
        for name in ("title", "held_on", "venue", "agreement"):
            if name in data:
                setattr(symposium, name, data[name])
        try:
            symposium.full_clean(exclude=["created_by", "convener"])
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        symposium.save()
        SymposiumParticipant.objects.bulk_create(
            SymposiumParticipant(symposium=symposium, procuratorate=p) for p in {convener, *others}
        )
        notify(
            recipients=liaisons_of(others),
            verb=gettext_noop("%(convener)s invites you to the symposium “%(title)s”."),
            params={"convener": convener.name_zh, "title": symposium.title},
            target=symposium,
            actor=user,
        )
    return symposium


def check_convener(user: User, symposium: Symposium) -> None:
    if not symposium_policy.can(user, "change", symposium):
        raise PermissionDenied(_("Only the convening procuratorate records the symposium."))


def symposium_record_agreement(*, user: User, symposium: Symposium, agreement: str) -> Symposium:
    """The convener records the agreement reached."""
    check_convener(user, symposium)
    if not agreement.strip():
        raise ValidationError({"agreement": _("Write the agreement reached.")})
    symposium.agreement = agreement
    symposium.save(update_fields=["agreement"])
    return symposium


def symposium_add_follow_up(
    *, user: User, symposium: Symposium, text: str, owner: Procuratorate, due_date=None
) -> SymposiumFollowUp:
    """The convener records a follow-up item, owned by one of the participants."""
    check_convener(user, symposium)
    if not symposium.participants.filter(procuratorate=owner).exists():
        raise ValidationError({"owner": _("The owner must be one of the participants.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the follow-up item.")})
    return SymposiumFollowUp.objects.create(
        symposium=symposium, text=text, owner=owner, due_date=due_date
    )


def symposium_follow_up_done(*, user: User, follow_up: SymposiumFollowUp) -> SymposiumFollowUp:
    """The owner (or the convener) marks a follow-up item done."""
    if not may_mark_done(user, follow_up):
        raise PermissionDenied(_("Only the owner or the convener marks it done."))
    follow_up.done = True
    follow_up.save(update_fields=["done"])
    return follow_up


def symposium_attach(*, user: User, symposium: Symposium, upload) -> SymposiumDocument:
    """The convener files a document of the symposium (checked like request attachments)."""
    check_convener(user, symposium)
    return SymposiumDocument.objects.create(
        symposium=symposium, uploaded_by=user, **stored_upload(upload)
    )


def symposium_document_for_download(*, user: User, symposium_pk, document_pk) -> SymposiumDocument:
    """A symposium's document, to those who may see the symposium (404 otherwise); the download
    is logged."""
    symposium = symposium_policy.get_or_404(user, pk=symposium_pk)
    document = get_object_or_404(symposium.documents.all(), pk=document_pk)
    download_record(user=user, document=document)
    return document
