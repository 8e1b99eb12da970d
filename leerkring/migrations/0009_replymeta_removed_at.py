from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leerkring", "0008_access_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="replymeta",
            name="removed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="deleted"),
        ),
    ]
