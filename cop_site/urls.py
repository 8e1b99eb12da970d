from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import views as site_search

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("zoeken/", include("leerkring.search.urls")),
    path("search/", site_search.search, name="search"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Our profile page first: it lives under /accounts/ next to allauth's pages.
    path("", include("leerkring.urls")),
    path("accounts/", include("allauth.urls")),
    path("sitemap.xml", sitemap),
    # Browsers ask for /favicon.ico whatever the page's icon link says.
    path(
        "favicon.ico", lambda request: redirect(static_url("cop_site/favicon.svg"), permanent=True)
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "LEERKRING_SERVE_MEDIA", False):
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

admin.site.site_header = _("Leerkring administration")
