"""Store the HTML of opening posts and replies again after the Markdown rules changed.

Texts are rendered when they are written and their HTML is stored with the name of the
rules it was made by (``leerkring.markdown.RENDERING``). After an upgrade that changes
those rules, pages render the older texts as they are shown until this command has stored
them again. Running it twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from leerkring.conversations import rerender_texts


class Command(BaseCommand):
    help = _("Render conversations' texts again where they were stored by older Markdown rules.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("Render every text again, also those stored by today's rules."),
        )

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"]:
                self.stdout.write(
                    _("Replies: %(done)s of %(total)s") % {"done": done, "total": total}
                )

        threads, replies = rerender_texts(everything=options["all"], progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Rendered again: %(threads)s opening posts and %(replies)s replies.")
                % {"threads": threads, "replies": replies}
            )
        )
