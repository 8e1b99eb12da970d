"""The search app's background work. It lives here rather than in ``leerkring.tasks``
because ``leerkring`` imports nothing of ``leerkring.search`` (docs/architecture.md, "Apps")."""

from django_tasks import task

from .documents import rebuild_all


@task()
def rebuild_search_documents():
    """Describe and index everything anew, as ``manage.py rebuild_search_documents`` does:
    after an import or a restore, without keeping a request or a shell waiting."""
    return {"documents": rebuild_all()}
