"""How a person appears on the site's pages: their name, their initials and their profile link.

No picture of anyone is fetched from elsewhere: a reply's author, a member on a list and
the profile itself show a small circle with the person's initials (``avatar_html``), drawn
from their display name, beside the name as text. The initials are hidden from screen
readers, which read the name next to them.

Who may open whose profile is the access policy's question (``leerkring.access``,
``may_open_profile`` and ``openable_profiles``); this module only writes what it allows.
"""

import zlib
from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import mark_safe

from .joining import display_name

# Colour classes of the initials' circle (leerkring.css, ``lk-avatar--N``): each one's
# background keeps white text above WCAG AA's 4.5:1. A person keeps theirs on every page.
AVATAR_COLOURS = 6


def initials(name):
    """Up to two letters for a name: the first letters of its first and last words
    ("Anne de Vries" → "AV", "hanneke" → "H"), skipping anything that is no letter or digit."""
    words = [word for word in (name or "").split() if any(char.isalnum() for char in word)]
    if not words:
        return ""
    first = next(char for char in words[0] if char.isalnum())
    if len(words) == 1:
        return first.upper()
    last = next(char for char in words[-1] if char.isalnum())
    return (first + last).upper()


def avatar_colour(user):
    """A stable choice among the colour classes, from the account's id."""
    return zlib.crc32(str(user.pk).encode()) % AVATAR_COLOURS + 1


def avatar_html(user, name=None):
    """The initials' circle, as safe HTML, hidden from screen readers: the name comes next
    to it as text."""
    letters = escape(initials(name if name is not None else display_name(user)))
    return mark_safe(  # noqa: S308 - the only value is escaped above
        f'<span class="lk-avatar lk-avatar--{avatar_colour(user)}" aria-hidden="true">'
        f"{letters}</span>"
    )


def profile_base():
    """The address profiles are under, for pages that link many names: each adds
    ``profile_tail``. Reversed once per page rather than once per name."""
    return reverse("leerkring:member_profile", args=["-"])[:-2]


def profile_tail(user):
    # Usernames may hold "@", "+" and letters of any script; quoted as reverse() would.
    return quote(user.get_username(), safe="@+-._~") + "/"


def profile_path(user):
    return reverse("leerkring:member_profile", args=[user.get_username()])
