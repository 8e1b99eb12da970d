"""The signed one-click unsubscribe link (RFC 8058) every notification carries.

The link works without logging in: its token names the person and what it stops, signed
with the site's secret. Following it (:func:`apply_unsubscribe`) stops that and nothing
else, and following it again changes nothing more.
"""

from django.core import signing
from django.urls import reverse

from ..mail import absolute
from ..models import Follow, NotificationSettings

# Changing the salt would break the links in every email already sent.
UNSUBSCRIBE_SALT = "leerkring.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 366  # a year: old emails keep working for a while

# What an unsubscribe link stops.
STOP_THREAD = "thread"  # mute one conversation (replies and mentions in it)
STOP_CIRCLE = "circle"  # mute a circle follow (new conversations and replies through it)
STOP_INSTANT = "all"  # no more instant emails at all
STOP_DIGEST = "digest"  # no more digests
STOP_REMINDERS = "reminders"  # no more reminders of meetings
STOP_KINDS = (STOP_THREAD, STOP_CIRCLE, STOP_INSTANT, STOP_DIGEST, STOP_REMINDERS)


def unsubscribe_token(user, kind, target=None):
    if kind not in STOP_KINDS:
        raise ValueError(f"unknown unsubscribe kind {kind!r}")
    target_id = getattr(target, "pk", target)
    return signing.dumps([user.pk, kind, target_id], salt=UNSUBSCRIBE_SALT)


class BadToken(Exception):
    pass


def read_unsubscribe_token(token):
    """``(user_id, kind, target_id)`` from a token, or :class:`BadToken`."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise BadToken(str(error)) from error
    if not (isinstance(value, list) and len(value) == 3):
        raise BadToken("malformed")
    user_id, kind, target_id = value
    if not isinstance(user_id, int) or kind not in STOP_KINDS:
        raise BadToken("malformed")
    needs_target = kind in (STOP_THREAD, STOP_CIRCLE)
    if needs_target != isinstance(target_id, int):
        raise BadToken("malformed")
    return user_id, kind, target_id


def unsubscribe_url(user, kind, target=None):
    path = reverse("leerkring:unsubscribe", args=[unsubscribe_token(user, kind, target)])
    return absolute(path)


def settings_url():
    return absolute(reverse("leerkring:notification_settings"))


def apply_unsubscribe(user, kind, target):
    """Stop what the link says; repeating it changes nothing more."""
    if kind == STOP_THREAD:
        Follow.objects.update_or_create(user=user, thread=target, defaults={"muted": True})
    elif kind == STOP_CIRCLE:
        Follow.objects.update_or_create(user=user, circle=target, defaults={"muted": True})
    elif kind == STOP_INSTANT:
        NotificationSettings.objects.update_or_create(user=user, defaults={"instant_email": False})
    elif kind == STOP_DIGEST:
        NotificationSettings.objects.update_or_create(user=user, defaults={"digest": "none"})
    elif kind == STOP_REMINDERS:
        NotificationSettings.objects.update_or_create(
            user=user, defaults={"meeting_reminders": False}
        )
    else:
        raise ValueError(f"unknown unsubscribe kind {kind!r}")
