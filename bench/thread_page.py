"""Render time of a thread page with many replies: a benchmark, not a test.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/thread_page.py [replies]

Builds a circle with one thread of N replies (default 500) in a scratch database, then
fetches the thread page as a member 20 times and prints the median and 95th percentile.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_site.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/leerkring-bench.sqlite3")


def main(replies=500, runs=20):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("flush", interactive=False, verbosity=0) if "--reuse" in sys.argv else None
    call_command("migrate", verbosity=0)
    from wagtail.models import Page, Site

    from tests.conftest import Circles  # noqa: F401 - fixtures' factories need the test tree
    from tests.factories import LearningCirclePageFactory, NetworkPageFactory
    from tests.test_circle_query_counts import build_thread

    root = Page.get_first_root_node()
    network = NetworkPageFactory(parent=root, slug=f"bench-{int(time.time())}")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": network}
    )
    circle = LearningCirclePageFactory(parent=network, member_cap=25)
    started = time.perf_counter()
    thread, members = build_thread(circle, replies)
    built = time.perf_counter() - started

    client = Client()
    client.force_login(members[1])
    url = circle.url + circle.reverse_subpage("thread", args=[thread.pk])
    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    timings.sort()
    print(
        f"{connection.vendor}: thread page with {replies} replies: "
        f"median {statistics.median(timings) * 1000:.0f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1] * 1000:.0f} ms, "
        f"{len(queries)} queries (building the thread took {built:.1f} s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 500)
