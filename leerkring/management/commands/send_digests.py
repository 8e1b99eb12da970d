"""Send the daily and weekly digests of new replies; run it from cron, e.g. every morning.

Each person gets their digest once a period, whatever the schedule: running the command
twice sends nothing the second time.
"""

from django.core.management.base import BaseCommand

from leerkring.notifications.digests import DIGEST_PERIODS, send_digests


class Command(BaseCommand):
    help = "Email the digests of new replies in followed conversations to those who chose one."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=sorted(DIGEST_PERIODS),
            help="Only send this kind of digest (default: every digest that is due).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get a digest, without sending or recording anything.",
        )

    def handle(self, *args, frequency=None, dry_run=False, **options):
        frequencies = (frequency,) if frequency else tuple(DIGEST_PERIODS)
        run = send_digests(frequencies, dry_run=dry_run)
        if options["verbosity"] > 1 or dry_run:
            for user, replies, threads in run.sent:
                self.stdout.write(
                    f"{'would send' if dry_run else 'sent'} to {user.get_username()}: "
                    f"{replies} replies in {threads} conversations"
                )
        verb = "would be sent" if dry_run else "sent"
        line = (
            f"Digests ({', '.join(frequencies)}): {len(run.sent)} {verb}, "
            f"{run.empty} with nothing new, {run.not_due} not due yet, {run.failed} failed."
        )
        if dry_run:
            line = "Dry run. " + line
        self.stdout.write(self.style.ERROR(line) if run.failed else self.style.SUCCESS(line))
