"""``/healthz``: whether this web process can serve, for a load balancer or a monitor.

It names only the parts and a word for each: no versions, host names, counts or error
texts, which would tell a stranger how the site is built. Two queries at most, no session.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# A task that has waited this long means no worker is taking tasks from the queue.
TASKS_LATE_AFTER = timedelta(minutes=10)


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "fail"
    return "ok"


def _uses_database_queue():
    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db.")


def _tasks():
    if not _uses_database_queue():
        return "ok"  # tasks run where they are enqueued: nothing can pile up
    from django_tasks_db.models import DBTaskResult, get_date_max

    late = timezone.now() - TASKS_LATE_AFTER
    # Late: due for a while, counted from when it was queued or, if deferred, from when
    # it became due (a retry queued hours ago for now is not late).
    overdue = Q(run_after=get_date_max(), enqueued_at__lt=late) | Q(run_after__lt=late)
    try:
        waiting = DBTaskResult.objects.ready().filter(overdue).exists()
    except DatabaseError:
        return "fail"
    return "late" if waiting else "ok"


@never_cache
@require_safe
def healthz(request):
    database = _database()
    tasks = _tasks() if database == "ok" else "fail"
    healthy = database == "ok" and tasks == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "database": database, "tasks": tasks},
        status=200 if healthy else 503,
    )
