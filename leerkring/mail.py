"""Our own emails: rendered in the site's language from a pair of plain-text templates
(``leerkring/emails/<template>_subject.txt`` and ``<template>.txt``), one message per
recipient, each tagged for the outbox with the circle it is about.

Notifications, joining and invitations all send through here. allauth's account emails go
through allauth's own adapter (:mod:`leerkring.accounts_adapter`) and Wagtail's workflow
emails through Wagtail; all of them leave through the same queued email backend.
"""

import html

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from . import public
from .outbox import tagged


def render(template, context):
    """``(subject, body)`` of ``leerkring/emails/<template>``, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"leerkring/emails/{template}_subject.txt", context)
        # The templates escape as for HTML; a subject is plain text, where "Wonen &amp;
        # Warmte" would be read literally. Unescaping gives back exactly what was escaped.
        subject = " ".join(html.unescape(subject).split())
        body = render_to_string(f"leerkring/emails/{template}.txt", context)
    return subject, body


def compose(subject, body, address, *, circle, kind, headers=None):
    """One message to one address. ``circle`` lets the undelivered-email list show it to
    that circle's coordinators; ``kind`` is the template it came from."""
    return tagged(
        EmailMessage(subject, body, None, [address], headers=headers), circle=circle, kind=kind
    )


def send(messages):
    """Send the messages that have an address; how many the connection took."""
    messages = [message for message in messages if message.to and message.to[0]]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def send_templated_email(template, recipients, context, *, circle=None):
    """Send ``template`` to each address.

    One message per recipient, so that no one sees who else was notified. Each is tagged
    with the circle it is about (``circle``, else the context's circle or thread's circle),
    so that an undelivered one is seen by that circle's coordinators.
    """
    recipients = [address for address in dict.fromkeys(recipients) if address]
    if not recipients:
        return 0
    if circle is None:
        circle = context.get("circle") or getattr(context.get("thread"), "circle", None)
    subject, body = render(template, context)
    send([compose(subject, body, address, circle=circle, kind=template) for address in recipients])
    return len(recipients)


def notification_message(template, user, context, stop_url):
    """One email to one person, with the List-Unsubscribe headers of RFC 2369 and 8058,
    tagged with the circle it is about (none for a digest, which spans circles)."""
    subject, body = render(template, {**context, "recipient": user, "stop_url": stop_url})
    headers = {
        "List-Unsubscribe": f"<{stop_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return compose(
        subject, body, user.email, circle=context.get("circle"), kind=template, headers=headers
    )


# --- Links ---------------------------------------------------------------------------------


def absolute(path):
    # Emails are read far from the request that sent them: every link is on the one
    # public address, whatever Host the request came in on.
    return public.absolute_url(path)


def thread_path(thread, reply=None):
    if reply is not None:
        return thread.circle.reply_path(thread.pk, reply.pk)
    return thread.circle.thread_path(thread.pk)
