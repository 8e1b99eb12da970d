from django.db import DatabaseError, migrations, models, transaction

# PostgreSQL finds the vocabulary's near spellings of a word through a trigram index
# (pg_trgm, a trusted extension since PostgreSQL 13, so the database's owner may add it).
# Without the extension, search.spelling compares lengths instead: slower, never wrong.
TRIGRAM_INDEX = "leerkring_search_word_trigrams"


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("leerkring_search", "Word")._meta.db_table
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {table} USING gin (word gin_trgm_ops)"
            )
    except DatabaseError:
        pass


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def count_existing_words(apps, schema_editor):
    from leerkring.search.dutch import stem
    from leerkring.search.spelling import count_words

    documents = apps.get_model("leerkring_search", "SearchDocument").objects.filter(
        audience="public"
    )
    texts = (f"{heading} {text}" for heading, text in documents.values_list("heading", "text"))
    Word = apps.get_model("leerkring_search", "Word")
    Word.objects.bulk_create(
        [
            Word(word=word, stem=stem(word), documents=count)
            for word, count in count_words(texts).items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("leerkring_search", "0005_searchdocument_analysis"),
    ]

    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=64, unique=True)),
                ("stem", models.CharField(db_index=True, max_length=64)),
                ("documents", models.PositiveIntegerField(default=1)),
            ],
            options={
                "verbose_name": "word",
                "verbose_name_plural": "words",
            },
        ),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
        migrations.RunPython(count_existing_words, migrations.RunPython.noop),
    ]
