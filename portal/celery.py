"""The Celery application; its settings are the CELERY_* ones in portal.settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")


def task_packages() -> list[str]:
    """Where tasks live: each app, and each sub-domain an app names in `subdomains` (its
    `tasks.py` beside that sub-domain's services)."""
    from django.apps import apps

    return [
        package
        for config in apps.get_app_configs()
        for package in (
            config.name,
            *(f"{config.name}.{sub}" for sub in getattr(config, "subdomains", ())),
        )
    ]


app.autodiscover_tasks(task_packages)
