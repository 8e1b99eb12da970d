"""Run Leerkring's background work: the periodic jobs when they are due, and the task queue.

One process does both, in a loop: enqueue the periodic jobs that are due (retrying email
every minute, pruning every hour, digests daily at LEERKRING_DIGEST_HOUR, meeting reminders
every quarter of an hour, harvesting every LEERKRING_HARVEST_INTERVAL_MINUTES), work through
the database queue until it is empty, then wait ``--interval`` seconds. Any number of these
may run side by side: a periodic run is started by one of them only, and a queued task is
taken by one only (django-tasks-db locks it). SIGTERM or Ctrl+C stops the worker between
tasks; a second one stops it at once.

With the immediate task backend there is no queue: jobs run as they are enqueued, in this
process. ``--once`` does one round and exits, for cron and the tests.
"""

import logging
import random
import signal
import threading

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)
from django_tasks_db.management.commands.db_worker import (
    Worker,
    valid_interval,
    validate_worker_id,
)

from leerkring.tasks import enqueue_due_jobs

STOP_SIGNALS = [
    signal.SIGINT,
    signal.SIGTERM,
    *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []),
]


class LeerkringWorker(Worker):
    """django-tasks-db's worker, run in batch mode once per round of the loop."""

    def __init__(self, *, runs_queue, **kwargs):
        super().__init__(**kwargs)
        self.runs_queue = runs_queue
        self.wake = threading.Event()

    def shutdown(self, signum, frame):
        if not self.running:
            super().shutdown(signum, frame)  # the second signal: stop now
            return
        # The parent exits at once when no task runs; here a round may be enqueueing the
        # periodic jobs, so the loop is left to end by itself.
        self.running = False
        self.wake.set()

    def configure_signals(self):
        self._previous_handlers = {number: signal.getsignal(number) for number in STOP_SIGNALS}
        for number in STOP_SIGNALS:
            signal.signal(number, self.shutdown)

    def reset_signals(self):
        for number, handler in getattr(self, "_previous_handlers", {}).items():
            signal.signal(number, handler)

    def serve(self, *, once, on_round=None):
        while self.running:
            started = enqueue_due_jobs()
            if on_round is not None:
                on_round(started)
            if self.runs_queue and self.running:
                self.run()
            if once:
                return
            self.wake.wait(self.interval)


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (email retries, digests, feed harvesting) when they are due "
        "and work through the task queue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run what is due and the queue once, then exit (for cron and tests).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=5,
            help="Seconds to wait between rounds (default: %(default)s).",
        )
        parser.add_argument(
            "--queue-name",
            default="*",
            help="The queues to work through, separated by commas; '*' for all (default).",
        )
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            dest="backend_name",
            help="The task backend to work for (default: %(default)r).",
        )
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help="This worker's id, unique among the running workers (default: random).",
        )

    def handle(self, *, once, interval, queue_name, backend_name, worker_id, **options):
        DatabaseWorkerCommand(stdout=self.stdout, stderr=self.stderr).configure_logging(
            options["verbosity"]
        )
        if options["verbosity"] == 1:
            # The parent worker says at info that it starts and stops, once a round here.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        backend = task_backends[backend_name]
        worker = LeerkringWorker(
            runs_queue=isinstance(backend, DatabaseBackend),
            queue_names=queue_name.split(","),
            interval=interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )

        def report(started):
            if started and options["verbosity"] > 1:
                self.stdout.write(f"Started: {', '.join(started)}")

        worker.configure_signals()
        try:
            if not once and interval:
                # Workers started together (a deploy) should not all knock at once.
                worker.wake.wait(random.random() * min(interval, 5))
            worker.serve(once=once, on_round=report)
        finally:
            worker.reset_signals()
