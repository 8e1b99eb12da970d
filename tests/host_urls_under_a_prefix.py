"""A host's urls.py with Leerkring's URLs under a prefix: they work, but WebFinger is then
not at /.well-known/webfinger, which the system checks must say."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("leerkring/", include("leerkring.urls")),
    path("", include(wagtail_urls)),
]
