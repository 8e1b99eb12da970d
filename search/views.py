"""This site's own search app: the one every `wagtail start` site has, kept small.

Leerkring's search (``leerkring.search``) is mounted at /zoeken/ in ``cop_site.urls`` the way
the README tells a host site to; it also finds the site's other pages. This app only keeps
the address a `wagtail start` site's search box uses, /search/?query=…, leading there.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse


def search(request):
    query = (request.GET.get("query") or request.GET.get("q") or "").strip()
    target = reverse("leerkring_search:search")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)
