import time

from django.core.management.base import BaseCommand

from leerkring.search.documents import rebuild_all


class Command(BaseCommand):
    help = (
        "Describe every story, lesson, tip, circle, organisation, meeting, thread and reply "
        "anew as a search document and index them. Run it after an import or a restore; "
        "day to day the documents follow every change by themselves."
    )

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(count):
            self.stdout.write(f"  {count} documents…")

        count = rebuild_all(progress=progress if options["verbosity"] > 1 else None)
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} search documents written and indexed in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
