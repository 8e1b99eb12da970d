"""/healthz tells a load balancer whether this process can serve, and nothing more."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from leerkring.tasks import retry_due_emails

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthy_site_answers_ok_without_a_session(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def queued_task(enqueued_minutes_ago, run_after=None):
    result = retry_due_emails.using(run_after=run_after).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=enqueued_minutes_ago)
    )


def test_a_queue_nobody_takes_from_is_reported_late(client, db, settings):
    settings.TASKS = DATABASE_QUEUE
    queued_task(enqueued_minutes_ago=1)
    assert client.get("/healthz").json()["tasks"] == "ok"  # a worker has a moment yet

    queued_task(enqueued_minutes_ago=30)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "ok", "tasks": "late"}


def test_a_retry_queued_long_ago_for_now_is_not_late(client, db, settings):
    settings.TASKS = DATABASE_QUEUE
    queued_task(enqueued_minutes_ago=360, run_after=timezone.now() - timedelta(minutes=1))
    queued_task(enqueued_minutes_ago=60, run_after=timezone.now() + timedelta(hours=1))
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_reading_is_allowed(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405


def test_nothing_about_the_site_is_told(client, db, settings):
    settings.TASKS = DATABASE_QUEUE
    queued_task(enqueued_minutes_ago=30)
    body = client.get("/healthz").content.decode()
    assert set(client.get("/healthz").json()) == {"status", "database", "tasks"}
    for telling in ("django", "sqlite", "postgres", "version", "testserver", "retry"):
        assert telling not in body.lower()
