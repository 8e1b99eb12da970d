"""Naming coordinators, and what being named gives them in the Wagtail admin.

Being named coordinator of a network is the one source of a coordinator's rights
(docs/architecture.md, "Access"). From it follow, kept in step by ``sync_network``:
- membership of the network's own Wagtail group, which holds the page rights (add, edit,
  publish, lock) on the network's page and everything below it, and nothing else;
- membership of the shared coordinators' group, which opens the admin and the shared
  taxonomies (themes, organisations);
- approving practice stories below the network, through ``CoordinatorApprovalTask``.

Removing the last link removes the access. No group ever holds rights on the tree root.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from practices.models import PracticeIndexPage
from practices.roles import COORDINATORS_GROUP, STORY_WORKFLOW, ensure_groups

from .access import forget_cached_access, may_name_coordinators
from .models import CoordinatorApprovalTask, NetworkAccess, NetworkCoordinator, NetworkPage

# What a coordinator does with pages of their own sub-tree. Not bulk deletion: a network or
# circle with everything below it is removed by a superuser or the coordinators above.
NETWORK_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
GROUP_NAME_LENGTH = 150


def _group_name(network):
    prefix = f"Coördinatoren #{network.pk}: "
    return (prefix + network.title)[:GROUP_NAME_LENGTH]


@transaction.atomic
def sync_network(network):
    """Make the network's admin group hold exactly its coordinators and its page rights."""
    access, _created = NetworkAccess.objects.get_or_create(network=network)
    group = access.admin_group
    if group is None:
        group = Group.objects.create(name=_group_name(network))
        access.admin_group = group
        access.save(update_fields=["admin_group"])
    elif group.name != _group_name(network):
        group.name = _group_name(network)
        group.save(update_fields=["name"])
    for permission_type in NETWORK_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=network, permission=_page_permission(permission_type)
        )
    GroupPagePermission.objects.filter(group=group).exclude(page=network).delete()
    group.user_set.set(
        NetworkCoordinator.objects.filter(network=network).values_list("user_id", flat=True)
    )
    return group


def _page_permission(permission_type):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
    )


def sync_user(user):
    """Put the user in the shared coordinators' group exactly while they coordinate."""
    shared = ensure_groups()[COORDINATORS_GROUP]
    if NetworkCoordinator.objects.filter(user=user).exists():
        user.groups.add(shared)
    else:
        user.groups.remove(shared)
    forget_cached_access(user)


@transaction.atomic
def name_coordinator(network, user, by):
    """Name ``user`` coordinator of ``network``, if ``by`` may (the coordinators above).

    ``by=None`` is the site itself (a management command such as ``load_demo``, or a
    superuser's shell); no view ever passes it.
    """
    if by is not None and not may_name_coordinators(by, network):
        raise PermissionDenied
    link, _created = NetworkCoordinator.objects.get_or_create(
        network=network,
        user=user,
        defaults={
            "named_by": by,
            "sort_order": NetworkCoordinator.objects.filter(network=network).count(),
        },
    )
    return link


@transaction.atomic
def remove_coordinator(link, by):
    if by is not None and not may_name_coordinators(by, link.network):
        raise PermissionDenied
    link.delete()


@transaction.atomic
def set_coordinators_read_closed(network, value, by):
    if not may_name_coordinators(by, network):
        raise PermissionDenied
    access, _created = NetworkAccess.objects.get_or_create(network=network)
    access.coordinators_read_closed = bool(value)
    access.save(update_fields=["coordinators_read_closed"])
    return access


def story_workflow():
    """The workflow that practice stories go through: the network's coordinators approve.

    Replaces the group approval an older install (or the practices app on its own) made,
    which let every coordinator approve every network's stories.
    """
    workflow, _created = Workflow.objects.get_or_create(name=STORY_WORKFLOW)
    task = CoordinatorApprovalTask.objects.filter(active=True).first()
    if task is None:
        task = CoordinatorApprovalTask.objects.create(name="Goedkeuring door netwerkcoördinator")
    steps = list(workflow.workflow_tasks.select_related("task"))
    if [step.task_id for step in steps] != [task.pk]:
        workflow.workflow_tasks.all().delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def ensure_coordination():
    """Bring an existing site in line: per-network groups, no shared page rights, the
    coordinators' approval task. Idempotent; runs after every ``migrate``."""
    from django.contrib.auth.models import Permission

    shared = ensure_groups()[COORDINATORS_GROUP]
    GroupPagePermission.objects.filter(group=shared).delete()
    # Older installs gave these; the access policy answers for our models now.
    shared.permissions.remove(
        *Permission.objects.filter(content_type__app_label__in=["leerkring", "leerkring_search"])
    )
    for network in NetworkPage.objects.filter(coordinator_links__isnull=False).distinct():
        sync_network(network)
    for user in get_user_model().objects.filter(groups=shared):
        sync_user(user)
    if Workflow.objects.filter(name=STORY_WORKFLOW).exists():
        story_workflow()


# --- Kept in step whatever path a change takes (admin, load_demo, the shell, factories) ---


@receiver(post_save, sender=NetworkCoordinator)
def _coordinator_named(sender, instance, raw=False, **kwargs):
    if raw:
        return
    sync_network(instance.network)
    sync_user(instance.user)


@receiver(post_delete, sender=NetworkCoordinator)
def _coordinator_removed(sender, instance, **kwargs):
    # Also reached while a network or a user is being deleted, so only take away here.
    access = NetworkAccess.objects.filter(network_id=instance.network_id).first()
    if access is not None and access.admin_group_id:
        access.admin_group.user_set.remove(instance.user_id)
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    if user is not None:
        sync_user(user)


@receiver(post_save, sender=PracticeIndexPage)
def _stories_need_approval(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        WorkflowPage.objects.get_or_create(page=instance, defaults={"workflow": story_workflow()})
        story_workflow()
