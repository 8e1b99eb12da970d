from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    """django.contrib.sites (needed by the comments apps) starts as "example.com"; emails
    and replies should carry this site's own name and host instead."""
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).netloc or "localhost"
    Site.objects.update_or_create(
        pk=getattr(settings, "SITE_ID", 1),
        defaults={"domain": domain, "name": getattr(settings, "WAGTAIL_SITE_NAME", "Leerkring")},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("leerkring", "0003_threads_and_replies"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
