"""Every read of symposiums a page or endpoint needs, filtered and joined."""

from django.db.models import QuerySet

from cooperation.symposiums.models import Symposium
from cooperation.symposiums.permissions import symposium_policy
from portal.models import User


def symposium_list(*, user: User) -> QuerySet:
    """The symposiums the user's procuratorates take part in (or supervise)."""
    return (
        symposium_policy.visible(user)
        .select_related("convener")
        .prefetch_related("participants__procuratorate")
    )


def symposium_detail(*, user: User, pk) -> Symposium:
    symposium = symposium_policy.get_or_404(user, pk=pk)
    return (
        Symposium.objects.select_related("convener", "created_by")
        .prefetch_related(
            "participants__procuratorate", "follow_ups__owner", "documents__uploaded_by"
        )
        .get(pk=symposium.pk)
    )
