from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leerkring_search", "0006_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="ranking_words",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
    ]
