"""Each person's secret calendar address: making it, replacing it, revoking it, reading it.

The address is ``/agenda/<link id>-<secret>.ics``. The secret is the link's random seed
signed with the site's key (and a salt used for nothing else); the database keeps only the
seed. So a copy of the database alone opens no feed, the key alone opens none either, and
the profile page can show the address again whenever its owner wants to copy it.
``Signer`` compares in constant time and honours SECRET_KEY_FALLBACKS, so the addresses
survive a key rotation while the old key is a fallback.

Every change names the link it changes (the id in the form), so a POST sent twice changes
nothing the second time: the second "new link" does not replace the link just made, and an
old "revoke" from the browser's history does not revoke a newer link.
"""

import re
import secrets

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import CalendarLink
from .public import absolute_url

LINK_SALT = "leerkring.calendar.personal-link"
# "<id>-<signature>": the id is digits, a signature base64 without padding (43 characters).
TOKEN_RE = re.compile(r"([0-9]{1,18})-([A-Za-z0-9_-]{43})")
SEED_BYTES = 32


def _signer():
    return signing.Signer(salt=LINK_SALT)


def link_token(link):
    return f"{link.pk}-{_signer().signature(link.seed)}"


def link_of_token(token):
    """The active link a token belongs to, with its user; ``None`` for an unknown, tampered
    or revoked token and for a deactivated account."""
    match = TOKEN_RE.fullmatch(token)
    if match is None:
        return None
    link_id, signature = match.groups()
    link = (
        CalendarLink.objects.select_related("user")
        .filter(pk=int(link_id), revoked_at__isnull=True, user__is_active=True)
        .exclude(seed="")
        .first()
    )
    if link is None:
        return None
    signer = _signer()
    try:
        signer.unsign(f"{link.seed}{signer.sep}{signature}")
    except signing.BadSignature:
        return None
    return link


def feed_url(link, circle=None):
    """The full, secret address of the person's feed; with ``circle``, of that circle's
    meetings only. Show it to its owner only: whoever has it can read the meetings."""
    path = reverse("leerkring:calendar_feed", args=[link_token(link)])
    if circle is not None:
        path += f"?kring={circle.pk}"
    return absolute_url(path)


def webcal_url(url):
    """The same address as ``webcal://``, which opens the calendar app on most systems."""
    return "webcal://" + url.split("://", 1)[1]


# Making, replacing and revoking


def active_link(user):
    return CalendarLink.objects.filter(user=user, revoked_at__isnull=True).exclude(seed="").first()


def _new_seed():
    return secrets.token_urlsafe(SEED_BYTES)


def make_link(user):
    """``(link, made)``: the user's active link, made now when they have none (a revoked
    one is replaced by it)."""
    current = active_link(user)
    if current is not None:
        return current, False
    try:
        with transaction.atomic():
            CalendarLink.objects.filter(user=user).delete()
            return CalendarLink.objects.create(user=user, seed=_new_seed()), True
    except IntegrityError:  # the same request, sent twice at once, made it a moment ago
        return active_link(user), False


def renew_link(user, link_id):
    """Replace the active link ``link_id`` by a new one, which is returned; the old address
    stops working at once. ``None`` when ``link_id`` is not the user's active link (any more)."""
    try:
        with transaction.atomic():
            replaced, _ = (
                CalendarLink.objects.filter(user=user, pk=link_id, revoked_at__isnull=True)
                .exclude(seed="")
                .delete()
            )
            if not replaced:
                return None
            return CalendarLink.objects.create(user=user, seed=_new_seed())
    except IntegrityError:
        return None


def revoke_link(user, link_id):
    """Revoke the active link ``link_id``; whether it was (not when it was revoked already)."""
    return bool(
        CalendarLink.objects.filter(user=user, pk=link_id, revoked_at__isnull=True).update(
            seed="", revoked_at=timezone.now()
        )
    )
