"""Tags that show a person: their initials' circle and the address of their profile.

Whether to link a name is the access policy's answer (``access.openable_profiles``), which
a view puts in its context; these tags only write what it allows (see ``leerkring.people``).
"""

from django import template

from .. import people

register = template.Library()


@register.simple_tag
def avatar(user, name=None):
    """``{% avatar user %}``: the initials, hidden from screen readers; write the name next
    to it as text."""
    return people.avatar_html(user, name)


@register.simple_tag
def profile_url(user):
    return people.profile_path(user)
