"""Mail servers for the tests of Celery workers in their own processes: the one true external
boundary, written to files so that the test can count what arrived."""

import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class SlowMailServer(EmailBackend):
    """A mail server that takes a minute to accept a message: the worker is killed meanwhile."""

    def send_messages(self, messages):
        Path(settings.EMAIL_FILE_PATH, "sending").touch()
        time.sleep(60)
        return super().send_messages(messages)
