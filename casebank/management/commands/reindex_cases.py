"""Rebuild the search index of the typical-case library from the published cases."""

import time

from django.core.management.base import BaseCommand

from casebank.search.services import reindex


class Command(BaseCommand):
    help = "Rebuild the search index of the case library from the published cases."

    def handle(self, *args, **options):
        began = time.perf_counter()
        count = reindex()
        self.stdout.write(
            f"Indexed {count} published cases in {time.perf_counter() - began:.1f} s."
        )
