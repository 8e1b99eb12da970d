"""Notification emails, rendered in the site's language from plain-text templates."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(template, recipients, context):
    """Send ``leerkring/emails/<template>_subject.txt`` and ``<template>.txt`` to each address.

    One message per recipient, so that no one sees who else was notified.
    """
    recipients = [address for address in dict.fromkeys(recipients) if address]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"leerkring/emails/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"leerkring/emails/{template}.txt", context)
    for address in recipients:
        send_mail(subject, body, None, [address])
    return len(recipients)
