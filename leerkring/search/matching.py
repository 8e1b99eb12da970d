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
Here the match runs once per search, on an index (FTS5 on SQLite, the GIN index on ``body``
on PostgreSQL), and the score is computed in the same pass (``bm25`` / ``ts_rank``): one
statement materialises the matches and returns both the best ``limit`` of them and the total
and every facet count (:meth:`DatabaseIndexMatcher.find`); the match was 80% of a search's
time, and ranking and counting in two statements ran it twice. ``SearchDocument.body``
contains the title too, so matching the body alone finds every document that has all the
words anywhere.

A query arrives as :func:`search.dutch.query_variants`: one set of keys per word, and for a
compound the key sets of its parts. A document matches when every word meets one of its keys
(or, for a compound, every one of its parts does), or with ``every_word=False`` when any word
does (the engine's fallback for questions typed as sentences). A document with a query word
in its title ranks above those with it only in the text (``TITLE_TIER``). Keys are
``[a-z0-9]+`` only, so they are safe inside an FTS5 string or a tsquery; they are passed as
parameters all the same.
The SQL is put together from table and column names and this module's own fragments; every
value, the query included, is a parameter.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Boost, Fuzzy, Or, PlainText

from .dutch import parts_of
from .models import SearchDocument

# The title counts this many times as much as the body when ranking. A title matches
# "energiecoöperatie" because that is what the story is about; a body may mention it once.
TITLE_WEIGHT = 5.0
# And a document with a query word in its title ranks above every document with it only in
# the text: both databases weigh a match by the length of the whole document, so without
# this a long story titled "Riothermie" came below short replies that mention the word twice.
# Scores themselves stay well below it (docs/architecture.md, "Search").
TITLE_TIER = 10_000.0


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


@dataclass
class Found:
    """What one search found: the best matches, best first, and the counts of all; and for
    the best few, as read in the same statement, ``{pk: ranking_words}``."""

    matches: list = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    documents: dict = field(default_factory=dict)


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

    # Completions: SELECT ... FROM {source} JOIN documents d ON {join}
    # WHERE {completion_match} AND ...
    source = ""
    join = ""
    completion_match = ""
    completion_score = ""

    def matched_sql(self, variants, every_word):
        """``SELECT id, score`` of the index entries of search documents that match: the
        document's key and its score, higher is better. Returns ``(sql, params)``."""
        raise NotImplementedError

    def completion_params(self, words):
        raise NotImplementedError

    @staticmethod
    def _content_type_id():
        return ContentType.objects.get_for_model(SearchDocument, for_concrete_model=True).pk

    @staticmethod
    def _allowed(documents):
        sql, params = documents.values("pk").query.sql_with_params()
        return sql, list(params)

    def _execute(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def find(self, documents, variants, limit, every_word=True, words_for=0):
        """The best ``limit`` matches among ``documents``, the total and the facet counts,
        from one statement that runs the full-text match once; and the ranking words of the
        best ``words_for`` of them, for their tiers (``search.ranking``).

        ``matched`` is the full-text match on the index table alone, scored in the same
        pass; ``hits`` joins it to the documents the person may find (with their facet
        columns), both materialised once; ``ranked`` is the best ``limit`` of them. One
        branch of the UNION ALL returns those, another the ranking words of the best
        ``words_for`` (``SearchDocument.ranking_words``, read for these rows only), the others
        count the hits; the first column says which row is which.
        """
        matched_sql, matched_params = self.matched_sql(variants, every_word)
        allowed = documents.order_by().values(
            "id", "featured", "kind", "municipality", "network_id", "circle_id"
        )
        allowed_sql, allowed_params = allowed.query.sql_with_params()
        themes = SearchDocument.themes.through._meta.db_table
        table = SearchDocument._meta.db_table
        sql = (
            f"WITH matched AS MATERIALIZED ({matched_sql}), "  # noqa: S608 (values are parameters)
            "hits AS MATERIALIZED (SELECT d.id, m.score, d.featured, d.kind, d.municipality, "
            f"d.network_id, d.circle_id FROM matched m JOIN ({allowed_sql}) d ON d.id = m.id), "
            "ranked AS MATERIALIZED (SELECT id, score, featured FROM hits "
            "ORDER BY score DESC, id DESC LIMIT %s) "
            "SELECT 'hit' AS name, '' AS value, id AS number, score, featured, "
            "NULL AS words FROM ranked "
            "UNION ALL SELECT 'words', '', t.id, NULL, NULL, t.ranking_words "
            f"FROM {table} t WHERE t.id IN (SELECT id FROM ranked "
            "ORDER BY score DESC, id DESC LIMIT %s) "
            "UNION ALL SELECT 'total', '', COUNT(*), NULL, NULL, NULL FROM hits "
            "UNION ALL SELECT 'kind', kind, COUNT(*), NULL, NULL, NULL FROM hits "
            "GROUP BY kind "
            "UNION ALL SELECT 'municipality', municipality, COUNT(*), NULL, NULL, NULL "
            "FROM hits WHERE municipality <> '' GROUP BY municipality "
            "UNION ALL SELECT 'network', CAST(network_id AS VARCHAR(20)), COUNT(*), NULL, NULL, "
            "NULL FROM hits WHERE network_id IS NOT NULL GROUP BY network_id "
            "UNION ALL SELECT 'circle', CAST(circle_id AS VARCHAR(20)), COUNT(*), NULL, NULL, "
            "NULL FROM hits WHERE circle_id IS NOT NULL GROUP BY circle_id "
            "UNION ALL SELECT 'theme', CAST(t.theme_id AS VARCHAR(20)), COUNT(*), NULL, NULL, "
            f"NULL FROM hits JOIN {themes} t ON t.searchdocument_id = hits.id "
            "GROUP BY t.theme_id"
        )
        matches, tally, read = [], Tally(), {}
        rows = self._execute(sql, [*matched_params, *allowed_params, limit, words_for])
        for name, value, number, score, featured, words in rows:
            if name == "hit":
                matches.append(Match(number, float(score or 0), bool(featured)))
            elif name == "words":
                read[number] = words
            elif name == "total":
                tally.total = number
            elif name in ("kind", "municipality"):
                getattr(tally, name)[value] = number
            else:
                getattr(tally, name)[int(value)] = number
        # A UNION ALL promises no order of its rows: the ranked ones are put in order here.
        matches.sort(key=lambda match: (-match.score, -match.pk))
        return Found(matches, tally, read)

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
    return IndexEntry._meta.db_table


class SQLiteIndexMatcher(DatabaseIndexMatcher):
    """FTS5: ``MATCH`` drives the statement, ``bm25`` scores in the same pass."""

    def __init__(self):
        from wagtail.search.models import SQLiteFTSIndexEntry

        fts = self.fts = SQLiteFTSIndexEntry._meta.db_table
        self.source = f"{fts} JOIN {_index_table()} e ON e.id = {fts}.rowid"
        # The column holds text; SQLite compares it to the integer key by value, which keeps
        # the document's primary key index usable (a CAST on d.id would not).
        self.join = "d.id = e.object_id"
        self.match = f"{fts} MATCH %s"
        # Wagtail's FTS5 table has the columns (autocomplete, body, title); bm25 is lower for
        # better matches. The autocomplete column does not count.
        # bm25 over the title alone is 0 exactly when the title has none of the words.
        self.score = (
            f"(CASE WHEN bm25({fts}, 0.0, 0.0, 1.0) < 0 THEN {TITLE_TIER} ELSE 0.0 END) "
            f"- bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT})"
        )
        self.completion_match = self.match
        self.completion_score = f"-bm25({fts}, 1.0, 0.0, 0.0)"

    def match_params(self, variants, every_word):
        # Each word in any of its forms, in the body (which holds the title as well) or the
        # title: the same documents as the body alone, but bm25 only weighs the columns a
        # query names, and with the body alone a title match counted for nothing more.
        def either(keys):
            return " OR ".join(f'"{key}"' for key in sorted(keys))

        def word(variant):
            parts = " AND ".join(f"({either(part)})" for part in parts_of(variant))
            return either(variant) + (f" OR ({parts})" if parts else "")

        joined = (" AND " if every_word else " OR ").join(f"({word(v)})" for v in variants)
        return [f"{{body title}} : ({joined})"]

    def matched_sql(self, variants, every_word):
        # Entries of one content type have the keys of its objects, here integers.
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS id, {self.score} AS score "  # noqa: S608
            f"FROM {self.source} WHERE {self.match} AND e.content_type_id = %s"
        )
        return sql, [*self.match_params(variants, every_word), self._content_type_id()]

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

    The match is always read from the GIN index. The planner, left to itself, reads a
    common word's matches from the whole table instead (through the index on the content
    type, or a sequential scan): its estimates of how many entries match are right, but it
    counts testing an entry as almost free, while every entry so tested has its ``body``
    unpacked, and a word in half the documents costs 2 to 4 times as much that way
    (``bench/search.py``). So the content type is tested in a form no index serves (with the
    same estimate), and the statement runs with sequential scans off, in a transaction that
    is rolled back after it (it writes nothing): the setting ends with it, also inside a
    transaction of the caller's.
    """

    def __init__(self, config):
        table = self.table = _index_table()
        # Completions: the query is a parameter of the FROM clause, which comes before the
        # WHERE clause's.
        self.source = (
            f"{table} e CROSS JOIN "
            "to_tsquery(COALESCE(%s::regconfig, get_current_ts_config()), %s) AS query"
        )
        # Cast the document's key, not the index entry's: entries of other models may have
        # keys that are not numbers.
        self.join = "e.object_id = CAST(d.id AS VARCHAR(50))"
        self.config = config
        self.completion_match = "e.autocomplete @@ query"
        self.completion_score = "ts_rank(e.autocomplete, query)"

    def tsquery(self, variants, every_word):
        """The query as SQL and its parameters. Written out where it is used, so that the
        planner sees a constant and estimates from the index's statistics how many match."""

        def word(variant):
            parts = " & ".join(f"({' | '.join(sorted(part))})" for part in parts_of(variant))
            return " | ".join(sorted(variant)) + (f" | ({parts})" if parts else "")

        text = (" & " if every_word else " | ").join(f"({word(v)})" for v in variants)
        if self.config is None:
            return "to_tsquery(%s)", [text]  # the database's default configuration
        return "to_tsquery(%s::regconfig, %s)", [self.config, text]

    def matched_sql(self, variants, every_word):
        query, params = self.tsquery(variants, every_word)
        # Only the entries of search documents are cast: their keys are integers.
        sql = (
            "SELECT CAST(e.object_id AS BIGINT) AS id, "  # noqa: S608 (values are parameters)
            f"(CASE WHEN e.title @@ {query} THEN {TITLE_TIER} ELSE 0.0 END) + "
            f"ts_rank(e.title, {query}) * {TITLE_WEIGHT} + ts_rank(e.body, {query}) AS score "
            f"FROM {self.table} e WHERE e.body @@ {query} AND (e.content_type_id = %s) IS TRUE"
        )
        return sql, [*params, *params, *params, *params, self._content_type_id()]

    def _execute(self, sql, params):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            transaction.set_rollback(True)
        return rows

    def completion_params(self, words):
        # Wagtail builds the autocomplete column with "simple": no stemming, no stop words.
        *complete, last = words
        return ["simple", " & ".join([*complete, f"{last}:*"])]


class BackendMatcher:
    """Any other Wagtail search backend (Elasticsearch, OpenSearch): its own ranking and
    facets."""

    def __init__(self, backend):
        self.backend = backend

    # A match within the server's edit distance ("fuzziness": AUTO) counts this much of an
    # exact one: the mistyped "wamtepomp" finds "warmtepomp", below texts that have it as typed.
    FUZZY_BOOST = 0.2

    @classmethod
    def query(cls, variants, every_word=True):
        def all_parts(variant):
            parts = [Or([PlainText(key) for key in sorted(part)]) for part in parts_of(variant)]
            return [And(parts)] if parts else []

        groups = [
            Or(
                [PlainText(key) for key in sorted(group)]
                + all_parts(group)
                + [Boost(Fuzzy(max(sorted(group), key=len)), cls.FUZZY_BOOST)]
            )
            for group in variants
        ]
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

    def find(self, documents, variants, limit, every_word=True, words_for=0):
        """As :meth:`DatabaseIndexMatcher.find`; the search server ranks in one request and
        counts in another (none when nothing matched). The words are not read here: the
        ranking tiers read them from the database (``search.ranking``)."""
        matches = self.ranked(documents, variants, limit, every_word)
        tally = self.tally(documents, variants, every_word) if matches else Tally()
        return Found(matches, tally)

    def completions(self, documents, words, limit):
        results = self.backend.autocomplete(
            " ".join(words), documents.only("pk", "heading", "url", "kind")
        )
        return [(document.heading, document.url, document.kind) for document in results[:limit]]
