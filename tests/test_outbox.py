"""Every email leaves the request through the outbox: stored with what caused it, delivered by
a task over a real SMTP connection, tried again with a back-off, and a dead letter for the
circle's coordinators when it cannot be delivered (leerkring.outbox, leerkring.tasks).

The mail server is a real one on 127.0.0.1 (tests/smtp_server.py) that counts connections and
messages; it is made unreachable by stopping it or by making it hang up on every connection.
"""

import os
import signal
import threading
import time
from datetime import timedelta
from email import message_from_bytes
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from leerkring import conversations, outbox, privacy, tasks
from leerkring.models import NotificationSettings, OutgoingEmail, PeriodicJobRun
from leerkring.notifications import following

from .factories import MembershipFactory, UserFactory
from .smtp_server import SMTPServer, free_port

Status = OutgoingEmail.Status

QUEUED_BACKEND = "leerkring.outbox.QueuedEmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The reply view commits for real in these, as in production: the delivery is asked for once
# the reply's transaction has committed, not at the end of a test's transaction.
committing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def url(circle, route=None, *args):
    return circle.url + (circle.reverse_subpage(route, args=args) if route else "")


def english_admin(user):
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


def deliver_over_smtp(settings, port):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.LEERKRING_EMAIL_DELIVERY_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def queued_smtp(settings, smtp):
    """The outbox in front, the test server behind it, tasks run at once."""
    deliver_over_smtp(settings, smtp.port)
    settings.TASKS = IMMEDIATE_TASKS
    return smtp


@pytest.fixture
def queued_locmem(settings):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.LEERKRING_EMAIL_DELIVERY_BACKEND = LOCMEM_BACKEND
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def conversation(circles):
    """A thread in the closed circle, followed by its author and by a second member who
    follows the whole circle: a reply by the facilitator emails both."""
    circle = circles.closed_circle
    member = circles.users["member"]
    second = UserFactory(username="tweede")
    MembershipFactory(circle=circle, user=second)
    thread = conversations.start_thread(
        circle, member, title="Warmtenet Benedenbuurt", body="Wie heeft ervaring?"
    )
    following.follow_thread(member, thread)
    following.set_circle_follow(second, circle, "follow")
    return circle, thread, [member.email, second.email]


def post_reply(circles, circle, thread, text="Wij hebben het net aangelegd."):
    client = Client()
    circles.login(client, "facilitator")
    return client.post(url(circle, "thread", thread.pk), {"text": text})


def run_worker():
    out = StringIO()
    call_command("leerkring_worker", "--once", stdout=out, stderr=out)
    return out.getvalue()


def later(minutes):
    """As if ``minutes`` had passed: what the outbox, the queue and the schedule wait for
    comes that much nearer."""
    delta = timedelta(minutes=minutes)
    OutgoingEmail.objects.update(
        next_attempt_at=F("next_attempt_at") - delta,
        created_at=F("created_at") - delta,
        claimed_at=F("claimed_at") - delta,
        last_attempt_at=F("last_attempt_at") - delta,
        sent_at=F("sent_at") - delta,
    )
    DBTaskResult.objects.exclude(run_after=get_date_max()).update(run_after=F("run_after") - delta)
    PeriodicJobRun.objects.exclude(last_run_at=None).update(last_run_at=F("last_run_at") - delta)


def queued_message(**kwargs):
    """Store one message through the outbox backend; the row, not yet delivered."""
    with outbox.QueuedEmailBackend() as backend:
        backend.send_messages([EmailMessage(**kwargs)])
    return OutgoingEmail.objects.latest("pk")


def new_row(**fields):
    defaults = {
        "subject": "Onderwerp",
        "body": "Tekst",
        "from_email": "Leerkring <noreply@leerkring.example>",
        "to": ["iemand@example.org"],
        "recipient_index": "\niemand@example.org\n",
        "next_attempt_at": timezone.now(),
    }
    return OutgoingEmail.objects.create(**{**defaults, **fields})


# --- The request never waits for, or fails with, the mail server --------------------------


@committing
def test_a_reply_goes_through_while_the_mail_server_hangs_up(circles, conversation, settings):
    """The immediate task backend delivers inside the request: the failure goes into the
    rows, the member gets the normal redirect and the reply is there."""
    server = SMTPServer().start()
    try:
        server.state.hang_up = True
        deliver_over_smtp(settings, server.port)
        circle, thread, recipients = conversation

        response = post_reply(circles, circle, thread)

        assert response.status_code == 303
        assert "Wij hebben het net aangelegd." in [
            reply.comment for reply in conversations.replies_of(thread)
        ]
        rows = list(OutgoingEmail.objects.order_by("pk"))
        assert sorted(row.to[0] for row in rows) == sorted(recipients)
        assert server.connections == 1  # one attempt for the batch, not one per mail
        for row in rows:
            assert row.status == Status.QUEUED
            assert row.attempts == 1
            assert "SMTPServerDisconnected" in row.last_error
            assert row.next_attempt_at > timezone.now()
        assert server.messages == []
    finally:
        server.stop()


@committing
def test_with_the_database_queue_no_connection_is_made_in_the_request(
    circles, conversation, settings, smtp
):
    deliver_over_smtp(settings, smtp.port)
    settings.TASKS = DATABASE_TASKS
    circle, thread, recipients = conversation

    response = post_reply(circles, circle, thread)

    assert response.status_code == 303
    assert response["Location"].startswith(url(circle, "thread", thread.pk))
    assert smtp.connections == 0
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.QUEUED}
    assert DBTaskResult.objects.filter(task_path="leerkring.tasks.deliver_emails").count() == 1

    run_worker()

    assert smtp.recipients() == sorted(recipients)
    assert smtp.connections == 1  # both over one connection
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}
    run_worker()
    assert len(smtp.messages) == 2


@committing
def test_mail_waits_while_the_server_is_down_and_goes_once_when_it_is_back(
    circles, conversation, settings
):
    port = free_port()
    deliver_over_smtp(settings, port)
    settings.TASKS = DATABASE_TASKS
    circle, thread, recipients = conversation

    assert post_reply(circles, circle, thread).status_code == 303
    run_worker()  # nothing listens on the port

    rows = list(OutgoingEmail.objects.all())
    assert {(row.status, row.attempts) for row in rows} == {(Status.QUEUED, 1)}
    assert all("ConnectionRefusedError" in row.last_error for row in rows)
    # The retry waits in the queue for its time (one minute after the first failure).
    retry = DBTaskResult.objects.filter(task_path="leerkring.tasks.deliver_emails").latest(
        "enqueued_at"
    )
    assert retry.run_after > timezone.now()

    server = SMTPServer(port).start()
    try:
        run_worker()
        assert server.messages == []  # not yet: the minute has not passed
        later(2)
        run_worker()
        assert server.recipients() == sorted(recipients)
        later(60)
        run_worker()
        run_worker()
        assert len(server.messages) == 2
    finally:
        server.stop()
    assert {(row.status, row.attempts) for row in OutgoingEmail.objects.all()} == {(Status.SENT, 2)}


@committing
def test_each_mail_is_delivered_once_however_often_its_delivery_is_queued(
    circles, conversation, settings, smtp
):
    deliver_over_smtp(settings, smtp.port)
    settings.TASKS = DATABASE_TASKS
    circle, thread, recipients = conversation
    post_reply(circles, circle, thread)
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))
    for _ in range(3):
        tasks.deliver_emails.enqueue(ids)
    later(10)  # the sweeper's grace has passed too
    tasks.retry_due_emails.enqueue()

    run_worker()

    assert smtp.recipients() == sorted(recipients)


# --- Claims, retries, dead letters ------------------------------------------------------


def test_two_claims_of_one_row_send_it_once(db, queued_smtp):
    row = queued_message(subject="Eén keer", body="Tekst", to=["een@example.org"])
    OutgoingEmail.objects.filter(pk=row.pk).update(status=Status.QUEUED, attempts=0)
    queued_smtp.state.messages.clear()

    first_token, first_rows = outbox.claim([row.pk])
    _second_token, second_rows = outbox.claim([row.pk])
    assert [r.pk for r in first_rows] == [row.pk]
    assert second_rows == []
    assert outbox.deliver([row.pk]) == {"sent": 0, "failed": 0}  # held by the first claim

    assert outbox.send_claimed(first_token, first_rows) == {"sent": 1, "failed": 0}
    assert outbox.deliver([row.pk]) == {"sent": 0, "failed": 0}  # sent already
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claim_token) == (Status.SENT, 1, "")
    assert len(queued_smtp.messages) == 1


@pytest.mark.postgres
@committing
def test_workers_racing_for_one_row_send_it_once(settings, smtp):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")
    deliver_over_smtp(settings, smtp.port)
    settings.TASKS = IMMEDIATE_TASKS
    row = new_row(to=["race@example.org"], recipient_index="\nrace@example.org\n")
    racers = 8
    barrier = threading.Barrier(racers)
    outcomes = []

    def race():
        try:
            barrier.wait(timeout=30)
            outcomes.append(outbox.deliver([row.pk]))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(outcome["sent"] for outcome in outcomes) == 1
    assert len(smtp.messages) == 1


@pytest.mark.postgres
@committing
def test_workers_racing_for_one_periodic_run_start_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (set DATABASE_URL)")
    job = tasks.periodic_jobs()[0]
    now = timezone.now()
    racers = 8
    barrier = threading.Barrier(racers)
    claims = []

    def race():
        try:
            barrier.wait(timeout=30)
            claims.append(tasks.claim_run(job, now))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(claims) == [False] * (racers - 1) + [True]


def test_failures_back_off_and_end_as_a_dead_letter(db, settings):
    server = SMTPServer().start()
    try:
        server.state.hang_up = True
        deliver_over_smtp(settings, server.port)
        settings.TASKS = IMMEDIATE_TASKS
        settings.LEERKRING_EMAIL_MAX_ATTEMPTS = 5
        row = new_row()
        waits = []
        for _attempt in range(5):
            OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
            before = timezone.now()
            outbox.deliver([row.pk])
            row.refresh_from_db()
            if row.status == Status.QUEUED:
                waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
        assert waits == [1, 5, 15, 60]
        assert row.status == Status.FAILED
        assert row.attempts == 5
        assert "SMTPServerDisconnected" in row.last_error
        assert server.connections == 5

        # A dead letter is not tried again by a stray task or the sweeper.
        outbox.deliver([row.pk])
        outbox.sweep()
        assert server.connections == 5
    finally:
        server.stop()


def test_a_retry_is_deferred_in_a_queue_that_can_wait(db, settings):
    deliver_over_smtp(settings, free_port())
    settings.TASKS = DATABASE_TASKS
    row = new_row()

    outbox.deliver([row.pk])

    row.refresh_from_db()
    retry = DBTaskResult.objects.get(task_path="leerkring.tasks.deliver_emails")
    assert retry.args_kwargs == {"args": [[row.pk]], "kwargs": {}}
    assert retry.run_after == row.next_attempt_at


def test_the_error_kept_is_one_short_line_without_the_password(db, settings):
    deliver_over_smtp(settings, free_port())
    settings.EMAIL_HOST_PASSWORD = "geheim-wachtwoord"
    error = RuntimeError("login failed for geheim-wachtwoord\n" + "x" * 2000)

    text = outbox.short_error(error)

    assert "geheim-wachtwoord" not in text
    assert "\n" not in text
    assert len(text) <= 500


def test_one_refused_address_does_not_hold_up_the_others(
    db, queued_smtp, django_capture_on_commit_callbacks
):
    queued_smtp.state.refused = {"weg@example.org"}
    with django_capture_on_commit_callbacks(execute=True), get_connection() as connection_:
        connection_.send_messages(
            [
                EmailMessage("Een", "Tekst", None, ["een@example.org"]),
                EmailMessage("Weg", "Tekst", None, ["weg@example.org"]),
                EmailMessage("Twee", "Tekst", None, ["twee@example.org"]),
            ]
        )

    outcome = {row.to[0]: row for row in OutgoingEmail.objects.all()}
    assert queued_smtp.recipients() == ["een@example.org", "twee@example.org"]
    assert queued_smtp.connections == 1
    assert outcome["weg@example.org"].status == Status.QUEUED
    assert "SMTPRecipientsRefused" in outcome["weg@example.org"].last_error
    assert outcome["een@example.org"].status == Status.SENT


def test_the_sweeper_sends_what_is_due_and_frees_what_a_dead_worker_held(db, queued_locmem):
    waiting = new_row(to=["wacht@example.org"])
    stuck = new_row(to=["vast@example.org"], status=Status.SENDING, claim_token="dood")
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=20)
    )
    busy = new_row(to=["bezig@example.org"], status=Status.SENDING, claim_token="levend")
    OutgoingEmail.objects.filter(pk=busy.pk).update(claimed_at=timezone.now())

    outbox.sweep()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "vast@example.org",
        "wacht@example.org",
    ]
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == (Status.SENT, 2)  # the interrupted one counts
    assert OutgoingEmail.objects.get(pk=waiting.pk).status == Status.SENT
    assert OutgoingEmail.objects.get(pk=busy.pk).status == Status.SENDING


def test_old_mail_is_pruned(db, settings):
    now = timezone.now()
    old_sent = new_row(status=Status.SENT, sent_at=now - timedelta(days=8))
    new_sent = new_row(status=Status.SENT, sent_at=now - timedelta(days=6))
    old_failed = new_row(status=Status.FAILED, last_attempt_at=now - timedelta(days=31))
    new_failed = new_row(status=Status.FAILED, last_attempt_at=now - timedelta(days=29))
    waiting = new_row(next_attempt_at=now - timedelta(days=40))

    tasks.prune_old_records.call()

    left = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assert left == {new_sent.pk, new_failed.pk, waiting.pk}
    assert old_sent.pk not in left and old_failed.pk not in left


# --- What is stored is what is sent --------------------------------------------------------


def test_a_message_with_everything_arrives_as_it_was_written(
    db, queued_smtp, django_capture_on_commit_callbacks
):
    message = EmailMultiAlternatives(
        subject="Verslag — bijeenkomst ✓",
        body="Zie de bijlagen.",
        from_email="Leerkring <noreply@leerkring.example>",
        to=["Anouk <anouk@example.org>"],
        cc=["cc@example.org"],
        bcc=["bcc@example.org"],
        reply_to=["antwoord@example.org"],
        headers={"X-Leerkring-Test": "ja"},
    )
    message.attach_alternative("<p>Zie de <b>bijlagen</b>.</p>", "text/html")
    message.attach("verslag.txt", "Eerste regel\nTweede regel", "text/plain")
    pdf = b"%PDF-1.4\x00\xff\xfe binary"
    message.attach("verslag.pdf", pdf, "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    row = OutgoingEmail.objects.get()
    assert row.status == Status.SENT
    assert row.recipient_index == "\nanouk@example.org\ncc@example.org\nbcc@example.org\n"
    [received] = queued_smtp.messages
    assert sorted(received.recipients) == [
        "anouk@example.org",
        "bcc@example.org",
        "cc@example.org",
    ]
    parsed = message_from_bytes(received.data)
    assert parsed["X-Leerkring-Test"] == "ja"
    assert parsed["Reply-To"] == "antwoord@example.org"
    assert "bcc@example.org" not in received.data.decode("ascii", "replace")
    parts = {part.get_content_type(): part for part in parsed.walk()}
    assert parts["text/html"].get_payload(decode=True).decode() == (
        "<p>Zie de <b>bijlagen</b>.</p>"
    )
    assert parts["application/pdf"].get_payload(decode=True) == pdf
    attachments = {part.get_filename(): part for part in parsed.walk() if part.get_filename()}
    # Text travels with CRLF line ends, as SMTP has it.
    text = attachments["verslag.txt"].get_payload(decode=True).decode()
    assert text.replace("\r\n", "\n") == "Eerste regel\nTweede regel"


def test_mail_is_stored_in_the_callers_transaction(
    db, queued_locmem, django_capture_on_commit_callbacks
):
    """A mail exists exactly when what caused it was saved: rolled back, it is gone too."""
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            EmailMessage("Nooit", "Tekst", None, ["nooit@example.org"]).send()
            raise RuntimeError("the reply could not be saved")
    assert callbacks == []

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_the_outbox_refuses_to_deliver_through_itself(
    db, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = QUEUED_BACKEND
    settings.LEERKRING_EMAIL_DELIVERY_BACKEND = QUEUED_BACKEND
    settings.TASKS = IMMEDIATE_TASKS

    with django_capture_on_commit_callbacks(execute=True):
        EmailMessage("Rond", "Tekst", None, ["rond@example.org"]).send()

    row = OutgoingEmail.objects.get()
    assert row.status == Status.QUEUED and "ImproperlyConfigured" in row.last_error


# --- Every sender goes through it: ours, tagged with the circle, and allauth's ----------


def test_circle_notifications_are_tagged_with_their_circle(
    circles, conversation, queued_locmem, django_capture_on_commit_callbacks
):
    circle, thread, recipients = conversation
    with django_capture_on_commit_callbacks(execute=True):
        assert post_reply(circles, circle, thread, "Zie @member").status_code == 303

    rows = list(OutgoingEmail.objects.all())
    assert sorted(row.to[0] for row in rows) == sorted(recipients)
    assert {row.circle_id for row in rows} == {circle.pk}
    assert {row.kind for row in rows} <= {"new_reply", "mention"}
    assert {row.status for row in rows} == {Status.SENT}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(recipients)
    assert not any("leerkring" in name.lower() for m in mail.outbox for name in m.extra_headers)


def test_a_flag_email_is_tagged_with_the_circle(
    circles, conversation, queued_locmem, django_capture_on_commit_callbacks
):
    circle, thread, _recipients = conversation
    reply = conversations.post_reply(thread, circles.users["facilitator"], "Cijfers")
    client = Client()
    circles.login(client, "member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(circle, "reply_action", thread.pk, reply.pk, "melden"), {"reason": "Klopt niet"}
        )

    row = OutgoingEmail.objects.get(kind="flag")
    assert row.circle_id == circle.pk
    assert row.to == [circles.users["facilitator"].email]


def test_a_digest_spans_circles_and_is_not_tagged(
    circles, conversation, queued_locmem, django_capture_on_commit_callbacks
):
    circle, thread, _recipients = conversation
    member = circles.users["member"]
    NotificationSettings.objects.create(user=member, digest="daily")
    conversations.post_reply(thread, circles.users["facilitator"], "Nieuws")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digest_emails.call()

    row = OutgoingEmail.objects.get(kind="digest")
    assert row.circle_id is None and row.status == Status.SENT
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_allauths_password_reset_goes_through_the_outbox(
    network, queued_locmem, django_capture_on_commit_callbacks
):
    UserFactory(username="joost")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/password/reset/", {"email": "joost@example.org"})

    assert response.status_code == 302
    row = OutgoingEmail.objects.get()
    assert row.to == ["joost@example.org"]
    assert row.status == Status.SENT
    assert (row.kind, row.circle_id) == ("", None)
    assert [message.to for message in mail.outbox] == [["joost@example.org"]]
    assert mail.outbox[0].subject == row.subject


@committing
def test_allauths_signup_confirmation_waits_in_the_queue_like_every_mail(network, settings, smtp):
    deliver_over_smtp(settings, smtp.port)
    settings.TASKS = DATABASE_TASKS
    password = "Warmtenet-Benedenbuurt-2030"

    response = Client().post(
        "/accounts/signup/",
        {
            "email": "anouk@example.org",
            "username": "anouk",
            "password1": password,
            "password2": password,
        },
    )

    assert response.status_code == 302
    assert smtp.connections == 0
    assert OutgoingEmail.objects.get().to == ["anouk@example.org"]
    run_worker()
    assert smtp.recipients() == ["anouk@example.org"]


# --- The worker and its periodic jobs ---------------------------------------------------


def test_a_periodic_run_is_started_by_one_worker_only(db):
    job = tasks.periodic_jobs()[0]
    now = timezone.now()

    assert tasks.claim_run(job, now) is True
    assert tasks.claim_run(job, now) is False
    assert tasks.claim_run(job, now + timedelta(seconds=30)) is False
    assert tasks.claim_run(job, now + timedelta(minutes=1)) is True


def test_digests_are_due_once_a_day_at_the_digest_hour(db, settings):
    from zoneinfo import ZoneInfo

    settings.LEERKRING_DIGEST_HOUR = 7
    job = next(job for job in tasks.periodic_jobs() if job.name == "digests")
    local = ZoneInfo("Europe/Amsterdam")
    day = timezone.datetime(2026, 12, 3, tzinfo=local)

    assert tasks.claim_run(job, day.replace(hour=3)) is True  # never ran: due at once
    assert tasks.claim_run(job, day.replace(hour=6, minute=59)) is False
    assert tasks.claim_run(job, day.replace(hour=7, minute=0, second=5)) is True
    assert tasks.claim_run(job, day.replace(hour=23)) is False
    assert tasks.claim_run(job, (day + timedelta(days=1)).replace(hour=7, minute=1)) is True


@committing
def test_the_worker_runs_each_periodic_job_once_however_many_rounds(network, settings):
    settings.TASKS = DATABASE_TASKS

    run_worker()
    run_worker()

    ran = DBTaskResult.objects.values_list("task_path", flat=True)
    assert sorted(ran) == [
        "leerkring.tasks.harvest_remote_feeds",
        "leerkring.tasks.prune_old_records",
        "leerkring.tasks.retry_due_activities",
        "leerkring.tasks.retry_due_emails",
        "leerkring.tasks.send_digest_emails",
        "leerkring.tasks.send_meeting_reminder_emails",
    ]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    later(2)
    run_worker()
    assert (
        sorted(DBTaskResult.objects.values_list("task_path", flat=True)).count(
            "leerkring.tasks.retry_due_emails"
        )
        == 2
    )


def test_the_worker_works_with_the_immediate_backend_too(db, queued_locmem):
    new_row(to=["wacht@example.org"], next_attempt_at=timezone.now() - timedelta(minutes=5))

    run_worker()

    assert [message.to for message in mail.outbox] == [["wacht@example.org"]]
    assert set(PeriodicJobRun.objects.values_list("name", flat=True)) == {
        "retry-email",
        "retry-activities",
        "prune",
        "digests",
        "meeting-reminders",
        "harvest",
    }


def _stop_the_worker_once_it_listens(stopped):
    """SIGTERM once the worker's handler is in place; if it did not stop within ten
    seconds, a second signal, which ends it at once (and so the test, not hanging)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        handler = signal.getsignal(signal.SIGTERM)
        if type(getattr(handler, "__self__", None)).__name__ == "LeerkringWorker":
            break
        time.sleep(0.01)
    time.sleep(0.2)  # a few rounds
    os.kill(os.getpid(), signal.SIGTERM)
    if not stopped.wait(10):
        os.kill(os.getpid(), signal.SIGTERM)


def test_sigterm_stops_the_worker_between_rounds(db, queued_locmem):
    before = signal.getsignal(signal.SIGTERM)
    stopped = threading.Event()
    stopper = threading.Thread(target=_stop_the_worker_once_it_listens, args=(stopped,))
    stopper.start()
    try:
        call_command("leerkring_worker", "--interval", "0.02", stdout=StringIO())
    finally:
        stopped.set()
        stopper.join()

    assert signal.getsignal(signal.SIGTERM) == before
    assert PeriodicJobRun.objects.filter(name="retry-email").exists()


def test_the_existing_commands_still_work(db, queued_locmem):
    out = StringIO()
    call_command("send_digests", stdout=out)
    call_command("harvest_remote_lessons", stdout=out)
    assert "Digests (daily, weekly): 0 sent" in out.getvalue()


def test_the_search_documents_can_be_rebuilt_as_a_task(network):
    from leerkring.search.models import SearchDocument
    from leerkring.search.tasks import rebuild_search_documents

    result = rebuild_search_documents.enqueue()

    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"documents": SearchDocument.objects.count()}


# --- The dead letters in the admin -------------------------------------------------------

LISTING = "/admin/leerkring/outgoingemail/"


def retry_url(row):
    return reverse("leerkring_outgoingemail_modeladmin_retry", args=[row.pk])


@pytest.fixture
def dead_letters(circles):
    body_marker = "BODYGEHEIM"

    def dead(subject, circle):
        return new_row(
            subject=subject,
            body=f"{body_marker} {subject}",
            circle=circle,
            status=Status.FAILED,
            attempts=8,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
            last_attempt_at=timezone.now(),
        )

    return {
        "region": dead("Nieuwe reactie in Gelderland", circles.closed_circle),
        "elsewhere": dead("Nieuwe reactie in Utrecht", circles.elsewhere_circle),
        "untagged": dead("Nieuw wachtwoord", None),
        "delivered": new_row(
            subject="Afgeleverd in Gelderland",
            circle=circles.closed_circle,
            status=Status.SENT,
            sent_at=timezone.now(),
        ),
        "body_marker": body_marker,
    }


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("coordinator", {"region"}),
        ("other_coordinator", {"elsewhere"}),
        ("superuser", {"region", "elsewhere", "untagged"}),
    ],
)
def test_dead_letters_are_listed_for_the_coordinators_of_their_circle(
    circles, dead_letters, role, seen
):
    if role == "superuser":
        circles.users[role] = UserFactory(username="baas", is_superuser=True, is_staff=True)
    client = english_admin(circles.users[role])

    response = client.get(LISTING)

    assert response.status_code == 200
    page = response.content.decode()
    for name in ("region", "elsewhere", "untagged", "delivered"):
        assert (dead_letters[name].subject in page) is (name in seen), name
    assert dead_letters["body_marker"] not in page
    assert "Connection unexpectedly closed" in page
    assert "Undelivered email" in page
    for name in seen:
        assert retry_url(dead_letters[name]) in page


@pytest.mark.parametrize("role", ["member", "facilitator", "outsider"])
def test_people_who_coordinate_nothing_do_not_reach_the_dead_letters(circles, dead_letters, role):
    client = Client()
    circles.login(client, role)

    for address in (LISTING, retry_url(dead_letters["region"])):
        assert client.get(address).status_code in (302, 403, 404)
    assert client.post(retry_url(dead_letters["region"])).status_code in (302, 403, 404)
    assert OutgoingEmail.objects.get(pk=dead_letters["region"].pk).status == Status.FAILED


def test_a_network_that_keeps_its_coordinators_out_keeps_its_dead_letters_too(
    circles, dead_letters
):
    from leerkring.models import NetworkAccess

    NetworkAccess.objects.filter(network=circles.region).update(coordinators_read_closed=False)
    client = english_admin(circles.users["coordinator"])

    assert dead_letters["region"].subject not in client.get(LISTING).content.decode()
    assert client.get(retry_url(dead_letters["region"])).status_code == 404


def test_a_coordinator_tries_a_dead_letter_again(
    circles, dead_letters, queued_locmem, django_capture_on_commit_callbacks
):
    client = english_admin(circles.users["coordinator"])
    row = dead_letters["region"]

    asked = client.get(retry_url(row))
    assert asked.status_code == 200
    assert row.subject in asked.content.decode()
    assert dead_letters["body_marker"] not in asked.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(retry_url(row))
    assert done.status_code == 302
    assert done["Location"] == LISTING
    row.refresh_from_db()
    # One more attempt: delivered now (the immediate backend, after the commit) or, if it
    # fails again, a dead letter again at once.
    assert (row.status, row.attempts) == (Status.SENT, 8)
    assert [message.to for message in mail.outbox] == [row.to]


def test_the_try_again_action_takes_no_bad_input(circles, dead_letters, queued_locmem):
    coordinator = english_admin(circles.users["coordinator"])
    other = english_admin(circles.users["other_coordinator"])
    region, elsewhere = dead_letters["region"], dead_letters["elsewhere"]
    base = "/admin/leerkring/outgoingemail/retry/"

    # Someone else's email, whatever its id looks like: as if it did not exist.
    assert other.get(retry_url(region)).status_code == 404
    assert other.post(retry_url(region)).status_code == 404
    assert coordinator.post(retry_url(elsewhere)).status_code == 404
    assert coordinator.post(retry_url(dead_letters["untagged"])).status_code == 404
    for bad in ("999999999", "0", "-1", "abc", "1.5", "9" * 30, "%00", "١٢"):
        assert coordinator.post(f"{base}{bad}/").status_code == 404, bad
    assert coordinator.put(retry_url(region)).status_code == 405
    assert coordinator.delete(retry_url(region)).status_code == 405
    # Without the CSRF token the POST is refused (and the text of nothing is lost).
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(circles.users["coordinator"])
    assert strict.post(retry_url(region)).status_code in (302, 403)
    assert OutgoingEmail.objects.get(pk=region.pk).status == Status.FAILED
    assert OutgoingEmail.objects.get(pk=elsewhere.pk).status == Status.FAILED

    # A replayed POST changes nothing more and says so.
    first = coordinator.post(retry_url(region))
    row = OutgoingEmail.objects.get(pk=region.pk)
    second = coordinator.post(retry_url(region), follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "no longer waiting" in second.content.decode()
    assert OutgoingEmail.objects.get(pk=region.pk).attempts == row.attempts
    # Its page no longer offers to try again.
    page = coordinator.get(retry_url(region)).content.decode()
    assert "not waiting to be tried again" in page


# --- Personal data --------------------------------------------------------------------------


def test_the_export_lists_the_mail_to_the_person_and_the_erasure_removes_it(circles):
    member = circles.users["member"]
    mine = new_row(
        subject="Aan het lid",
        to=[f"Lid <{member.email.upper()}>"],
        recipient_index=outbox.recipient_index([f"Lid <{member.email.upper()}>"]),
        status=Status.FAILED,
    )
    theirs = new_row(subject="Aan een ander", to=["ander@example.org"])

    exported = privacy.export(member)["emails"]

    assert exported == [
        {
            "subject": "Aan het lid",
            "status": Status.FAILED,
            "queued": mine.created_at,
            "sent": None,
            "attempts": 0,
        }
    ]
    privacy.erase_account(member, keep_replies=True)
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [theirs.pk]
