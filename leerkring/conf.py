"""Settings of the leerkring app, each with its default; override them in Django settings as
``LEERKRING_<name>`` (``LEERKRING_REPLIES_PER_MINUTE = 3``).

Read at every use, never kept at import, so a changed setting (a test's) counts at once.
The README's settings table lists the same names and defaults; a test holds them together.
"""

from practices.conf import AppSettings

DEFAULTS = {
    # Conversations.
    # Replies a member may post per minute; facilitators and coordinators are not limited.
    "REPLIES_PER_MINUTE": 6,
    # Minutes after posting during which the author may still edit a reply.
    "REPLY_EDIT_MINUTES": 30,
    # Minutes during which the author can bring back a reply they deleted.
    "REPLY_UNDO_MINUTES": 5,
    # A second identical thread or reply by the same person within these minutes is taken
    # for a replayed form and not posted again.
    "REPEAT_MINUTES": 10,
    # Joining and logging in.
    # Invitations a facilitator may send per hour.
    "INVITATIONS_PER_HOUR": 30,
    # Failed logins for one account from all addresses together, per hour, before it waits.
    "LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR": 50,
    # Email (leerkring.outbox).
    # The backend that really sends the queued mail; empty means this default too.
    "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    # Delivery attempts before an email is a dead letter (at least 1).
    "EMAIL_MAX_ATTEMPTS": 8,
    # Minutes to wait after the first, second … failed attempt; every later attempt waits the
    # last of them. A mail server that is down for a night loses no mail.
    "EMAIL_RETRY_MINUTES": (1, 5, 15, 60, 240, 360),
    # Days sent mail is kept.
    "EMAIL_KEEP_SENT_DAYS": 7,
    # Days dead letters are kept: they hold the words of closed circles and of people who may
    # since have erased their account, so long enough for a coordinator to notice, not for ever.
    "EMAIL_KEEP_FAILED_DAYS": 30,
    # The worker (leerkring.tasks).
    # The hour (site time) at which the daily digests are sent.
    "DIGEST_HOUR": 7,
    # The hour (site time) from which members are reminded of the meetings of the next day.
    "MEETING_REMINDER_HOUR": 18,
    # Minutes between two harvests of the followed networks' feeds (at least 1).
    "HARVEST_INTERVAL_MINUTES": 60,
    # Harvesting (leerkring.harvest).
    # Networks (e.g. ["10.20.0.0/16"]) the harvester may fetch from although not public.
    "HARVEST_ALLOWED_PRIVATE_NETWORKS": (),
    # Seconds one feed's whole fetch may take, redirects included.
    "HARVEST_FETCH_SECONDS": 20,
    # Seconds one harvest run may take; the feeds it has no time for are skipped.
    "HARVEST_RUN_SECONDS": 120,
    # Federation (leerkring.federation).
    # Seconds other servers and caches may keep the actor, its collections and WebFinger.
    "FEDERATION_CACHE_SECONDS": 300,
    # The inbox (leerkring.federation.inbox).
    # Bytes an activity's body may have; a longer one is refused (413) without being read.
    "FEDERATION_MAX_ACTIVITY_BYTES": 256 * 1024,
    # How old a signed request's Date may be, and how far ahead of our clock.
    "FEDERATION_SIGNATURE_MAX_AGE_SECONDS": 12 * 3600,
    "FEDERATION_SIGNATURE_MAX_FUTURE_SECONDS": 300,
    # POSTs to the inboxes one client address may make per minute.
    "FEDERATION_INBOX_POSTS_PER_MINUTE": 300,
    # Servers (domains, their subdomains included) whose activities are refused (403).
    "FEDERATION_BLOCKED_DOMAINS": (),
    # Seconds fetching a remote actor's key may take, and hours a fetched actor is kept.
    "FEDERATION_KEY_FETCH_SECONDS": 5,
    "FEDERATION_ACTOR_TTL_HOURS": 24,
    # Seconds one delivery to a remote inbox may take, its connection included.
    "FEDERATION_DELIVERY_SECONDS": 10,
    # Delivery attempts before an activity is given up (at least 1), and the minutes to wait
    # after each failed one; the last value repeats. A server down for a day misses nothing.
    "FEDERATION_DELIVERY_MAX_ATTEMPTS": 8,
    "FEDERATION_RETRY_MINUTES": (1, 5, 30, 120, 360, 720),
}

leerkring_settings = AppSettings("LEERKRING_", DEFAULTS)
