"""The API of a consultation's 请示 to the superior procuratorate: drafting it, its sign-off,
the superior's designation and its PDFs; the actions of the consultations' viewset (api.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from cases.consultations import referral
from cases.consultations.letters import referral_draft_response
from cases.consultations.models import Referral
from portal.api_support import (
    DOWNLOAD_ERRORS,
    DOWNLOAD_RENDERERS,
    ERRORS,
    RelatedIdField,
    parsed,
    service_errors,
)
from portal.documents import file_response
from portal.models import Procuratorate
from portal.signoff import SIGNOFF_ACTIONS


class ReferralSerializer(serializers.ModelSerializer):
    """The 请示 as drafted, its issued document and the superior's designation."""

    document = serializers.SerializerMethodField(
        help_text=_(
            "The issued referral once signed off: its number, its state and, once issued, its "
            "PDF URL."
        )
    )

    class Meta:
        model = Referral
        fields = [
            "superior", "facts", "question", "drafted_by", "drafted_at", "document",
            "designated_procuratorate", "reply_number", "reply_date", "designated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_document(self, item: Referral) -> dict | None:
        document = getattr(item, "document", None)
        if document is None:
            return None
        request = self.context.get("request")
        path = reverse("api:consultation-referral-document", args=[item.consultation_id])
        issued = document.state == document.State.ISSUED
        return {
            "number": document.number,
            "state": document.state,
            "url": (request.build_absolute_uri(path) if request else path) if issued else None,
        }


class ReferSerializer(serializers.Serializer):
    superior = serializers.CharField(
        max_length=100,
        default=referral.DEFAULT_SUPERIOR,
        help_text=_("The parties' common superior procuratorate, as they name it."),
    )
    facts = serializers.CharField(allow_blank=True)
    question = serializers.CharField(
        allow_blank=True, help_text=_("What the superior procuratorate is asked to decide.")
    )


class ReferralSignoffSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=SIGNOFF_ACTIONS,
        help_text=_("Pass the review, sign off, or return the referral to its drafter."),
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DesignationSerializer(serializers.Serializer):
    designated_procuratorate = RelatedIdField(
        Procuratorate.objects.all(),
        help_text=_("Id of the procuratorate the superior designated to handle the case."),
    )
    reply_number = serializers.CharField(max_length=60, allow_blank=True)
    reply_date = serializers.DateField(allow_null=True)


class ReferralActions:
    """The 请示's actions on a consultation (mixed into the consultations' viewset)."""

    @extend_schema(request=ReferSerializer, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def referral(self, request, pk=None):
        """Once the deadline has passed without a decision, the opening procuratorate drafts
        the 请示 to the common superior procuratorate; it then goes through sign-off."""
        consultation = self.target(pk)
        data = parsed(ReferSerializer, request.data)
        with service_errors():
            referral.consultation_refer(user=request.user, consultation=consultation, **data)
        return self.detail_response(pk)

    @extend_schema(request=ReferralSignoffSerializer, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"], url_path="referral-signoff")
    def referral_signoff(self, request, pk=None):
        """A step of the 请示's sign-off at the opening procuratorate: its reviewer passes or
        returns it (a return says why); its chief (or a deputy) signs it off, which issues it."""
        consultation = self.target(pk)
        data = parsed(ReferralSignoffSerializer, request.data)
        with service_errors():
            referral.referral_signoff(user=request.user, consultation=consultation, **data)
        return self.detail_response(pk)

    @extend_schema(request=DesignationSerializer, responses={200: None, **ERRORS})
    @action(detail=True, methods=["post"])
    def designation(self, request, pk=None):
        """The opening procuratorate records the superior's designation, which ends the
        consultation."""
        consultation = self.target(pk)
        data = parsed(DesignationSerializer, request.data)
        with service_errors():
            referral.consultation_designate(user=request.user, consultation=consultation, **data)
        return self.detail_response(pk)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS})
    @action(detail=True, renderer_classes=DOWNLOAD_RENDERERS, url_path="draft-referral")
    def draft_referral(self, request, pk=None):
        """The 请示 in sign-off as a PDF watermarked 草稿, to its reviewer and signer."""
        return referral_draft_response(
            referral.referral_draft(user=request.user, consultation_pk=pk)
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **DOWNLOAD_ERRORS})
    @action(detail=True, renderer_classes=DOWNLOAD_RENDERERS, url_path="referral-document")
    def referral_document(self, request, pk=None):
        """The issued 请示's PDF; every download is logged."""
        document = referral.referral_document_for_download(user=request.user, consultation_pk=pk)
        return file_response(document)
