from django.db import migrations, models

# Search reads Wagtail's index table with SQL of its own (leerkring.search.matching): on SQLite
# it finds each full-text match's document through the entry's key, and the entries are long
# rows (the indexed text). This index holds just what it looks up, so that a common word's
# 20,000 look-ups read a small index instead of the whole table (a third of a search's time
# at 33,000 documents, bench/search.py). Should a migration of Wagtail's remake the table,
# the index goes with it: searches are slower, not wrong; running this again restores it.
ENTRY_LOOKUP = "leerkring_search_entry_lookup"


def add_entry_lookup(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {ENTRY_LOOKUP} ON {table} (id, content_type_id, object_id)"
        )


def drop_entry_lookup(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {ENTRY_LOOKUP}")


class Migration(migrations.Migration):
    dependencies = [
        ("leerkring_search", "0003_searchdocument_kind_page"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        # Empty for the documents there are: the next rebuild indexes each of them once more
        # and records what it wrote.
        migrations.AddField(
            model_name="searchdocument",
            name="index_digest",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["id", "audience", "kind", "municipality", "network", "circle", "featured"],
                name="searchdocument_hit_columns",
            ),
        ),
        migrations.RunPython(add_entry_lookup, drop_entry_lookup, elidable=False),
    ]
