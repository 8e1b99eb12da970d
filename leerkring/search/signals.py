"""Keep the search documents current: on publish, unpublish, save and delete of every source.

A closed circle's documents must disappear from outsiders' results the moment the circle is
closed, and a hidden reply the moment it is hidden; both happen here, in the same request. So
must a host page the moment a view restriction is put on it or on a page above it.
"""

import django_comments
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from leerkring.conversations import replies_of
from leerkring.models import LearningCirclePage, LessonNomination, LessonPage, Meeting, Thread, Tip
from leerkring.signals import reply_changed, thread_moved
from practices.models import Organisation, PracticeCasePage

from . import documents
from .models import SearchDocument
from .pause import active

PAGE_MODELS = (PracticeCasePage, LessonPage, LearningCirclePage)
SAVED_MODELS = (Tip, Organisation, Meeting, Thread, django_comments.get_model())


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    if not active():
        return
    page = instance.specific
    if kwargs.get("signal") is page_unpublished:
        # Wagtail unpublishes a page it is about to delete without saving it, and sends the
        # page read back from the database, which still says live: indexed on its way out,
        # it would leave a document pointing at a deleted circle.
        page.live = False
    if documents.is_host_page(page):
        documents.sync(page)
        return
    if not isinstance(page, PAGE_MODELS):
        return
    documents.sync(page)
    if isinstance(page, LearningCirclePage):
        # Its visibility or its being published may have changed: its threads, replies,
        # tips, meetings and lessons follow.
        documents.sync_circle(page)


def _saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or not active():
        return
    documents.sync(instance)


def _deleted(sender, instance, **kwargs):
    if not active():
        return
    documents.forget(instance)
    if isinstance(instance, Thread):
        _forget_replies_of(instance)


for model in SAVED_MODELS:
    post_save.connect(_saved, sender=model, dispatch_uid=f"search_saved_{model.__name__}")
for model in (*SAVED_MODELS, PracticeCasePage, LessonPage):
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"search_deleted_{model.__name__}")


def _forget_replies_of(thread):
    for reply in replies_of(thread):
        documents.forget(reply)


@receiver(pre_delete, sender=LearningCirclePage)
def circle_deleted(sender, instance, **kwargs):
    if not active():
        return
    # The rows go with the circle (on_delete CASCADE); their index entries are removed here.
    documents._unindex(SearchDocument.objects.filter(circle=instance))


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    # Wagtail unpublishes a live page before deleting it, which removes its document through
    # page_changed; this catches one whose page stopped being live without a signal (a
    # queryset update). Sent for the base row of every page deleted, descendants too.
    if active():
        documents.forget_pages([instance.pk])


@receiver(post_page_move)
@receiver(page_slug_changed)
def pages_moved(sender, instance, **kwargs):
    # The address of every page below changed, and a move may bring pages under a view
    # restriction or out from under one.
    if active():
        documents.sync_pages_under(instance)


def _deleted_with_its_page(origin):
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Page)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw or not active():
        return
    if _deleted_with_its_page(kwargs.get("origin")):
        return  # the pages' own deletion removes their documents
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        documents.sync_pages_under(page)


@receiver(post_save, sender=LessonNomination)
@receiver(post_delete, sender=LessonNomination)
def nomination_changed(sender, instance, **kwargs):
    if kwargs.get("raw") or not active():
        return
    lesson = LessonPage.objects.filter(pk=instance.lesson_id).first()
    if lesson is not None:
        documents.sync(lesson)


@receiver(reply_changed)
def reply_was_changed(sender, reply, **kwargs):
    if active():
        documents.sync(reply)
        # A tip promoted from the reply goes and comes back with it.
        for tip in Tip.objects.filter(source_reply_id=reply.pk).select_related("circle"):
            documents.sync(tip)


@receiver(thread_moved)
def thread_was_moved(sender, thread, **kwargs):
    if not active():
        return
    lookups = documents.Lookups()
    lookups.remember_threads([thread])
    documents.sync(thread, lookups)
    for reply in replies_of(thread):
        documents.sync(reply, lookups)
