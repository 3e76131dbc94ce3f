"""Build the letters' font (Portal Serif CJK SC) from the system's Noto Serif CJK SC, once."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import letter_fonts


class Command(BaseCommand):
    help = (
        "Write Portal Serif CJK SC (regular, bold), Noto Serif CJK SC renumbered so that letters "
        "render fast, into LETTER_FONT_DIR; does nothing if they are up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, help="Write here instead of LETTER_FONT_DIR.")
        parser.add_argument("--force", action="store_true", help="Build even if up to date.")

    def handle(self, *args, folder=None, force=False, **options):
        began = time.perf_counter()
        try:
            done = letter_fonts.build(folder, force=force)
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error
        for line in done:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Letter fonts ready in {folder or letter_fonts.font_dir()} "
                f"({time.perf_counter() - began:.0f} s)."
            )
        )
