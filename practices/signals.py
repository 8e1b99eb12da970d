from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models import PracticeIndexPage
from .roles import grant_story_rights

# sender: InitiativeReport; report: the report whose status has just changed to approved or
# rejected (sent once per decision, after the transaction commits). Whoever tells the
# reporter listens here, so this app sends no mail of its own.
initiative_report_decided = Signal()


@receiver(post_save, sender=PracticeIndexPage)
def give_editors_a_place_to_write(sender, instance, created, raw=False, **kwargs):
    """Every new practice index is where initiative editors write, under moderation."""
    if created and not raw:
        grant_story_rights(instance)
