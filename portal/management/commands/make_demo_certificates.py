"""Make the demo's small CA and a signing certificate for every procuratorate that lacks one."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo_ca, signing
from portal.models import Procuratorate


class Command(BaseCommand):
    help = (
        "Write the demo CA (ca.crt, ca.key) and a certificate and key per procuratorate "
        "(<code>.crt, <code>.key) into SIGNING_KEYS_DIR; keeps those already there. For the demo "
        "and tests only (SIGNING_DEMO_CA): in production each office installs its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, help="Write here instead of SIGNING_KEYS_DIR.")

    def handle(self, *args, folder=None, **options):
        if not settings.SIGNING_DEMO_CA:
            raise CommandError(
                "The demo CA is off (SIGNING_DEMO_CA); install each office's certificate instead."
            )
        folder = folder or Path(settings.SIGNING_KEYS_DIR)
        made_ca = demo_ca.ca_ensure(folder)
        made = 0
        for procuratorate in Procuratorate.objects.order_by("code"):
            certificate, key = signing.key_paths(procuratorate.code)
            certificate, key = folder / certificate.name, folder / key.name
            if made_ca or not (certificate.exists() and key.exists()):
                demo_ca.certificate_issue(
                    folder, code=procuratorate.code, name=procuratorate.name_zh
                )
                made += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo certificates ready in {folder}: {made} new"
                f"{', with a new CA' if made_ca else ''}."
            )
        )
