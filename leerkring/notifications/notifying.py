"""The instant emails: a new conversation, a new reply, a mention, a flagged reply.

Who gets one follows from :mod:`.following`; each carries the unsubscribe link of
:mod:`.unsubscribe` that stops the follow it came through.
"""

from django.contrib.auth import get_user_model

from ..mail import absolute, notification_message, send, send_templated_email, thread_path
from ..models import Membership
from .following import audience, follow_thread, mentioned_users
from .unsubscribe import STOP_CIRCLE, STOP_THREAD, settings_url, unsubscribe_url


def _users(ids):
    if not ids:
        return {}
    return get_user_model().objects.filter(is_active=True).exclude(email="").in_bulk(ids)


def notify_new_reply(thread, reply):
    """Auto-follow the replier, then email followers and the members mentioned."""
    return _notify(thread, reply, _new_reply_message)


def after_thread_started(thread):
    """Auto-follow the author, then email the circle's followers and the members mentioned."""
    return _notify(thread, None, _new_thread_message)


def _notify(thread, reply, follower_message):
    """Auto-follow whoever wrote the new thread (``reply`` None) or the reply, then email
    its followers, each the message ``follower_message`` makes, and the members mentioned in
    it. Nobody gets two; never the writer nor those who turned instant email off; a mention
    does not reach someone who muted the thread."""
    if reply is None:
        text, author, author_id = thread.body, thread.author, thread.author_id
    else:
        text, author, author_id = reply.comment, reply.user, reply.user_id
    follow_thread(author, thread)
    people = audience(thread)
    mentioned = {user.pk for user in mentioned_users(text, thread.circle, people.members)}
    skip = {author_id} | people.quiet
    mentioned = mentioned - skip - people.muted
    following = people.by_circle if reply is None else people.by_thread | people.by_circle
    followers = (following & people.members) - skip - mentioned
    users = _users(followers | mentioned)
    context = {
        "thread": thread,
        "circle": thread.circle,
        "reply": reply,
        "text": text,
        "author": author,
        "url": absolute(thread_path(thread, reply)),
        "settings_url": settings_url(),
    }
    messages = [
        follower_message(thread, users[pk], people, context)
        for pk in sorted(followers)
        if pk in users
    ]
    for pk in sorted(mentioned):
        if pk in users:
            stop_url = unsubscribe_url(users[pk], STOP_THREAD, thread)
            messages.append(notification_message("mention", users[pk], context, stop_url))
    return send(messages)


def _new_reply_message(thread, user, people, context):
    mute_url = unsubscribe_url(user, STOP_THREAD, thread)
    if user.pk in people.by_circle:
        stop_url = unsubscribe_url(user, STOP_CIRCLE, thread.circle)
        extra = {"via_circle": True, "mute_url": mute_url}
    else:
        stop_url, extra = mute_url, {"via_circle": False}
    return notification_message("new_reply", user, {**context, **extra}, stop_url)


def _new_thread_message(thread, user, _people, context):
    stop_url = unsubscribe_url(user, STOP_CIRCLE, thread.circle)
    return notification_message("new_thread", user, context, stop_url)


def notify_flag(thread, reply, flag):
    """Tell the circle's facilitators; part of their role, so no unsubscribe link."""
    facilitators = Membership.objects.facilitators().filter(circle=thread.circle)
    send_templated_email(
        "flag",
        [m.user.email for m in facilitators.select_related("user")],
        {
            "thread": thread,
            "reply": reply,
            "flag": flag,
            "url": absolute(thread_path(thread, reply)),
        },
        circle=thread.circle,
    )
