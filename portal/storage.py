"""Where uploaded and generated files live: outside any public URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    """Files served only by views that check permission (never by a static or media URL).

    A callable, so that migrations record its name rather than this machine's folder.
    """
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)
