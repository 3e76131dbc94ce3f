import gc
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Load what a server process's first requests would, then keep the garbage collector off it.

    Called once in each web-server process (gunicorn.conf.py). The URL patterns import every
    view, and the case search's dictionary takes about a second: loaded here, no user waits for
    them. Freezing then moves Django's ~150,000 long-lived objects out of the collector's full
    passes, each of which otherwise held up one request for ~90 ms.
    """
    from django.urls import reverse

    from portal import registry

    reverse("home")  # the first reverse loads every URL pattern
    for load in registry.warm_ups:  # the apps' (AppConfig.ready): the search dictionary
        load()
    gc.collect()
    gc.freeze()
    logger.info(
        "Web process ready; %d objects kept out of garbage collection.", gc.get_freeze_count()
    )
