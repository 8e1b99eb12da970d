"""The outbox: every email leaves the request through a queue, with retries and dead letters.

``QueuedEmailBackend`` is Django's ``EMAIL_BACKEND``, so it catches every email the site
sends (ours, allauth's, Wagtail's) without any call site knowing. It stores each message as
an :class:`~leerkring.models.OutgoingEmail` row in the caller's transaction, so that a mail
exists exactly when what caused it was saved, and asks for delivery once that transaction
has committed, so that a worker never looks for a row it cannot see yet.

Delivery (:func:`deliver`, run by the task ``leerkring.tasks.deliver_emails``) goes through
``LEERKRING_EMAIL_DELIVERY_BACKEND``, the real transport. It claims its rows with a
conditional update first, so two workers never send one mail twice; a failure is written
into the row and tried again later (``LEERKRING_EMAIL_RETRY_MINUTES``), and after
``LEERKRING_EMAIL_MAX_ATTEMPTS`` the row is a dead letter, listed for coordinators in the
admin. Nothing here raises into a request: with the immediate task backend the delivery runs
in the request, and a broken mail server then costs the request at most ``EMAIL_TIMEOUT``.

Delivery is at least once, not exactly once: a worker that dies between the mail server's
"250 OK" and marking the row sent leaves it "sending", and the sweeper sends it again.
"""

import base64
import logging
import smtplib
from datetime import timedelta
from email import message_from_bytes
from email.mime.base import MIMEBase
from email.utils import parseaddr
from functools import partial
from itertools import groupby
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .conf import DEFAULTS, leerkring_settings
from .models.outbox import LAST_ERROR_MAX_LENGTH, OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status

# A delivery run that has held rows this long has died (a worker killed mid-send).
STALE_CLAIM = timedelta(minutes=15)
# Rows whose own deferred task should have run by now; the sweeper leaves younger ones to
# their task, so that a working queue is not sent every mail twice to claim.
SWEEP_GRACE = timedelta(minutes=2)
DELIVERY_BATCH = 50
SWEEP_LIMIT = 1000

# Errors about one message, not the connection: the next message may well go through.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
    UnicodeError,
    ValueError,
    TypeError,
)


def max_attempts():
    return max(1, int(leerkring_settings.EMAIL_MAX_ATTEMPTS))


def retry_delay(attempts):
    """How long to wait after the ``attempts``-th failed attempt."""
    delays = list(leerkring_settings.EMAIL_RETRY_MINUTES) or [0]
    index = min(max(attempts, 1), len(delays)) - 1
    return timedelta(minutes=delays[index])


def delivery_backend():
    path = leerkring_settings.EMAIL_DELIVERY_BACKEND or DEFAULTS["EMAIL_DELIVERY_BACKEND"]
    if issubclass(import_string(path), QueuedEmailBackend):
        raise ImproperlyConfigured(
            "LEERKRING_EMAIL_DELIVERY_BACKEND must be a backend that really sends, "
            "not the outbox itself."
        )
    return path


# --- Tagging: what our own code knows about a message ------------------------------------


def tagged(message, *, circle=None, kind=""):
    """Mark ``message`` as being about ``circle`` (a page or its id) and of ``kind``.

    Python attributes, read by :class:`QueuedEmailBackend` into the row; other backends
    ignore them and they never become headers.
    """
    message.leerkring_circle_id = getattr(circle, "pk", circle)
    message.leerkring_kind = kind
    return message


# --- Storing: EmailMessage → row ------------------------------------------------------------


def _bare_addresses(addresses):
    return [parseaddr(str(address))[1].lower() for address in addresses if address]


def recipient_index(addresses):
    found = [address for address in _bare_addresses(addresses) if address]
    return "\n" + "\n".join(dict.fromkeys(found)) + "\n" if found else ""


def addressed_to_q(addresses):
    """Rows with any of these addresses among their recipients."""
    query = Q(pk__in=[])
    for address in _bare_addresses(addresses):
        if address:
            query |= Q(recipient_index__contains=f"\n{address}\n")
    return query


def _content(value):
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, EmailMessage):
        value = value.message()
    if hasattr(value, "as_bytes"):
        value = value.as_bytes()
    return {"base64": base64.b64encode(bytes(value)).decode("ascii")}


def _from_content(stored):
    if "text" in stored:
        return stored["text"]
    return base64.b64decode(stored["base64"])


def _attachments(message):
    stored = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            stored.append({"mime": _content(attachment)})
        else:
            filename, content, mimetype = attachment
            stored.append({"filename": filename, "mimetype": mimetype, **_content(content)})
    return stored


def _mime_part(stored):
    """A MIMEBase again from its bytes, headers and payload as they were."""
    parsed = message_from_bytes(_from_content(stored))
    part = MIMEBase(parsed.get_content_maintype(), parsed.get_content_subtype())
    for name in list(part.keys()):
        del part[name]
    for name, value in parsed.items():
        part[name] = value
    part.set_payload(parsed.get_payload())
    return part


def _mime_options(message):
    defaults = {
        "content_subtype": "plain",
        "mixed_subtype": "mixed",
        "alternative_subtype": "alternative",
        "encoding": None,
    }
    return {
        name: getattr(message, name)
        for name, default in defaults.items()
        if getattr(message, name, default) != default and isinstance(getattr(message, name), str)
    }


def _circle_id(message):
    value = getattr(message, "leerkring_circle_id", None)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def row_for(message, now):
    return OutgoingEmail(
        kind=str(getattr(message, "leerkring_kind", "") or "")[:50],
        circle_id=_circle_id(message),
        subject=str(message.subject or ""),
        body=str(message.body or ""),
        from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        to=[str(address) for address in message.to],
        cc=[str(address) for address in message.cc],
        bcc=[str(address) for address in message.bcc],
        reply_to=[str(address) for address in message.reply_to],
        recipient_index=recipient_index(message.recipients()),
        headers={str(name): str(value) for name, value in message.extra_headers.items()},
        alternatives=[
            [_content(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=_attachments(message),
        mime_options=_mime_options(message),
        next_attempt_at=now,
    )


def message_of(row):
    """The row as an EmailMessage again, for the delivery backend."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=dict(row.headers),
    )
    for content, mimetype in row.alternatives:
        message.attach_alternative(_from_content(content), mimetype)
    for stored in row.attachments:
        if "mime" in stored:
            message.attach(_mime_part(stored["mime"]))
        else:
            message.attach(stored["filename"], _from_content(stored), stored["mimetype"])
    for name, value in row.mime_options.items():
        setattr(message, name, value)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Stores messages in the outbox instead of sending them (see the module's docstring).

    Messages stored while the connection is open (``with get_connection() as c:``, as the
    digests do) are handed to delivery together when it closes: one task, one SMTP session.
    """

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self._opened = False
        self._pending = []

    def open(self):
        if self._opened:
            return False
        self._opened = True
        return True

    def close(self):
        self._opened = False
        pending, self._pending = self._pending, []
        if pending:
            transaction.on_commit(partial(queue_delivery, pending))

    def send_messages(self, email_messages):
        now = timezone.now()
        rows = [row_for(message, now) for message in email_messages if message.recipients()]
        if not rows:
            return 0
        try:
            with transaction.atomic():
                OutgoingEmail.objects.bulk_create(rows)
        except DatabaseError:
            if not self.fail_silently:
                raise
            logger.exception("Could not store %d email(s) in the outbox", len(rows))
            return 0
        ids = [row.pk for row in rows]
        if self._opened:
            self._pending.extend(ids)
        else:
            transaction.on_commit(partial(queue_delivery, ids))
        return len(rows)


# --- Delivering ------------------------------------------------------------------------------


def queue_delivery(email_ids, run_after=None):
    """Ask the task backend to deliver these rows; never raises.

    A row whose task is lost (the queue was unreachable) stays queued and the sweeper
    picks it up.
    """
    from .tasks import deliver_emails  # which imports this module

    try:
        task = deliver_emails
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=run_after)
        for start in range(0, len(email_ids), DELIVERY_BATCH):
            task.enqueue(list(email_ids[start : start + DELIVERY_BATCH]))
    except Exception:
        logger.exception("Could not queue the delivery of emails %s", email_ids)


def _valid_ids(email_ids):
    if not isinstance(email_ids, list | tuple):
        return []
    return [pk for pk in email_ids if isinstance(pk, int) and not isinstance(pk, bool) and pk > 0]


def claim(email_ids, now=None):
    """Take the due queued rows among ``email_ids`` for one delivery run.

    One UPDATE, whose WHERE only matches queued rows: of two runs claiming the same row,
    the database lets exactly one change it. Returns the token and the rows it holds.
    """
    now = now or timezone.now()
    token = uuid4().hex
    ids = _valid_ids(email_ids)
    if not ids:
        return token, []
    OutgoingEmail.objects.filter(pk__in=ids, status=Status.QUEUED, next_attempt_at__lte=now).update(
        status=Status.SENDING, claim_token=token, claimed_at=now
    )
    rows = OutgoingEmail.objects.filter(pk__in=ids, status=Status.SENDING, claim_token=token)
    return token, list(rows.order_by("pk"))


def short_error(error):
    """What went wrong, in a line: no traceback, no password."""
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", errors="replace")
        text = f"{type(error).__name__}: {error.smtp_code} {reply}"
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    password = getattr(settings, "EMAIL_HOST_PASSWORD", "")
    if password:
        text = text.replace(password, "***")
    text = " ".join(text.split())
    return text[:LAST_ERROR_MAX_LENGTH]


def _mark_sent(row, token, now):
    OutgoingEmail.objects.filter(pk=row.pk, claim_token=token).update(
        status=Status.SENT,
        sent_at=now,
        last_attempt_at=now,
        attempts=F("attempts") + 1,
        last_error="",
        claim_token="",
    )


def _mark_failed(rows, token, error, now):
    """Write the failure into each row; return the rows to try again, with their times."""
    reason = short_error(error) if isinstance(error, BaseException) else str(error)
    limit = max_attempts()
    retries = []
    for row in rows:
        attempts = row.attempts + 1
        changes = {
            "attempts": attempts,
            "last_error": reason,
            "last_attempt_at": now,
            "claim_token": "",
        }
        if attempts >= limit:
            changes["status"] = Status.FAILED
        else:
            changes["status"] = Status.QUEUED
            changes["next_attempt_at"] = now + retry_delay(attempts)
            retries.append((changes["next_attempt_at"], row.pk))
        OutgoingEmail.objects.filter(pk=row.pk, claim_token=token).update(**changes)
        if changes["status"] == Status.FAILED:
            logger.warning(
                "Email %s is undelivered after %d attempts: %s", row.pk, attempts, reason
            )
    return retries


def deliver(email_ids):
    """Send the due queued rows among ``email_ids`` over one connection; never raises.

    Returns how many were sent and how many failed this time.
    """
    try:
        token, rows = claim(email_ids)
        return send_claimed(token, rows)
    except Exception:
        logger.exception("Delivering emails %s failed", email_ids)
        return {"sent": 0, "failed": 0}


def send_claimed(token, rows):
    """Send rows this run has claimed under ``token``, recording each outcome in its row."""
    sent = failed = 0
    if not rows:
        return {"sent": sent, "failed": failed}
    retries = []
    try:
        connection = get_connection(delivery_backend(), fail_silently=False)
        connection.open()
    except Exception as error:
        logger.warning("Could not connect to deliver %d email(s): %s", len(rows), error)
        retries += _mark_failed(rows, token, error, timezone.now())
        failed = len(rows)
    else:
        try:
            for index, row in enumerate(rows):
                try:
                    message = message_of(row)
                except Exception as error:  # a row that cannot be read back
                    retries += _mark_failed([row], token, error, timezone.now())
                    failed += 1
                    continue
                try:
                    accepted = connection.send_messages([message])
                except MESSAGE_ERRORS as error:
                    retries += _mark_failed([row], token, error, timezone.now())
                    failed += 1
                    continue
                except Exception as error:  # the connection is gone: so is the rest's
                    logger.warning("Delivery stopped at email %s: %s", row.pk, error)
                    retries += _mark_failed(rows[index:], token, error, timezone.now())
                    failed += len(rows) - index
                    break
                if accepted:
                    _mark_sent(row, token, timezone.now())
                    sent += 1
                else:
                    retries += _mark_failed(
                        [row], token, "The mail server accepted nothing.", timezone.now()
                    )
                    failed += 1
        finally:
            try:
                connection.close()
            except Exception:
                logger.warning("Could not close the mail connection", exc_info=True)
    for run_after, group in groupby(sorted(retries), key=lambda item: item[0]):
        queue_delivery([pk for _when, pk in group], run_after=run_after)
    return {"sent": sent, "failed": failed}


# --- Sweeping, retrying, pruning ------------------------------------------------------------


def release_stale_claims(now=None):
    """Rows held by a run that died: back in the queue, counting the attempt, so that a
    message which kills its worker every time still ends as a dead letter."""
    now = now or timezone.now()
    stale = OutgoingEmail.objects.filter(status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    reason = "The delivery was interrupted; it is tried again."
    limit = max_attempts()
    given_up = stale.filter(attempts__gte=limit - 1).update(
        status=Status.FAILED,
        attempts=F("attempts") + 1,
        last_error=reason,
        last_attempt_at=now,
        claim_token="",
    )
    released = stale.update(
        status=Status.QUEUED,
        attempts=F("attempts") + 1,
        last_error=reason,
        last_attempt_at=now,
        next_attempt_at=now,
        claim_token="",
    )
    return released + given_up


def sweep(now=None):
    """Queue the delivery of every row that is due and has no task that will take it."""
    from .tasks import deliver_emails  # which imports this module

    now = now or timezone.now()
    released = release_stale_claims(now)
    grace = SWEEP_GRACE if deliver_emails.get_backend().supports_defer else timedelta(0)
    due = list(
        OutgoingEmail.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now - grace)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    if due:
        queue_delivery(due)
    return {"released": released, "queued": len(due)}


def prune(now=None):
    """Forget sent mail after LEERKRING_EMAIL_KEEP_SENT_DAYS and dead letters after
    LEERKRING_EMAIL_KEEP_FAILED_DAYS."""
    now = now or timezone.now()
    keep_sent = int(leerkring_settings.EMAIL_KEEP_SENT_DAYS)
    keep_failed = int(leerkring_settings.EMAIL_KEEP_FAILED_DAYS)
    sent, _ = OutgoingEmail.objects.filter(
        status=Status.SENT, sent_at__lt=now - timedelta(days=keep_sent)
    ).delete()
    failed, _ = OutgoingEmail.objects.filter(
        status=Status.FAILED, last_attempt_at__lt=now - timedelta(days=keep_failed)
    ).delete()
    return {"sent": sent, "failed": failed}


def retry_undelivered(email):
    """Give a dead letter one more attempt, now; False when it is not a dead letter (any
    more: a second click, or a worker got there first)."""
    now = timezone.now()
    changed = OutgoingEmail.objects.filter(pk=email.pk, status=Status.FAILED).update(
        status=Status.QUEUED,
        attempts=max_attempts() - 1,
        next_attempt_at=now,
        claim_token="",
    )
    if changed:
        transaction.on_commit(partial(queue_delivery, [email.pk]))
    return bool(changed)
