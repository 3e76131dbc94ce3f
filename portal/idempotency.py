"""`Idempotency-Key` on API creates: the same key and body within a day get the first answer.

A create commits and then reads its object back for the answer; if the connection drops in
between, the client sees an error although the object exists, and a retry would make a second
one. With a key, the key's row is written in the same transaction as the object, with the
answer, so a retry finds it and gets that answer again.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from portal.models import IdempotencyKey

HEADER = "Idempotency-Key"
PARAMETER = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    description="A key of your choice (at most 255 characters). Sent again with the same body "
    "within 24 hours, it returns the first answer instead of creating again.",
)


class KeyReused(exceptions.APIException):
    status_code = 422
    default_code = "idempotency_key_reused"


def fingerprint(request) -> str:
    """What makes two requests the same: the path and the body (the fields, for a form)."""
    digest = hashlib.sha256(request.path.encode())
    if request.content_type == "application/json":
        digest.update(request.body)
    else:
        fields = sorted((name, request.data.getlist(name)) for name in request.data)
        files = sorted((name, f.name, f.size) for name, f in request.FILES.items())
        digest.update(repr((fields, files)).encode())
    return digest.hexdigest()


def idempotent_create(create):
    """Wrap a viewset's `create` so that a key sent again gets the first answer."""

    @extend_schema(parameters=[PARAMETER])
    @functools.wraps(create)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if not key:
            return create(self, request, *args, **kwargs)
        if len(key) > 255:
            raise exceptions.ValidationError({HEADER: [_("Give a key of at most 255 characters.")]})
        sent = fingerprint(request)
        with transaction.atomic():
            IdempotencyKey.objects.filter(
                user=request.user,
                key=key,
                created_at__lt=timezone.now() - settings.IDEMPOTENCY_KEY_LIFETIME,
            ).delete()
            # A second request with the key waits here on the unique index until the first
            # one commits, then finds its answer.
            record, new = IdempotencyKey.objects.get_or_create(
                user=request.user, key=key, defaults={"fingerprint": sent}
            )
            if not new:
                if record.fingerprint != sent:
                    raise KeyReused(
                        _("This Idempotency-Key was sent with another request: use a new key.")
                    )
                replayed = {"Idempotent-Replayed": "true"}
                return Response(record.response, status=record.status_code, headers=replayed)
            response = create(self, request, *args, **kwargs)
            record.status_code = response.status_code
            record.response = json.loads(JSONRenderer().render(response.data))
            record.save(update_fields=["status_code", "response"])
        return response

    wrapper.idempotent = True  # the schema documents its 422
    return wrapper
