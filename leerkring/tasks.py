"""Background work, as django-tasks tasks, and the schedule of the periodic ones.

The ``TASKS`` setting decides where they run: at once in the process that enqueues them
(the immediate backend, for the demo and the tests), or from a database queue that
``manage.py leerkring_worker`` works through (production). The worker also starts the
periodic jobs when they are due (:func:`enqueue_due_jobs`); a row per job in
:class:`~leerkring.models.PeriodicJobRun`, claimed by a conditional update, makes sure two
workers never start the same run twice.

Arguments and return values are JSON, as every task backend needs.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from . import outbox
from .conf import leerkring_settings
from .harvest import harvest_feeds
from .models import PeriodicJobRun, RemoteFeed
from .notifications.digests import DIGEST_PERIODS, send_digests
from .notifications.meetings import send_meeting_reminders

logger = logging.getLogger(__name__)


# --- Email --------------------------------------------------------------------------------


@task()
def deliver_emails(email_ids):
    """Deliver these outbox rows (those still queued and due); see ``leerkring.outbox``."""
    return outbox.deliver(email_ids)


@task()
def retry_due_emails():
    """The sweeper: rows whose delivery is due but that no task will take, and rows a dead
    worker left half sent."""
    return outbox.sweep()


@task()
def prune_old_records():
    """Sent mail after a week, dead letters after a month, finished task results after two
    weeks: none of it is needed longer."""
    pruned = outbox.prune()
    pruned["task_results"] = _prune_task_results()
    return pruned


TASK_RESULTS_KEEP_DAYS = 14


def _prune_task_results():
    # django-tasks-db is only an installed app on sites that queue in the database; its
    # models cannot even be imported elsewhere.
    from django_tasks_db.backend import DatabaseBackend

    backend = deliver_emails.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(
            backend_name=backend.alias,
            finished_at__lt=timezone.now() - timedelta(days=TASK_RESULTS_KEEP_DAYS),
        )
        .delete()
    )
    return deleted


# --- Federation (leerkring.federation) ----------------------------------------------------


@task()
def deliver_activities(activity_ids):
    """Post these queued activities to their inboxes (``leerkring.federation.delivery``)."""
    from .federation import delivery

    return delivery.deliver(activity_ids)


@task()
def retry_due_activities():
    """The federation sweeper: retries that are due, and rows a dead worker held."""
    from .federation import delivery

    return delivery.sweep()


@task()
def publish_key_lessons(network_ids):
    """Tell each network's followers what changed among its key lessons
    (``leerkring.federation.publishing``)."""
    from .federation import publishing

    return publishing.publish_networks(network_ids)


@task()
def federation_step(name, object_id):
    """One step of following that talks to another server (``leerkring.federation.following``),
    out of the request that asked for it."""
    from .federation import following

    return following.run_step(name, object_id)


# --- Digests and harvesting (the search's rebuild is leerkring.search.tasks) -----------


@task()
def send_digest_emails(frequencies=None):
    """The daily and weekly digests that are due (``leerkring.notifications.digests.send_digests``);
    each person gets theirs once a period, however often this runs."""
    wanted = tuple(f for f in (frequencies or DIGEST_PERIODS) if f in DIGEST_PERIODS)
    run = send_digests(wanted)
    return {
        "sent": len(run.sent),
        "empty": run.empty,
        "not_due": run.not_due,
        "failed": run.failed,
    }


@task()
def send_meeting_reminder_emails():
    """The reminders of tomorrow's meetings that are due
    (``leerkring.notifications.meetings``); each person gets one per meeting, however often
    this runs."""
    run = send_meeting_reminders()
    return {"meetings": run.meetings, "sent": run.sent, "failed": run.failed}


@task()
def harvest_remote_feeds(network_id=None):
    """Fetch the remote feeds of key lessons (``leerkring.harvest.harvest_feeds``)."""
    # Followed over ActivityPub, a network sends its lessons itself.
    feeds = (
        RemoteFeed.objects.filter(kind=RemoteFeed.Kind.JSON_FEED)
        .select_related("network")
        .order_by("network_id", "name", "pk")
    )
    if isinstance(network_id, int):
        feeds = feeds.filter(network_id=network_id)
    outcome = {"ok": 0, "failed": 0, "skipped": 0}
    for _feed, result in harvest_feeds(feeds):
        outcome["ok" if result.ok else "skipped" if result.skipped else "failed"] += 1
    return outcome


# --- The periodic jobs ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task
    # The latest moment, at or before ``now``, at which the job fell due: it runs again
    # when its last run started no later than that moment.
    due_since: Callable[[datetime], datetime]


def _every(minutes=None, *, setting=None):
    """Due every ``minutes``, or every so many minutes as ``setting`` says at the time."""

    def due_since(now):
        value = getattr(leerkring_settings, setting) if setting else minutes
        return now - timedelta(minutes=max(1, int(value)))

    return due_since


def _daily_at_digest_hour(now):
    hour = int(leerkring_settings.DIGEST_HOUR)
    local = timezone.localtime(now)
    today = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today <= local else today - timedelta(days=1)


def periodic_jobs():
    return [
        PeriodicJob("retry-email", retry_due_emails, _every(1)),
        PeriodicJob("retry-activities", retry_due_activities, _every(1)),
        PeriodicJob("prune", prune_old_records, _every(60)),
        PeriodicJob("digests", send_digest_emails, _daily_at_digest_hour),
        # Often, so that a meeting planned for later today is still announced in time; each
        # run reminds only those not reminded yet.
        PeriodicJob("meeting-reminders", send_meeting_reminder_emails, _every(15)),
        PeriodicJob(
            "harvest",
            harvest_remote_feeds,
            _every(setting="HARVEST_INTERVAL_MINUTES"),
        ),
    ]


def claim_run(job, now):
    """Whether this process may start ``job`` now; at most one process gets True per run."""
    PeriodicJobRun.objects.get_or_create(name=job.name)
    due = job.due_since(now)
    return bool(
        PeriodicJobRun.objects.filter(name=job.name)
        .filter(Q(last_run_at__isnull=True) | Q(last_run_at__lte=due))
        .update(last_run_at=now)
    )


def enqueue_due_jobs(now: datetime | None = None):
    """Enqueue every periodic job that is due; returns their names.

    A run whose enqueueing fails is lost, not repeated: every job catches up by itself on
    its next run (digests go by each person's last digest, the sweeper by each row).
    """
    now = now or timezone.now()
    started = []
    for job in periodic_jobs():
        try:
            if claim_run(job, now):
                job.task.enqueue()
                started.append(job.name)
        except Exception:
            logger.exception("Could not start the periodic job %s", job.name)
    return started
