"""Point the site records at the public address, so that page links agree with the rest."""

from django.core.management.base import BaseCommand, CommandError

from leerkring.public import base_url, sync_sites


class Command(BaseCommand):
    help = (
        "Set the default Wagtail site and the django.contrib.sites record to "
        "WAGTAILADMIN_BASE_URL, from which feeds, calendars and emails make their links."
    )

    def handle(self, *args, **options):
        if not base_url():
            raise CommandError("WAGTAILADMIN_BASE_URL is not set: nothing to point the site at.")
        changed = sync_sites()
        for change in changed:
            self.stdout.write(f"Changed: {change}")
        self.stdout.write(f"Public address: {base_url()}" + ("" if changed else " (unchanged)"))
