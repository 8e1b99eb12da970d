"""Matching, ranking and counting search documents: one statement each, whatever the size.

The search index itself is Wagtail's: documents are written to it through Wagtail's search
backend (``update_index``, ``leerkring.search.documents``), and with Elasticsearch the backend also
answers the queries (:class:`BackendMatcher`).

On the database backends we read Wagtail's index tables with SQL of our own
(:class:`DatabaseIndexMatcher`), because Wagtail's query compilers do not scale to a network's
archive. Measured with 33,000 documents (``bench/search.py``): SQLite computes each hit's score
in a correlated subquery that runs the full-text match again for every hit, so a word found in
16,000 documents took minutes; PostgreSQL matches ``title || body``, which no index covers, so
every statement scanned the whole table, and a facet count is one more full statement each.
Here the match runs once per statement on an index (FTS5 on SQLite, the GIN index on ``body``
on PostgreSQL), the score is computed in the same pass (``bm25`` / ``ts_rank``), only the best
``limit`` are returned, and the total and every facet count come from one statement over the
matches. ``SearchDocument.body`` contains the title too, so matching the body alone finds
every document that has all the words anywhere.

A query arrives as :func:`search.dutch.query_variants`: one set of keys per word. A document
matches when every word meets one of its keys, or with ``every_word=False`` when any does
(the engine's fallback for questions typed as sentences). Keys are ``[a-z0-9]+`` only, so
they are safe inside an FTS5 string or a tsquery; they are passed as parameters all the same.
The SQL is put together from table and column names and this module's own fragments; every
value, the query included, is a parameter.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.query import And, Or, PlainText

from .models import SearchDocument

# The title counts this many times as much as the body when ranking. A title matches
# "energiecoöperatie" because that is what the story is about; a body may mention it once.
TITLE_WEIGHT = 5.0


@dataclass(frozen=True)
class Match:
    pk: int
    score: float
    featured: bool


@dataclass
class Tally:
    """How many documents matched, and per facet value how many of those have it."""

    total: int = 0
    kind: dict = field(default_factory=dict)
    theme: dict = field(default_factory=dict)
    municipality: dict = field(default_factory=dict)
    network: dict = field(default_factory=dict)
    circle: dict = field(default_factory=dict)


def matcher_for(backend):
    """The matcher for the configured search backend."""
    vendor = connection.vendor
    if vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return SQLiteIndexMatcher()
    elif vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        if isinstance(backend, PostgresSearchBackend):
            return PostgresIndexMatcher(backend.config)
    return BackendMatcher(backend)


class DatabaseIndexMatcher:
    """Reads Wagtail's index tables. Subclasses say how their database matches and scores."""

    # SELECT ... FROM {source} JOIN documents d ON {join} WHERE {match} AND ...
    source = ""
    join = ""
    match = ""
    score = ""

    def match_params(self, variants, every_word):
        raise NotImplementedError

    def completion_params(self, words):
        raise NotImplementedError

    completion_match = ""
    completion_score = ""

    @staticmethod
    def _content_type_id():
        return ContentType.objects.get_for_model(SearchDocument, for_concrete_model=True).pk

    @staticmethod
    def _allowed(documents):
        sql, params = documents.values("pk").query.sql_with_params()
        return sql, list(params)

    def _matches_sql(self, columns, variants, every_word, documents):
        allowed_sql, allowed_params = self._allowed(documents)
        sql = (
            f"SELECT {columns} FROM {self.source} "  # noqa: S608 (values are parameters)
            f"JOIN {SearchDocument._meta.db_table} d ON {self.join} "
            f"WHERE {self.match} AND e.content_type_id = %s AND d.id IN ({allowed_sql})"
        )
        params = self.match_params(variants, every_word)
        return sql, [*params, self._content_type_id(), *allowed_params]

    def ranked(self, documents, variants, limit, every_word=True):
        """The best ``limit`` matches among ``documents``, best first."""
        sql, params = self._matches_sql(
            f"d.id, {self.score} AS score, d.featured", variants, every_word, documents
        )
        sql += " ORDER BY score DESC, d.id DESC LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [Match(pk, float(score or 0), bool(featured)) for pk, score, featured in cursor]

    def tally(self, documents, variants, every_word=True):
        """The number of matches and the facet counts, in one statement."""
        columns = "d.id, d.kind, d.municipality, d.network_id, d.circle_id"
        matches_sql, params = self._matches_sql(columns, variants, every_word, documents)
        themes = SearchDocument.themes.through._meta.db_table
        sql = (
            f"WITH hits AS MATERIALIZED ({matches_sql}) "  # noqa: S608 (values are parameters)
            "SELECT 'total', '', COUNT(*) FROM hits "
            "UNION ALL SELECT 'kind', kind, COUNT(*) FROM hits GROUP BY kind "
            "UNION ALL SELECT 'municipality', municipality, COUNT(*) FROM hits "
            "WHERE municipality <> '' GROUP BY municipality "
            "UNION ALL SELECT 'network', CAST(network_id AS VARCHAR(20)), COUNT(*) FROM hits "
            "WHERE network_id IS NOT NULL GROUP BY network_id "
            "UNION ALL SELECT 'circle', CAST(circle_id AS VARCHAR(20)), COUNT(*) FROM hits "
            "WHERE circle_id IS NOT NULL GROUP BY circle_id "
            "UNION ALL SELECT 'theme', CAST(t.theme_id AS VARCHAR(20)), COUNT(*) "
            f"FROM hits JOIN {themes} t ON t.searchdocument_id = hits.id GROUP BY t.theme_id"
        )
        tally = Tally()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for name, value, count in cursor:
                if name == "total":
                    tally.total = count
                elif name in ("kind", "municipality"):
                    getattr(tally, name)[value] = count
                else:
                    getattr(tally, name)[int(value)] = count
        return tally

    def completions(self, documents, words, limit):
        """Documents whose title has every typed word, the last one as a prefix:
        ``(heading, url, kind)`` rows, best first."""
        allowed_sql, allowed_params = self._allowed(documents)
        sql = (
            f"SELECT d.heading, d.url, d.kind FROM {self.source} "  # noqa: S608
            f"JOIN {SearchDocument._meta.db_table} d ON {self.join} "
            f"WHERE {self.completion_match} AND e.content_type_id = %s "
            f"AND d.id IN ({allowed_sql}) "
            f"ORDER BY {self.completion_score} DESC, d.id DESC LIMIT %s"
        )
        params = [*self.completion_params(words), self._content_type_id(), *allowed_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor)


def _index_table():
    from wagtail.search.models import IndexEntry

    return IndexEntry._meta.db_table


class SQLiteIndexMatcher(DatabaseIndexMatcher):
    """FTS5: ``MATCH`` drives the statement, ``bm25`` scores in the same pass."""

    def __init__(self):
        from wagtail.search.models import SQLiteFTSIndexEntry

        fts = SQLiteFTSIndexEntry._meta.db_table
        self.source = f"{fts} JOIN {_index_table()} e ON e.id = {fts}.rowid"
        # The column holds text; SQLite compares it to the integer key by value, which keeps
        # the document's primary key index usable (a CAST on d.id would not).
        self.join = "d.id = e.object_id"
        self.match = f"{fts} MATCH %s"
        # Wagtail's FTS5 table has the columns (autocomplete, body, title); bm25 is lower for
        # better matches. The autocomplete column does not count.
        self.score = f"-bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT})"
        self.completion_match = self.match
        self.completion_score = f"-bm25({fts}, 1.0, 0.0, 0.0)"

    def match_params(self, variants, every_word):
        # Each word in any of its forms, in the body (which holds the title as well).
        groups = [" OR ".join(f'"{key}"' for key in sorted(group)) for group in variants]
        joined = (" AND " if every_word else " OR ").join(f"({group})" for group in groups)
        return [f"body : ({joined})"]

    def completion_params(self, words):
        *complete, last = words
        phrases = [f'"{word}"' for word in complete] + [f'"{last}" *']
        return ["autocomplete : (" + " AND ".join(phrases) + ")"]


class PostgresIndexMatcher(DatabaseIndexMatcher):
    """PostgreSQL full text: the GIN index on ``body`` finds the matches, ``ts_rank`` scores.

    The keys go through the text search configuration the index was built with, so both
    sides of the match are stemmed the same way: the backend's ``SEARCH_CONFIG`` (``dutch``
    here), or, when a host sets none, the database's default configuration, which is what
    Wagtail's backend then builds the index with.
    """

    def __init__(self, config):
        table = _index_table()
        # The query is a parameter of the FROM clause, which comes before the WHERE clause's.
        self.source = (
            f"{table} e CROSS JOIN "
            "to_tsquery(COALESCE(%s::regconfig, get_current_ts_config()), %s) AS query"
        )
        # Cast the document's key, not the index entry's: entries of other models may have
        # keys that are not numbers.
        self.join = "e.object_id = CAST(d.id AS VARCHAR(50))"
        self.match = "e.body @@ query"
        self.score = f"ts_rank(e.title, query) * {TITLE_WEIGHT} + ts_rank(e.body, query)"
        self.config = config
        self.completion_match = "e.autocomplete @@ query"
        self.completion_score = "ts_rank(e.autocomplete, query)"

    def match_params(self, variants, every_word):
        groups = [" | ".join(sorted(group)) for group in variants]
        return [
            self.config,
            (" & " if every_word else " | ").join(f"({group})" for group in groups),
        ]

    def completion_params(self, words):
        # Wagtail builds the autocomplete column with "simple": no stemming, no stop words.
        *complete, last = words
        return ["simple", " & ".join([*complete, f"{last}:*"])]


class BackendMatcher:
    """Any other Wagtail search backend (Elasticsearch, OpenSearch): its own ranking and
    facets."""

    def __init__(self, backend):
        self.backend = backend

    @staticmethod
    def query(variants, every_word=True):
        groups = [Or([PlainText(key) for key in sorted(group)]) for group in variants]
        if len(groups) == 1:
            return groups[0]
        return And(groups) if every_word else Or(groups)

    def _results(self, documents, variants, every_word):
        query = self.query(variants, every_word)
        return self.backend.search(query, documents.only("pk", "featured"))

    def ranked(self, documents, variants, limit, every_word=True):
        results = self._results(documents, variants, every_word).annotate_score("_score")
        return [
            Match(document.pk, float(document._score or 0), document.featured)
            for document in results[:limit]
        ]

    def tally(self, documents, variants, every_word=True):
        results = self._results(documents, variants, every_word)
        return Tally(
            total=results.count(),
            kind=dict(results.facet("kind")),
            theme=dict(results.facet("themes")),
            municipality=dict(results.facet("municipality")),
            network=dict(results.facet("network_id")),
            circle=dict(results.facet("circle_id")),
        )

    def completions(self, documents, words, limit):
        results = self.backend.autocomplete(
            " ".join(words), documents.only("pk", "heading", "url", "kind")
        )
        return [(document.heading, document.url, document.kind) for document in results[:limit]]
