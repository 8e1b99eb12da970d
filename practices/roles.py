"""The Wagtail groups that initiative editors and coordinators work in.

Initiative editors may add stories under a practice index and edit their own, never publish;
the stories go through the "Praktijkverhalen goedkeuren" workflow. This app gives the shared
coordinators' group model rights only (themes, organisations); page rights and the approval
step are scoped per network by ``leerkring.coordination``, so that no group holds rights on
every network's pages.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

EDITORS_GROUP = "Initiatiefredacteuren"
COORDINATORS_GROUP = "Netwerkcoördinatoren"
STORY_WORKFLOW = "Praktijkverhalen goedkeuren"

_SNIPPET_PERMISSIONS = {
    COORDINATORS_GROUP: [
        ("practices", "add_organisation"),
        ("practices", "change_organisation"),
        ("practices", "delete_organisation"),
        ("practices", "view_organisation"),
        ("practices", "change_initiativereport"),
        ("practices", "view_initiativereport"),
        ("practices", "add_theme"),
        ("practices", "change_theme"),
        ("practices", "view_theme"),
    ],
    EDITORS_GROUP: [("practices", "view_organisation"), ("practices", "view_theme")],
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission("wagtailcore", f"{codename}_page")


@transaction.atomic
def ensure_groups():
    """Create the editor and coordinator groups with their admin and image rights."""
    groups = {}
    root_collection = Collection.get_first_root_node()
    for name in (EDITORS_GROUP, COORDINATORS_GROUP):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            _permission("wagtailadmin", "access_admin"),
            *(_permission(app, codename) for app, codename in _SNIPPET_PERMISSIONS[name]),
        )
        for codename in ("add_image", "choose_image"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=_permission("wagtailimages", codename),
            )
        groups[name] = group
    return groups


def story_workflow():
    """The stories' workflow; ``leerkring.coordination`` gives it its approval step."""
    workflow, _created = Workflow.objects.get_or_create(name=STORY_WORKFLOW)
    return workflow


@transaction.atomic
def grant_story_rights(index_page):
    """Let editors add stories below this index, under the stories' workflow."""
    editors = ensure_groups()[EDITORS_GROUP]
    GroupPagePermission.objects.get_or_create(
        group=editors, page=index_page, permission=_page_permission("add")
    )
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": story_workflow()})


def grant_to_coordinators(permissions, using="default"):
    """Give the coordinators' group these ``(app_label, codename)`` model permissions.

    For ``post_migrate`` handlers: it creates every app's permissions first, because
    ``post_migrate`` reaches an app before the apps listed after it have theirs.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.db.models import Q
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # a flushed test database
        return
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    group = ensure_groups()[COORDINATORS_GROUP]
    if not permissions:  # an empty Q() would match every permission there is
        return
    wanted = Q()
    for app_label, codename in permissions:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.using(using).filter(wanted))
