"""Harvest the key lessons of other networks from their JSON Feeds."""

from django.core.management.base import BaseCommand

from leerkring.harvest import harvest_feeds
from leerkring.models import RemoteFeed


class Command(BaseCommand):
    help = "Fetch every remote feed (or those of one network) and update its harvested lessons."

    def add_arguments(self, parser):
        parser.add_argument(
            "--network", type=int, help="Only the remote feeds of the network with this page id."
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=10,
            help="Seconds each connection and each read may wait (default 10); a whole fetch "
            "and a whole run have their own limits, LEERKRING_HARVEST_FETCH_SECONDS and "
            "LEERKRING_HARVEST_RUN_SECONDS.",
        )

    def handle(self, *args, network=None, timeout=10, **options):
        feeds = RemoteFeed.objects.select_related("network").order_by("network_id", "name", "pk")
        if network is not None:
            feeds = feeds.filter(network_id=network)
        failures = skipped = 0
        for feed, result in harvest_feeds(feeds, timeout=timeout):
            line = (
                f"{feed.name} ({feed.url}): {result.status}"
                f" [+{result.created} ~{result.updated} -{result.deleted}]"
            )
            if result.ok:
                self.stdout.write(line)
            elif result.skipped:
                skipped += 1
                self.stdout.write(self.style.WARNING(line))
            else:
                failures += 1
                self.stdout.write(self.style.ERROR(line))
        if skipped:
            self.stderr.write(f"{skipped} feed(s) skipped: the run's time limit was reached.")
        if failures:
            self.stderr.write(f"{failures} feed(s) failed.")
