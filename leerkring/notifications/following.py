"""What each person follows, and who of a circle's current members a message reaches.

A person follows a conversation when they start it or reply (:func:`follow_thread`), can
follow a whole circle and mute a conversation. Whether they may hear about it is decided
from the circle's *current active members* only (:func:`audience`): someone who left a
closed circle, or never was in it, hears nothing of it, whatever they still follow.
"""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from ..access import email_recipients
from ..models import Follow, NotificationSettings

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")


# --- Members and mentions ------------------------------------------------------------------


def current_member_ids(circle):
    return email_recipients(circle)


def mentioned_users(text, circle, members=None):
    """Current members of the circle mentioned as ``@username``; nobody else."""
    usernames = set(MENTION.findall(text or ""))
    if not usernames:
        return []
    if members is None:
        members = current_member_ids(circle)
    return list(get_user_model().objects.filter(username__in=usernames, pk__in=members))


# --- Following -----------------------------------------------------------------------------


def follow_thread(user, thread):
    """Follow a thread, as its author or a replier does automatically.

    An existing choice stands: someone who muted the thread stays muted when they reply.
    """
    if not user or not user.is_authenticated:
        return None
    follow, _created = Follow.objects.get_or_create(user=user, thread=thread)
    return follow


def set_thread_follow(user, thread, action, circle_follow=None):
    """Carry out follow / unfollow / mute / unmute on a thread for this user.

    Unfollowing a thread that reaches the user through a circle follow mutes it instead,
    so that the button does what it says.
    """
    if action in ("follow", "unmute"):
        Follow.objects.update_or_create(user=user, thread=thread, defaults={"muted": False})
    elif action == "mute":
        Follow.objects.update_or_create(user=user, thread=thread, defaults={"muted": True})
    elif action == "unfollow":
        if circle_follow is None:
            circle_follow = Follow.objects.filter(user=user, circle_id=thread.circle_id).first()
        if circle_follow is not None and not circle_follow.muted:
            Follow.objects.update_or_create(user=user, thread=thread, defaults={"muted": True})
        else:
            Follow.objects.filter(user=user, thread=thread).delete()
    else:
        raise ValueError(f"unknown follow action {action!r}")


def set_circle_follow(user, circle, action):
    """Follow or stop following a circle; stopping keeps a muted row as the member's choice."""
    if action not in ("follow", "unfollow", "mute", "unmute"):
        raise ValueError(f"unknown follow action {action!r}")
    muted = action in ("unfollow", "mute")
    Follow.objects.update_or_create(user=user, circle=circle, defaults={"muted": muted})


@dataclass(frozen=True)
class FollowState:
    """What the follow buttons of a thread show for one user."""

    thread_follow: Follow | None = None
    circle_follow: Follow | None = None

    @property
    def follows_circle(self):
        return self.circle_follow is not None and not self.circle_follow.muted

    @property
    def is_muted(self):
        return self.thread_follow is not None and self.thread_follow.muted

    @property
    def is_following(self):
        """Whether new replies in the thread reach this user."""
        if self.thread_follow is not None:
            return not self.thread_follow.muted
        return self.follows_circle

    @property
    def via_circle(self):
        return self.thread_follow is None and self.follows_circle


def follow_state(user, thread):
    """The user's follows of this thread and its circle, in at most one query."""
    if not user.is_authenticated:
        return FollowState()
    thread_follow = circle_follow = None
    for follow in Follow.objects.filter(
        Q(thread_id=thread.pk) | Q(circle_id=thread.circle_id), user=user
    ):
        if follow.thread_id:
            thread_follow = follow
        else:
            circle_follow = follow
    return FollowState(thread_follow, circle_follow)


def circle_follow_state(user, circle):
    """The user's follow of a circle, for its follow button, in at most one query."""
    if not user.is_authenticated:
        return FollowState()
    return FollowState(circle_follow=Follow.objects.filter(user=user, circle=circle).first())


def settings_of(user):
    """The user's notification settings; an unsaved row with the defaults if none is stored."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def _quiet_ids(user_ids):
    """Of these users, those who turned instant email off."""
    if not user_ids:
        return set()
    return set(
        NotificationSettings.objects.filter(user_id__in=user_ids, instant_email=False).values_list(
            "user_id", flat=True
        )
    )


@dataclass
class Audience:
    """Who follows a thread, worked out for the circle's current members only."""

    members: set
    by_thread: set  # follow the thread itself, not muted
    by_circle: set  # follow the circle and did not mute or follow the thread
    muted: set  # muted the thread
    quiet: set  # turned instant email off


def audience(thread):
    members = current_member_ids(thread.circle)
    by_thread, by_circle, muted, circle_followers, thread_rows = set(), set(), set(), set(), set()
    rows = Follow.objects.filter(
        Q(thread_id=thread.pk) | Q(circle_id=thread.circle_id), user_id__in=members
    ).values_list("user_id", "thread_id", "muted")
    for user_id, thread_id, is_muted in rows:
        if thread_id:
            thread_rows.add(user_id)
            (muted if is_muted else by_thread).add(user_id)
        elif not is_muted:
            circle_followers.add(user_id)
    by_circle = circle_followers - thread_rows
    return Audience(members, by_thread, by_circle, muted, _quiet_ids(members))
