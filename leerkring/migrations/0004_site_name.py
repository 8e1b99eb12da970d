from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


PLACEHOLDER_DOMAIN = "example.com"  # what django.contrib.sites creates


def name_the_site(apps, schema_editor):
    """django.contrib.sites (needed by the comments apps) starts as "example.com"; emails
    and replies should carry this site's own name and host instead. A host site's own,
    already named Site row is left as it is."""
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).netloc or "localhost"
    name = getattr(settings, "WAGTAIL_SITE_NAME", "Leerkring")
    site, created = Site.objects.get_or_create(
        pk=getattr(settings, "SITE_ID", 1), defaults={"domain": domain, "name": name}
    )
    if not created and site.domain == PLACEHOLDER_DOMAIN:
        site.domain, site.name = domain, name
        site.save()


class Migration(migrations.Migration):
    dependencies = [
        ("leerkring", "0003_threads_and_replies"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
