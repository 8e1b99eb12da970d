"""Front-end URLs of leerkring that live outside the page tree.

Mount them once in the host site, before Wagtail's catch-all::

    path("", include("leerkring.urls")),
"""

from django.urls import path

from . import params  # noqa: F401 - registers the <lk_id:...> route converter
from .federation import views as federation
from .views.accounts import profile
from .views.calendars import calendar_feed, calendar_link_action
from .views.follows import notification_settings, unsubscribe
from .views.health import healthz
from .views.people import member_profile
from .views.privacy import delete_account, export_data
from .views.site import robots_txt, site_overview

app_name = "leerkring"

urlpatterns = [
    path("accounts/profiel/", profile, name="profile"),
    path("accounts/profiel/gegevens/", export_data, name="export_data"),
    path("accounts/profiel/verwijderen/", delete_account, name="delete_account"),
    path("accounts/profiel/agenda/", calendar_link_action, name="calendar_link"),
    path("accounts/meldingen/", notification_settings, name="notification_settings"),
    path("meldingen/uitschrijven/<str:token>/", unsubscribe, name="unsubscribe"),
    # A person's calendar feed, for calendar apps (which like the ".ics"); the token is
    # letters, digits, "-" and "_" (leerkring.calendar_links).
    path("agenda/<slug:token>.ics", calendar_feed, name="calendar_feed"),
    # A member's profile, by username (which may hold "@", ".", "+", "-" and "_").
    path("mensen/<str:username>/", member_profile, name="member_profile"),
    path("healthz", healthz, name="healthz"),
    # The site's map for crawlers and for people; a host's own robots.txt, mounted before
    # these, takes precedence.
    path("robots.txt", robots_txt, name="robots_txt"),
    path("overzicht/", site_overview, name="site_overview"),
    # Federation (leerkring.federation.views): WebFinger, and each network's actor with its
    # collections, at addresses that stay when the network page is renamed or moved.
    path(".well-known/webfinger", federation.webfinger, name="webfinger"),
    path("ap/netwerk/<str:username>/", federation.actor_view, name="ap_actor"),
    path("ap/netwerk/<str:username>/inbox/", federation.inbox_view, name="ap_inbox"),
    path("ap/netwerk/<str:username>/outbox/", federation.outbox_view, name="ap_outbox"),
    path("ap/netwerk/<str:username>/followers/", federation.followers_view, name="ap_followers"),
    path(
        "ap/netwerk/<str:username>/lessen/<lk_id:nomination_id>/",
        federation.article_view,
        name="ap_article",
    ),
]
