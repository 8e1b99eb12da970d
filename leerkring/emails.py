"""Notification emails, rendered in the site's language from plain-text templates."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .outbox import tagged


def send_templated_email(template, recipients, context, *, circle=None):
    """Send ``leerkring/emails/<template>_subject.txt`` and ``<template>.txt`` to each address.

    One message per recipient, so that no one sees who else was notified. Each is tagged
    with the circle it is about (``circle``, else the context's circle or thread's circle),
    so that an undelivered one is seen by that circle's coordinators.
    """
    recipients = [address for address in dict.fromkeys(recipients) if address]
    if not recipients:
        return 0
    if circle is None:
        circle = context.get("circle") or getattr(context.get("thread"), "circle", None)
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"leerkring/emails/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"leerkring/emails/{template}.txt", context)
    messages = [
        tagged(EmailMessage(subject, body, None, [address]), circle=circle, kind=template)
        for address in recipients
    ]
    get_connection().send_messages(messages)
    return len(recipients)
