"""The portal app's API: token, the signed-in user, procuratorates, notifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from portal import services
from portal.forms import locked_error
from portal.models import Notification, Procuratorate, User
from portal.permissions import notification_policy
from portal.selectors import notification_list, procuratorate_list


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


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password; a locked account is told so."""

    def validate(self, attrs):
        if error := locked_error(attrs.get("username", "")):
            raise serializers.ValidationError(error.message % error.params, code="locked")
        try:
            return super().validate(attrs)
        except serializers.ValidationError:
            if error := locked_error(attrs.get("username", "")):
                message = error.message % error.params
                raise serializers.ValidationError(message, code="locked") from None
            raise


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """Exchange a user name and password for an API token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer)
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


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
