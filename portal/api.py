"""The portal app's API: tokens, the signed-in user, procuratorates, notifications."""

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from portal import services, tokens, verification
from portal.api_support import ERRORS, ErrorSerializer, service_errors
from portal.models import ApiToken, Notification, Procuratorate, User
from portal.permissions import notification_policy
from portal.selectors import notification_list, procuratorate_list
from portal.sessions import client_address
from portal.sign_in_delay import refused_message, refused_wait
from portal.verification import check_pdf_upload


class ProcuratorateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procuratorate
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "level",
            "parent",
            "province",
            "address",
            "phone",
        ]


class MeSerializer(serializers.ModelSerializer):
    procuratorate = ProcuratorateSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "title",
            "phone",
            "email",
            "language",
            "procuratorate",
            "roles",
        ]

    def get_roles(self, user) -> list[str]:
        return sorted(user.roles)


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "message", "url", "created_at", "is_read", "read_at"]


def token_days_help() -> str:
    return gettext("How many days the token lasts: %(days)d unless you choose fewer.") % {
        "days": settings.API_TOKEN_DAYS
    }


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password, the new token's name and lifetime, and the second factor's code
    if the account has one; an attempt during the sign-in delay is answered 429."""

    name = serializers.CharField(
        label=_("Name"),
        max_length=tokens.NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. “case-system sync”."),
    )
    days = serializers.IntegerField(
        label=_("Days"),
        required=False,
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        help_text=lazy(token_days_help, str)(),
    )
    code = serializers.CharField(
        label=_("Code"),
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_(
            "The code of your authenticator app, or a recovery code: needed when your account "
            "has a second factor."
        ),
    )

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except serializers.ValidationError:
            if wait := refused_wait(self.context.get("request")):
                refusal = Throttled(detail=refused_message(wait))
                refusal.wait = wait  # Retry-After, without DRF's own sentence on the wait
                raise refusal from None
            raise


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as its user sees it: never its key, which is shown once, when it is made."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at"]


class TokenResponseSerializer(ApiTokenSerializer):
    token = serializers.CharField(help_text=_("The key: shown this once, and never again."))

    class Meta(ApiTokenSerializer.Meta):
        fields = ["token", *ApiTokenSerializer.Meta.fields]


class ClientScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, counting per client address as `client_address` finds it (an
    X-Forwarded-For header is believed only from a trusted proxy), in the cache every worker
    shares."""

    @property
    def cache(self):
        # Looked up on each use, not bound at import: the cache's connection is per thread.
        return caches["shared"]

    def get_ident(self, request):
        return client_address(request) or ""


class TokenView(APIView):
    """Exchange a user name and password for a new API token (POST, the one request that needs
    no token); list the caller's live tokens (GET); revoke the token of this request (DELETE)."""

    throttle_scope = "token"

    def is_exchange(self) -> bool:
        # The schema generator asks for the authenticators before it sets a request.
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        return [] if self.is_exchange() else super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self.is_exchange() else super().get_permissions()

    def get_throttles(self):
        return [ClientScopedRateThrottle()] if self.is_exchange() else []

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenResponseSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            tokens.api_token_second_factor_check(
                user=data["user"], code=data.get("code", ""), request=request
            )
            token, key = tokens.api_token_create(
                user=data["user"], name=data["name"], days=data.get("days"), request=request
            )
        token.token = key
        response = Response(TokenResponseSerializer(token).data, status=status.HTTP_201_CREATED)
        response.headers["Cache-Control"] = "no-store, private"  # the key, once
        return response

    @extend_schema(responses=ApiTokenSerializer(many=True))
    def get(self, request):
        listed = tokens.api_token_list(user=request.user)
        return Response(ApiTokenSerializer(listed, many=True).data)

    @extend_schema(
        operation_id="v1_auth_token_revoke_current",
        responses={
            204: OpenApiResponse(description=_("The token is revoked.")),
            400: OpenApiResponse(ErrorSerializer, _("The request was not made with a token.")),
        },
    )
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            message = _("This request was not made with an API token: there is none to revoke.")
            raise serializers.ValidationError(message)
        tokens.api_token_revoke(user=request.user, pk=request.auth.pk, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailView(APIView):
    """One of the caller's own tokens."""

    @extend_schema(
        operation_id="v1_auth_token_revoke",
        responses={204: OpenApiResponse(description=_("The token is revoked."))},
    )
    def delete(self, request, pk: int):
        """Revoke it; someone else's token is not found."""
        tokens.api_token_revoke(user=request.user, pk=pk, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The signed-in user, their procuratorate and roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = User.objects.select_related("procuratorate").get(pk=request.user.pk)
        return Response(MeSerializer(user).data)


class ProcuratorateViewSet(viewsets.ReadOnlyModelViewSet):
    """The directory of procuratorates."""

    serializer_class = ProcuratorateSerializer

    def get_queryset(self):
        queryset = procuratorate_list(user=self.request.user)
        if province := self.request.query_params.get("province"):
            queryset = queryset.filter(province=province.upper())
        return queryset


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in user's notifications."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        return notification_list(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read."""
        notification = notification_policy.get_or_404(request.user, pk=pk)
        services.notification_mark_read(user=request.user, notification=notification)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text=_("The PDF to verify."))
    number = serializers.CharField(
        required=False, max_length=40, help_text=_("Or the number of an issued document.")
    )

    def validate_file(self, upload):
        try:
            check_pdf_upload(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return upload

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("number", "").strip():
            raise serializers.ValidationError(_("Choose a PDF file or give a document number."))
        return attrs


class VerifiedDocumentSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.CharField()
    issued_at = serializers.DateTimeField()


class VerificationSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text=_("Signed, unchanged, whole file, trusted."))
    signed = serializers.BooleanField()
    intact = serializers.BooleanField()
    trusted = serializers.BooleanField()
    signer = serializers.CharField(help_text=_("Who signed, from the certificate."))
    signed_at = serializers.DateTimeField(allow_null=True)
    sha256 = serializers.CharField()
    document = VerifiedDocumentSerializer(
        allow_null=True, help_text=_("Only for a document you may see.")
    )
    identical = serializers.BooleanField(
        allow_null=True, help_text=_("Whether the file is the very copy the portal issued.")
    )


class DocumentVerifyView(APIView):
    """Verify a document's signature: upload its PDF, or give its number."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request=VerifyRequestSerializer, responses={200: VerificationSerializer, **ERRORS}
    )
    def post(self, request):
        serializer = VerifyRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("file"):
            result = verification.verify_upload(
                user=request.user, upload=serializer.validated_data["file"]
            )
        else:
            result = verification.verify_number(
                user=request.user, number=serializer.validated_data["number"]
            )
        return Response(verification_data(result))


def verification_data(result) -> dict:
    """A verification as the API answers it."""
    v, document = result.verification, result.document
    return {
        "valid": v.valid,
        "signed": v.signed,
        "intact": v.intact and v.whole_file,
        "trusted": v.trusted,
        "signer": v.signer,
        "signed_at": v.signed_at,
        "sha256": v.sha256,
        "document": document
        and {
            "number": document.number,
            "kind": result.kind,
            "url": document.get_absolute_url(),
            "issued_at": document.issued_at,
        },
        "identical": result.identical,
    }
