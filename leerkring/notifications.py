"""Who hears about what happens in a conversation.

Recipients are worked out when a message is sent, from the circle's current members only, so
that someone who left a closed circle hears nothing more of it.
"""

import re

from django.contrib.auth import get_user_model

from .conversations import replies_of
from .emails import send_templated_email
from .models import Membership

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")


def current_member_ids(circle):
    return set(Membership.objects.active().filter(circle=circle).values_list("user_id", flat=True))


def mentioned_users(text, circle):
    usernames = set(MENTION.findall(text or ""))
    if not usernames:
        return []
    return list(
        get_user_model().objects.filter(username__in=usernames, pk__in=current_member_ids(circle))
    )


def participants(thread):
    ids = set(replies_of(thread).values_list("user_id", flat=True))
    if thread.author_id:
        ids.add(thread.author_id)
    return ids


def notify_new_reply(request, thread, reply):
    members = current_member_ids(thread.circle)
    url = request.build_absolute_uri(
        thread.circle.url
        + thread.circle.reverse_subpage("thread", args=[thread.pk])
        + f"#reactie-{reply.pk}"
    )
    mentioned = {user.pk for user in mentioned_users(reply.comment, thread.circle)}
    followers = (participants(thread) & members) - mentioned - {reply.user_id}
    users = get_user_model().objects.in_bulk(followers | (mentioned - {reply.user_id}))
    context = {"thread": thread, "reply": reply, "author": reply.user, "url": url}
    send_templated_email("new_reply", [users[pk].email for pk in followers if pk in users], context)
    send_templated_email(
        "mention",
        [users[pk].email for pk in mentioned - {reply.user_id} if pk in users],
        context,
    )


def notify_flag(request, thread, reply, flag):
    facilitators = Membership.objects.facilitators().filter(circle=thread.circle)
    url = request.build_absolute_uri(
        thread.circle.url
        + thread.circle.reverse_subpage("thread", args=[thread.pk])
        + f"#reactie-{reply.pk}"
    )
    send_templated_email(
        "flag",
        [m.user.email for m in facilitators.select_related("user")],
        {"thread": thread, "reply": reply, "flag": flag, "url": url},
    )
