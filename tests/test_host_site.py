"""What the apps do to a host site that already exists: they leave its own records alone."""

import importlib

import pytest
from django.apps import apps
from django.contrib.sites.models import Site

name_the_site = importlib.import_module("leerkring.migrations.0004_site_name").name_the_site

pytestmark = pytest.mark.django_db


def test_migration_keeps_a_host_sites_own_site_record(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://leerkring.example"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="www.gemeente.example", name="Gemeente")

    name_the_site(apps, None)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("www.gemeente.example", "Gemeente")


def test_migration_names_django_s_placeholder_site(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://leerkring.example"
    settings.WAGTAIL_SITE_NAME = "Leerkring Gelderland"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")

    name_the_site(apps, None)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.domain, site.name) == ("leerkring.example", "Leerkring Gelderland")
