"""The site's one public address, from which every absolute link is made.

Feeds, calendars, the sitemap and emails are read far from the request that made them: a
feed reader compares entry ids, a calendar app event UIDs, a harvesting site the lesson
addresses. Built from a request's Host header they differ by how the site was reached (a
proxy's internal name, ``127.0.0.1``, a second domain), and readers then show everything
twice. So one setting says where the site lives: ``WAGTAILADMIN_BASE_URL``, which Wagtail
already uses for its own workflow emails and which every Wagtail site sets.

Wagtail builds page addresses from its ``Site`` records, and allauth from the
``django.contrib.sites`` record or the request: :func:`sync_sites` sets the default ones to
the public address (``manage.py sync_public_url``, run by ``load_demo`` and ``make serve``),
and check W008 reports when they have drifted apart.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "testserver"}  # noqa: S104


def base_url():
    """``scheme://host[:port]`` without a trailing slash, from ``WAGTAILADMIN_BASE_URL``;
    the default Wagtail site's address when that setting is empty."""
    configured = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").strip().rstrip("/")
    if configured:
        return configured
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else ""


def absolute_url(path):
    """``path`` (``/…``) on the public address; a full URL is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    return base_url() + path


def page_url(page):
    """The page's public address. On a site with one Wagtail ``Site`` that is the public
    address and the page's path; a page of another ``Site`` keeps that site's own address."""
    url = page.get_url()
    return absolute_url(url) if url else None


def site_address(url=None):
    """``(hostname, port)`` that a Wagtail ``Site`` needs to produce ``url``'s address."""
    parts = urlsplit(url if url is not None else base_url())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.hostname or "").lower(), port


def problems():
    """What is wrong with the public address and the site records, as short English texts
    for the system check; empty when everything agrees."""
    configured = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").strip()
    if not configured:
        return ["WAGTAILADMIN_BASE_URL is not set"]
    parts = urlsplit(configured)
    found = []
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [f"WAGTAILADMIN_BASE_URL {configured!r} is not an http(s) address"]
    if parts.path.strip("/"):
        found.append(f"WAGTAILADMIN_BASE_URL {configured!r} has a path; Wagtail sites cannot")
    if parts.hostname in LOOPBACK_HOSTS or parts.hostname.endswith(".localhost"):
        found.append(f"WAGTAILADMIN_BASE_URL {configured!r} points at this machine")
    elif parts.hostname.endswith((".example", "example.com", "example.org")):
        found.append(f"WAGTAILADMIN_BASE_URL {configured!r} is an example address")
    try:
        found.extend(_record_problems(configured))
    except DatabaseError:  # not migrated yet: there are no records to disagree
        pass
    return found


def _record_problems(configured):
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site

    found = []
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname.lower(), site.port) != site_address(configured):
        found.append(
            f"the default Wagtail site is {site.root_url}, not {base_url()}: run "
            "`manage.py sync_public_url`"
        )
    netloc = urlsplit(configured).netloc
    if getattr(settings, "SITE_ID", None):
        domain = DjangoSite.objects.filter(pk=settings.SITE_ID).values_list("domain", flat=True)
        if domain and domain[0] != netloc:
            found.append(
                f"the django.contrib.sites record is {domain[0]!r}, not {netloc!r}: run "
                "`manage.py sync_public_url`"
            )
    return found


def sync_sites():
    """Point the default Wagtail ``Site`` and the ``django.contrib.sites`` record at the
    public address. Returns what changed, as short texts; nothing when all agreed."""
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site

    url = base_url()
    if not url:
        return []
    hostname, port = site_address(url)
    changed = []
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        old = site.root_url
        site.hostname, site.port = hostname, port
        site.save()
        changed.append(f"Wagtail site {old} -> {site.root_url}")
    site_id = getattr(settings, "SITE_ID", None)
    if site_id:
        netloc = urlsplit(url).netloc
        record, created = DjangoSite.objects.get_or_create(
            pk=site_id, defaults={"domain": netloc, "name": netloc}
        )
        if created or record.domain != netloc:
            old = record.domain
            record.domain = netloc
            record.name = getattr(settings, "WAGTAIL_SITE_NAME", netloc)
            record.save()
            changed.append(f"sites record {old} -> {netloc}")
    return changed


def rebase_links(context, request):
    """``context`` with every absolute link to the requested host moved to the public
    address: allauth builds its email links from the request (see the account adapter)."""
    if request is None:
        return context
    origin = request.build_absolute_uri("/")
    public = base_url() + "/"
    if not public.strip("/") or origin == public:
        return context
    return {
        key: public + value[len(origin) :]
        if isinstance(value, str) and value.startswith(origin)
        else value
        for key, value in context.items()
    }
