from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState


class CoordinatorApprovalTask(Task):
    """A workflow step that the coordinators of the network above the page approve.

    Wagtail's group approval lets everyone in a group moderate every page in the workflow,
    so one network's coordinator could open another network's drafts. This task asks the
    access policy instead: a page is moderated by those who coordinate a network it lies in
    (docs/architecture.md, "Access").
    """

    class Meta:
        verbose_name = _("approval by the network's coordinators")
        verbose_name_plural = _("approvals by the network's coordinators")

    def _moderates(self, obj, user):
        from ..access import coordinates

        return isinstance(obj, Page) and coordinates(user, obj)

    def user_can_access_editor(self, obj, user):
        return self._moderates(obj, user)

    def locked_for_user(self, obj, user):
        return not self._moderates(obj, user)

    def user_can_lock(self, obj, user):
        return self._moderates(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self._moderates(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from ..access import coordinated_pages

        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        page_ids = (
            coordinated_pages(user)
            .annotate(pk_text=Cast("pk", output_field=CharField()))
            .values("pk_text")
        )
        return in_progress.filter(workflow_state__object_id__in=page_ids)

    @classmethod
    def get_description(cls):
        return _("The coordinators of the network above the page approve it")
