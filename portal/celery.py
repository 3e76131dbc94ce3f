"""The Celery application; its settings are the CELERY_* ones in portal.settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Search keeps its tasks in its own package.
app.autodiscover_tasks(["casebank.search"])
