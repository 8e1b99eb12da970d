"""A host's urls.py with Leerkring's URLs pasted after Wagtail's catch-all (a mistake the
system checks must name)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
    path("", include("leerkring.urls")),
]
