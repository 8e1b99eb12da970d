"""Page changes that followers of a network must hear about, and a parent named elsewhere.

Whatever a page change does to a network's key lessons (a featured lesson edited,
unpublished, deleted, its circle unpublished, the network itself unpublished), the publisher
works out the difference (``publishing.publish``); these receivers only say which networks
to look at.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from ..models import LessonNomination, LessonPage, NetworkPage, NominationStatus
from . import following, publishing


def _networks_featuring_below(page):
    return set(
        LessonNomination.objects.filter(
            status=NominationStatus.FEATURED, lesson__path__startswith=page.path
        ).values_list("network_id", flat=True)
    )


def _touched(page):
    networks = _networks_featuring_below(page)
    if isinstance(page.specific_deferred, NetworkPage):
        networks.add(page.pk)
    publishing.changed(*networks)


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    _touched(instance)
    if isinstance(instance, NetworkPage) and (
        instance.parent_elsewhere or getattr(getattr(instance, "actor", None), "parent_uri", "")
    ):
        following.parent_changed(instance)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    _touched(instance)


@receiver(pre_delete)
def page_will_be_deleted(sender, instance, **kwargs):
    # Deleting a subtree sends this for every page in it, lessons and networks included:
    # the others need no query of their own.
    if isinstance(instance, Page) and issubclass(
        instance.specific_class or Page, (LessonPage, NetworkPage)
    ):
        _touched(instance)
