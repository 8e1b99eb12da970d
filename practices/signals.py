from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import PracticeIndexPage
from .roles import grant_story_rights


@receiver(post_save, sender=PracticeIndexPage)
def give_editors_a_place_to_write(sender, instance, created, raw=False, **kwargs):
    """Every new practice index is where initiative editors write, under moderation."""
    if created and not raw:
        grant_story_rights(instance)
