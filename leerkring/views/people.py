"""A member's profile page: who they are, what they told the others, where they take part."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .. import access
from ..joining import display_name
from ..models import Profile
from .base import without_indexing


def _person(username):
    """The active account with this username, with its profile and organisation, or None."""
    model = get_user_model()
    longest = model._meta.get_field(model.USERNAME_FIELD).max_length
    if "\x00" in username or (longest and len(username) > longest):
        return None  # no such account; PostgreSQL would refuse a NUL in the query
    return (
        model._default_manager.filter(**{model.USERNAME_FIELD: username}, is_active=True)
        .select_related("leerkring_profile__organisation")
        .first()
    )


def _profile_of(person):
    try:
        return person.leerkring_profile
    except Profile.DoesNotExist:  # someone who never saved their profile
        return None


@require_safe
def member_profile(request, username):
    """The profile of one person, for those the access policy lets see them (see
    docs/architecture.md, Access, "People"). An unknown, deactivated or hidden person is the
    same 404, so the page never confirms that an account exists."""
    person = _person(username)
    shown = access.shown_memberships(request.user, [person]) if person else {}
    if not access.may_open_profile(request.user, person, shown):
        raise Http404
    profile = _profile_of(person)
    organisation = profile.organisation if profile else None
    if organisation is not None and not organisation.is_public:
        organisation = None  # an initiative a coordinator has not (or no longer) approved
    name = display_name(person)
    response = TemplateResponse(
        request,
        "leerkring/people/profile.html",
        {
            "person": person,
            "name": name,
            "username": person.get_username(),
            "bio": profile.bio if profile else "",
            "organisation": organisation,
            "memberships": shown.get(person.pk, []),
            "is_self": request.user.is_authenticated and request.user.pk == person.pk,
        },
    )
    # Lists of people stay out of search engines (as the circles' member lists do).
    return without_indexing(response)
