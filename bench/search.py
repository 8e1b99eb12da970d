"""Site search at scale: indexing time and query times, a benchmark, not a test.

    DATABASE_URL=sqlite:////tmp/leerkring-bench-search.sqlite3 \\
        .venv/bin/python bench/search.py [--stories 10000] [--lessons 2000] [--replies 20000] \\
        [--queries-runs 5] [--budget 20] [--timeout 30] [--seed 1] [--reuse] [--no-analyze]

    DATABASE_URL=postgres://leerkring_bench:bench@127.0.0.1:5432/leerkring_bench \\
        .venv/bin/python bench/search.py

Starts from an empty scratch database (the SQLite file is deleted, the PostgreSQL schema
dropped; the database name must contain "bench"), migrates it and builds a site: a network
with a sub-network, 40 learning circles (a quarter of them closed), themes, organisations,
N practice stories, L lessons spread over the circles and R replies over R/20 threads, all
with generated Dutch text. Wagtail's own page index is filled as the site's signals would.
Then it times ``leerkring.search.documents.rebuild_all()`` and, for an anonymous visitor and
for a member of three closed circles, ``leerkring.search.engine.search`` over a fixed list of
Dutch queries and ``leerkring.search.engine.suggestions`` over a list of prefixes, and prints
p50/p95 in ms. Beside each search it times the bare ranked statement of the index for the
same words (SQLite: ``bm25`` over the FTS5 table, ``MATCH``, ``ORDER BY``, ``LIMIT 50``;
PostgreSQL: ``@@`` and ``ts_rank`` over the index table, ``ORDER BY``, ``LIMIT 50``, both as
the planner plans it and through the GIN index) and prints its p50/p95 beside the search's
over the same queries, and the ratio: what the permissions, facets and excerpts cost on top
of the full-text match itself.

The database is ANALYZEd after indexing, as a maintained production database would be
(``--no-analyze`` to skip: SQLite then runs the FTS joins as nested loops). A query gets no
further runs once it has used ``--budget`` seconds, and one run is interrupted after
``--timeout`` seconds and counted as ">= timeout": on SQLite the relevance ranking costs
grow with the square of the number of matching documents. ``--reuse`` skips building and
reuses the database of the previous run (its documents are emptied, then indexed and
timed again). ``rebuild_all`` is timed twice: the first index, and a rebuild of the
unchanged site.
"""

import argparse
import math
import os
import random
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_site.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/leerkring-bench-search.sqlite3")

CIRCLES = 40
ORGANISATIONS = 200
USERS = 400
MEMBERS_PER_CIRCLE = 10
MEMBER_USERNAME = "bench-lid"

QUERIES = [
    "warmtenet",
    "warmtenetten",
    "energiecoöperatie",
    "energiecooperatie",  # without the diaeresis, as people type it
    "energiecoöperaties",
    "bewonersinitiatief",
    "bewonersinitiatieven",
    "initiatief",  # a compound part
    "gas",  # a part of a part: aard+gas in aardgasvrij
    "isolatie",
    "vloerisolatie",
    "zonnepanelen",
    "zonnepaneel",
    "wijkaanpak",
    "warmtepompen",
    "Wageningen",
    "Den Haag",
    "sudwest fryslan",
    "keukentafelgesprekken",
    "riothermie",  # a rare topic: few hits
    "energie",  # a very common part: a large result set
    "wat doen anderen met een energiecoöperatie",
    "hoe betrek je huurders bij de warmtetransitie",
    "subsidie voor vloerisolatie in Zwolle",
    "klankbordgroep gemeente",
    "xylofoonkwartet",  # no hit
    "a",  # one letter
    "de",  # a stop word only
]

# Mistyped words, timed apart from QUERIES: each finds nothing as typed, so the search is
# tried again with its correction ("zocht je toch ...?"), two searches and the look-up.
TYPO_QUERIES = ["wamtepomp", "energiecooperatei", "vloerisolatei", "klankborgroep", "riotermie"]

PREFIXES = ["w", "wa", "warm", "warmten", "ener", "energiecoö", "bew", "isol", "leerkring", "Zwol"]


# Dutch text -----------------------------------------------------------------------------

PLACES = {
    "Wageningen": ["Benedenbuurt", "Noordwest", "De Nude"],
    "Zeist": ["Kerckebosch", "Vollenhove", "Austerlitz"],
    "Tilburg": ["Reeshof", "Groenewoud", "Korvel"],
    "Groningen": ["Paddepoel", "Selwerd", "De Wijert"],
    "Den Haag": ["Bouwlust", "Moerwijk", "Duindorp"],
    "Zwolle": ["Holtenbroek", "Aa-landen", "Dieze"],
    "Arnhem": ["Presikhaaf", "Klarendal", "Malburgen"],
    "Ede": ["Veldhuizen", "Bennekom", "Ede-Zuid"],
    "Amersfoort": ["Schothorst", "Kruiskamp", "Soesterkwartier"],
    "Utrecht": ["Overvecht", "Kanaleneiland", "Lombok"],
    "Nijmegen": ["Dukenburg", "Hatert", "Bottendaal"],
    "Deventer": ["Rivierenwijk", "Colmschate", "Voorstad"],
    "Súdwest-Fryslân": ["Bolsward", "Workum", "Makkum"],
    "Goeree-Overflakkee": ["Stad aan 't Haringvliet", "Ouddorp", "Middelharnis"],
    "'s-Hertogenbosch": ["De Muntel", "Kruiskamp", "Empel"],
    "Culemborg": ["Terweijde", "Parijsch", "Lanxmeer"],
}
MUNICIPALITIES = list(PLACES)

SUBJECTS_SG = [
    "de energiecoöperatie",
    "het bewonersinitiatief",
    "de gemeente",
    "de wijkraad",
    "de dorpsraad",
    "de buurtvereniging",
    "de woningcorporatie",
    "de werkgroep",
    "de projectleider",
    "onze energiecoach",
    "de netbeheerder",
    "de wethouder",
    "de klankbordgroep",
    "een buurtbewoner",
    "de kartrekker",
    "het buurthuis",
    "de stichting",
    "de kerngroep",
    "de energieadviseur",
    "het energieloket",
]
SUBJECTS_PL = [
    "de bewoners",
    "buurtbewoners",
    "de vrijwilligers",
    "energiecoaches",
    "huurders",
    "huiseigenaren",
    "de ambtenaren",
    "de initiatiefnemers",
    "jongeren",
    "energiecoöperaties",
    "bewonersinitiatieven",
    "gemeenten",
    "de wijkraden",
    "ondernemers uit de buurt",
    "de installateurs",
    "woningcorporaties",
]
VERBS = [
    ("organiseert", "organiseren"),
    ("onderzoekt", "onderzoeken"),
    ("bespreekt", "bespreken"),
    ("start", "starten"),
    ("ondersteunt", "ondersteunen"),
    ("financiert", "financieren"),
    ("verkent", "verkennen"),
    ("regelt", "regelen"),
    ("begeleidt", "begeleiden"),
    ("zoekt", "zoeken"),
    ("plant", "plannen"),
    ("evalueert", "evalueren"),
    ("steunt", "steunen"),
    ("bedenkt", "bedenken"),
    ("test", "testen"),
    ("betaalt", "betalen"),
]
OBJECTS = [
    "een warmtenet",
    "het nieuwe warmtenet",
    "twee kleine warmtenetten",
    "de wijkaanpak",
    "een wijkaanpak op maat",
    "zonnepanelen op het dak van de sporthal",
    "een collectieve inkoop van zonnepanelen",
    "een extra zonnepaneel per huishouden",
    "vloerisolatie",
    "dakisolatie voor oudere woningen",
    "spouwmuurisolatie",
    "isolatiemaatregelen",
    "warmtepompen",
    "een hybride warmtepomp",
    "een bewonersavond",
    "keukentafelgesprekken",
    "een enquête onder alle huishoudens",
    "de warmtetransitie",
    "een buurtwarmteplan",
    "een proeftuin aardgasvrije wijken",
    "subsidies uit het warmtefonds",
    "een energieloket",
    "de aanpak van energiearmoede",
    "de routekaart naar een aardgasvrije buurt",
    "aquathermie uit de rivier",
    "restwarmte van de fabriek",
    "een postcoderoosproject",
    "de windmolens bij de snelweg",
    "een informatiemarkt in het buurthuis",
    "een energiecafé",
    "duurzaamheidsleningen",
    "laadpalen in de straat",
    "een klimaatstraatfeest",
    "energiebesparing in huurwoningen",
    "een warmtescan van de wijk",
    "het bewonersinitiatief",
    "nieuwe bewonersinitiatieven",
    "een energiecoöperatie",
    "de samenwerking tussen energiecoöperaties",
    "biogas uit de regio",
    "een proef met waterstof",
    "bodemenergie",
    "een wandeling met een warmtecamera",
    "gratis radiatorfolie",
    "een voorlichtingsavond over aardgasvrij wonen",
    "de dorpsvisie",
    "een coöperatief warmtebedrijf",
    "de klankbordgroep",
    "een werkgroep van vrijwilligers",
]
RARE_OBJECTS = [
    "riothermie uit het rioolwater",
    "een zoutbatterij in de school",
    "een wijkwarmtebedrijf",
    "thermografie met een drone",
]
TIMES = [
    "Na de zomer",
    "In het voorjaar",
    "Sinds 2021",
    "Binnen twee jaar",
    "Elke maand",
    "Op zaterdagochtend",
    "Vorig jaar",
    "Dit najaar",
    "Eerst",
    "Daarna",
    "Uiteindelijk",
]
REASONS = [
    "omdat de energierekening flink steeg",
    "omdat bewoners de gemeente nog niet vertrouwden",
    "zodat iedereen kon meepraten",
    "want de subsidie liep af",
    "doordat de netbeheerder vroeg meedacht",
    "zodat huurders er niet op achteruitgaan",
    "omdat de woningen slecht geïsoleerd zijn",
    "zodat de buurt zelf kan kiezen",
    "omdat niemand de kar wilde trekken",
    "zodat de kosten eerlijk verdeeld worden",
]
ASPECTS = [
    "het draagvlak in de buurt",
    "de opkomst op de bewonersavond",
    "de betaalbaarheid",
    "de samenwerking met de gemeente",
    "het vertrouwen tussen bewoners en gemeente",
    "de planning",
    "de communicatie",
    "de rol van de woningcorporatie",
    "de aanleg van het warmtenet",
    "de inzet van vrijwilligers",
]
COMPARATIVES = ["groter", "kleiner", "lastiger", "belangrijker", "duurder", "goedkoper", "beter"]
PERSONS = ["de projectleider", "een buurtbewoner", "de voorzitter", "een ambtenaar", "de wethouder"]
IMPERATIVES = [
    "Betrek",
    "Organiseer",
    "Plan",
    "Bespreek",
    "Onderzoek",
    "Deel",
    "Regel",
    "Begin met",
    "Zoek hulp bij",
    "Investeer in",
    "Kies voor",
]
WHEN = [
    "vanaf het begin",
    "voordat het plan af is",
    "al in de verkenningsfase",
    "in kleine stappen",
    "samen met de buurt",
    "vóór de eerste bewonersavond",
]
CONDITIONS = [
    "ze het verhaal van een buurman horen",
    "de kosten duidelijk zijn",
    "de gemeente garant staat",
    "er een proefwoning te bezoeken is",
    "ze zelf mogen meebeslissen",
]
MEASURES = [
    "vloerisolatie",
    "een warmtepomp",
    "zonnepanelen",
    "nieuwe kozijnen met isolatieglas",
    "een aansluiting op het warmtenet",
]
OPENERS = ["Goede vraag!", "Herkenbaar.", "Dank voor het delen.", "Interessant.", "Mooi verhaal."]
TOPIC_TITLES = [
    "Warmtenetten",
    "Bewonersparticipatie",
    "Isolatie",
    "Energiecoöperaties",
    "Wijkaanpak",
    "Zon op dak",
    "Energiearmoede",
    "Aquathermie",
]
STORY_PHRASES = [
    "bewoners aan het roer",
    "leren van de buren",
    "samen sterker",
    "de eerste stappen",
    "van idee tot uitvoering",
    "wat we anders zouden doen",
    "klein beginnen, groot denken",
]
ORGANISATION_KINDS = [
    ("Energiecoöperatie", "energiecooperatie"),
    ("Gemeente", "gemeente"),
    ("Wijkraad", "wijkraad"),
    ("Dorpsraad", "dorpsraad"),
    ("Buurtvereniging", "buurtvereniging"),
    ("Woonstichting", "woningcorporatie"),
    ("Stichting Welzijn", "welzijnsorganisatie"),
    ("Bewonersinitiatief", "overig"),
]


def cap(text):
    return text[:1].upper() + text[1:]


class Writer:
    """Deterministic Dutch sentences about the neighbourhood approach."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def pick(self, items):
        return self.rng.choice(items)

    def place(self):
        municipality = self.pick(MUNICIPALITIES)
        return municipality, self.pick(PLACES[municipality])

    def sentence(self):
        r = self.rng
        municipality, neighbourhood = self.place()
        sg, pl = self.pick(VERBS)
        if r.random() < 0.003:  # a rare topic, for a query with few hits
            return f"In {neighbourhood} {sg} {self.pick(SUBJECTS_SG)} {self.pick(RARE_OBJECTS)}."
        form = r.randrange(9)
        if form == 0:
            where = self.pick([f"in {municipality}", f"in {neighbourhood}", "voor de hele buurt"])
            return f"{cap(self.pick(SUBJECTS_SG))} {sg} {self.pick(OBJECTS)} {where}."
        if form == 1:
            return f"{self.pick(TIMES)} {sg} {self.pick(SUBJECTS_SG)} {self.pick(OBJECTS)}."
        if form == 2:
            subject, reason = self.pick(SUBJECTS_PL), self.pick(REASONS)
            return f"{cap(subject)} {pl} {self.pick(OBJECTS)}, {reason}."
        if form == 3:
            person, organisation = self.pick(PERSONS), self.pick(SUBJECTS_SG)
            aspect, comparative = self.pick(ASPECTS), self.pick(COMPARATIVES)
            return f"Volgens {person} van {organisation} was {aspect} {comparative} dan verwacht."
        if form == 4:
            partner, topic = self.pick(SUBJECTS_SG), self.pick(OBJECTS)
            return (
                f"In {municipality} werken {self.pick(SUBJECTS_PL)} samen met {partner} "
                f"aan {topic}."
            )
        if form == 5:
            count = r.choice([12, 35, 60, 120, 250, 400, 900])
            return f"In {neighbourhood} deden {count} huishoudens mee aan {self.pick(OBJECTS)}."
        if form == 6:
            count = r.choice([20, 45, 80, 150, 300])
            return f"Zo'n {count} woningen in {municipality} kregen {self.pick(MEASURES)}."
        if form == 7:
            subject, condition = self.pick(SUBJECTS_PL), self.pick(CONDITIONS)
            return f"We merkten dat {subject} pas meedoen als {condition}."
        return f"{cap(self.pick(ASPECTS))} bleek {self.pick(COMPARATIVES)} dan gedacht."

    def advice(self):
        target = self.pick([*OBJECTS, *SUBJECTS_PL])
        return f"{self.pick(IMPERATIVES)} {target} {self.pick(WHEN)}."

    def reply_sentence(self):
        municipality, _ = self.place()
        _, pl = self.pick(VERBS)
        form = self.rng.randrange(6)
        if form == 0:
            return f"Bij ons in {municipality} {pl} {self.pick(SUBJECTS_PL)} {self.pick(OBJECTS)}."
        if form == 1:
            return f"Heeft iemand ervaring met {self.pick(OBJECTS)}?"
        if form == 2:
            return f"Ik stuur je de handreiking over {self.pick(OBJECTS)} door."
        if form == 3:
            return (
                f"Misschien kun je {self.pick(PERSONS)} van {self.pick(SUBJECTS_SG)} bellen, "
                f"die weet veel van {self.pick(OBJECTS)}."
            )
        if form == 4:
            return f"Wat kostte {self.pick(OBJECTS)} bij jullie?"
        return self.sentence()

    def words(self, low, high, make):
        """Sentences from ``make`` until a length between low and high words is reached."""
        target = self.rng.randint(low, high)
        sentences, count = [], 0
        while count < target:
            sentence = make()
            sentences.append(sentence)
            count += len(sentence.split())
        return sentences

    def paragraphs(self, sentences, size=4):
        return [" ".join(sentences[i : i + size]) for i in range(0, len(sentences), size)]

    # Whole texts.

    def story(self):
        municipality, neighbourhood = self.place()
        form = self.rng.randrange(4)
        if form == 0:
            title = f"{self.pick(TOPIC_TITLES)} in {municipality}: {self.pick(STORY_PHRASES)}"
        elif form == 1:
            title = f"Hoe {neighbourhood} in {municipality} van het aardgas af gaat"
        elif form == 2:
            subject, (verb, _) = self.pick(SUBJECTS_SG), self.pick(VERBS)
            title = f"{cap(subject)} in {neighbourhood} {verb} {self.pick(OBJECTS)}"
        else:
            title = f"{cap(self.pick(OBJECTS))}: {self.pick(STORY_PHRASES)}"
        summary = " ".join(self.sentence() for _ in range(2))
        sentences = self.words(130, 360, self.sentence)
        body = [("paragraph", f"<p>{p}</p>") for p in self.paragraphs(sentences)]
        if self.rng.random() < 0.3:
            quote = {"text": self.sentence(), "attribution": cap(self.pick(PERSONS))}
            body.insert(1, ("quote", quote))
        learned = "".join(f"<li>{self.advice()}</li>" for _ in range(self.rng.randint(2, 4)))
        return {
            "title": title[:250],
            "summary": summary[:590],
            "place": neighbourhood,
            "municipality": municipality,
            "body": body,
            "lessons_learned": f"<ul>{learned}</ul>",
        }

    def lesson(self, number):
        sentences = self.words(70, 200, self.sentence)
        third = max(1, len(sentences) // 3)
        return {
            "title": f"#{number}: {self.advice()[:-1]}"[:250],
            "summary": " ".join([self.advice(), self.sentence()])[:590],
            "application": "".join(f"<p>{p}</p>" for p in self.paragraphs(sentences[:third])),
            "in_practice": "".join(f"<p>{p}</p>" for p in self.paragraphs(sentences[third:])),
            "next_step": f"<p>{self.advice()}</p>",
        }

    def thread(self):
        municipality, _ = self.place()
        form = self.rng.randrange(4)
        if form == 0:
            title = f"Ervaringen met {self.pick(OBJECTS)}?"
        elif form == 1:
            title = f"Hoe krijg je {self.pick(SUBJECTS_PL)} mee bij {self.pick(OBJECTS)}?"
        elif form == 2:
            title = f"Tips voor {self.pick(OBJECTS)}"
        else:
            title = f"Vraag over {self.pick(OBJECTS)} in {municipality}"
        body = "\n\n".join(self.paragraphs(self.words(30, 120, self.sentence), 3))
        return cap(title)[:200], body

    def reply(self):
        sentences = self.words(20, 120, self.reply_sentence)
        if self.rng.random() < 0.3:
            sentences.insert(0, self.pick(OPENERS))
        text = " ".join(sentences)
        if self.rng.random() < 0.25:
            text = text.replace("ö", "o")  # typed without the diaeresis
        return text

    def organisation(self, number):
        municipality, neighbourhood = self.place()
        prefix, kind = self.pick(ORGANISATION_KINDS)
        name = f"{prefix} {municipality if kind == 'gemeente' else neighbourhood}"
        description = " ".join(self.words(25, 70, self.sentence))
        return {
            "name": name,
            "slug": f"org-{number}",
            "kind": kind,
            "municipality": municipality,
            "neighbourhood": neighbourhood,
            "description": description,
        }


# Building ---------------------------------------------------------------------------------


def database_settings():
    import dj_database_url

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = str(config["NAME"])
    if "bench" not in Path(name).name or Path(name).name in ("leerkring", "test_leerkring"):
        sys.exit(f"refusing to empty {name!r}: the scratch database's name must contain 'bench'")
    return config


def fresh_database(config):
    """Empty the scratch database; call before django.setup() for SQLite."""
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(config["NAME"]) + suffix).unlink(missing_ok=True)


def drop_postgres_schema():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")


@contextmanager
def quiet_index_signals():
    """Keep Wagtail's own per-save indexing out of the bulk build; the index is filled in
    bulk afterwards, as ``update_index`` would."""
    from django.db.models.signals import post_delete, post_save
    from modelsearch.index import get_indexed_models
    from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

    models = [m for m in get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


def add_children(parent, pages):
    """Append pages under ``parent``: what treebeard's add_child does, minus the per-page
    look-ups of the last child and the parent's numchild update, and without validation."""
    from django.db.models import F
    from wagtail.models import Page

    last = parent.get_last_child()
    offset = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    for number, page in enumerate(pages, start=offset + 1):
        page.depth = depth
        page.path = Page._get_path(parent.path, depth, number)
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.last_published_at = page.first_published_at
        page._cached_parent_obj = parent
        page._is_site_root = False
        page.save(clean=False)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)


def link_m2m(model, field_name, pairs):
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        [through(**{source: a, target: b}) for a, b in pairs], batch_size=2000
    )


def insert_child_rows(model, objs, batch_size=1000):
    """Insert the child table rows of a multi-table inherited model whose parent rows exist
    (``bulk_create`` refuses such models)."""
    from django.db import router

    fields = model._meta.local_concrete_fields
    manager = model._base_manager
    using = router.db_for_write(model)
    for start in range(0, len(objs), batch_size):
        manager._insert(objs[start : start + batch_size], fields=fields, using=using)


def build(args, writer):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from django_comments.models import Comment
    from django_comments_xtd.models import XtdComment
    from wagtail.models import Page, Site

    from cop_site.demo_content import THEMES
    from leerkring.choices import CircleStatus, CircleVisibility, MembershipRole
    from leerkring.models import (
        LearningCirclePage,
        LessonNomination,
        LessonPage,
        Meeting,
        Membership,
        NetworkPage,
        NominationStatus,
        Thread,
        Tip,
    )
    from leerkring.search.pause import paused
    from practices.models import (
        Organisation,
        OrganisationIndexPage,
        PracticeCasePage,
        PracticeIndexPage,
        Theme,
    )

    rng = writer.rng
    now = timezone.now()

    def past(days=1500):
        return now - timedelta(days=rng.uniform(1, days))

    timings = {}
    started = time.perf_counter()
    with paused(), quiet_index_signals(), transaction.atomic():
        tree_root = Page.get_first_root_node()
        tree_root.get_children().delete()
        tree_root = Page.get_first_root_node()
        network = tree_root.add_child(
            instance=NetworkPage(
                title="Leernetwerk", slug="home", intro="<p>Samen van het gas af.</p>"
            )
        )
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=network, is_default_site=True)
        region = network.add_child(
            instance=NetworkPage(title="Regio Gelderland", slug="gelderland", intro="")
        )
        practice_index = network.add_child(
            instance=PracticeIndexPage(title="Uit de praktijk", slug="uit-de-praktijk")
        )
        network.add_child(instance=OrganisationIndexPage(title="Initiatieven", slug="initiatieven"))

        themes = [Theme.objects.create(**theme) for theme in THEMES]
        theme_ids = [theme.pk for theme in themes]

        User = get_user_model()
        User.objects.bulk_create(
            [
                User(
                    username=f"bench-{n}",
                    email=f"bench-{n}@example.org",
                    first_name=writer.pick(["Iris", "Sem", "Fleur", "Daan", "Noor", "Bram"]),
                    last_name=writer.pick(["de Vries", "Jansen", "Bakker", "Visser", "Smit"]),
                    password="!",  # unusable
                )
                for n in range(USERS)
            ]
        )
        users = list(User.objects.filter(username__startswith="bench-"))
        member = User.objects.create(username=MEMBER_USERNAME, email="lid@example.org")

        Organisation.objects.bulk_create(
            [Organisation(**writer.organisation(n)) for n in range(ORGANISATIONS)]
        )
        organisation_ids = list(Organisation.objects.values_list("pk", flat=True))
        timings["tree, users, organisations"] = time.perf_counter() - started

        # Circles: half in the root network, half in the region; every fourth is closed.
        step = time.perf_counter()
        circles = []
        for n in range(CIRCLES):
            topic = TOPIC_TITLES[n % len(TOPIC_TITLES)]
            parent = network if n % 2 else region
            _, plural_verb = writer.pick(VERBS)
            circle = LearningCirclePage(
                title=f"Leerkring {topic} {n + 1}",
                slug=f"{slugify(topic)}-{n + 1}",
                central_question=f"Hoe {plural_verb} wij {writer.pick(OBJECTS)} "
                f"{writer.pick(WHEN)}?",
                description="".join(f"<p>{s}</p>" for s in writer.words(30, 80, writer.sentence)),
                status=CircleStatus.ACTIVE,
                visibility=CircleVisibility.CLOSED if n % 4 == 0 else CircleVisibility.OPEN,
                member_cap=25,
                first_published_at=past(),
            )
            circles.append(parent.add_child(instance=circle))
            link_m2m(LearningCirclePage, "themes", [(circle.pk, rng.choice(theme_ids))])
        closed = [c for c in circles if c.is_closed]
        memberships = [
            Membership(
                user=user,
                circle=circle,
                role=MembershipRole.FACILITATOR if i == 0 else MembershipRole.MEMBER,
                status="active",
                joined_at=past(),
            )
            for circle in circles
            for i, user in enumerate(rng.sample(users, MEMBERS_PER_CIRCLE))
        ]
        memberships += [
            Membership(user=member, circle=c, status="active", joined_at=now) for c in closed[:3]
        ]
        Membership.objects.bulk_create(memberships)
        members_of = {}
        for membership in memberships:
            members_of.setdefault(membership.circle_id, []).append(membership.user)
        timings["circles, memberships"] = time.perf_counter() - step

        # Practice stories.
        step = time.perf_counter()
        stories = []
        for _ in range(args.stories):
            fields = writer.story()
            stories.append(
                PracticeCasePage(
                    slug=f"verhaal-{len(stories) + 1}",
                    publisher_id=rng.choice(organisation_ids),
                    phase=rng.choice(["1-verkennen", "2-karakteriseren", "3-plan", "5-uitvoeren"]),
                    track=rng.choice(["A", "B", "C", ""]),
                    first_published_at=past(),
                    **fields,
                )
            )
        timings["stories: text"] = time.perf_counter() - step
        step = time.perf_counter()
        add_children(practice_index, stories)
        link_m2m(
            PracticeCasePage,
            "themes",
            [(s.pk, t) for s in stories for t in rng.sample(theme_ids, rng.randint(1, 3))],
        )
        link_m2m(
            PracticeCasePage,
            "organisations",
            [(s.pk, o) for s in stories for o in rng.sample(organisation_ids, rng.randint(0, 2))],
        )
        timings["stories: pages"] = time.perf_counter() - step

        # Lessons, spread over the circles, a few featured in their network.
        step = time.perf_counter()
        per_circle = {circle.pk: [] for circle in circles}
        for n in range(args.lessons):
            circle = circles[n % len(circles)]
            number = len(per_circle[circle.pk]) + 1
            per_circle[circle.pk].append(
                LessonPage(
                    slug=f"les-{number}",
                    number=number,
                    first_published_at=past(),
                    **writer.lesson(number),
                )
            )
        lessons = []
        for circle in circles:
            if per_circle[circle.pk]:
                add_children(circle, per_circle[circle.pk])
                lessons += per_circle[circle.pk]
        link_m2m(
            LessonPage,
            "themes",
            [(les.pk, t) for les in lessons for t in rng.sample(theme_ids, rng.randint(1, 2))],
        )
        LessonNomination.objects.bulk_create(
            [
                LessonNomination(lesson=les, network=network, status=NominationStatus.FEATURED)
                for les in lessons[:: max(1, len(lessons) // 40)]
            ]
        )
        timings["lessons: pages"] = time.perf_counter() - step

        # Tips and meetings: a few per circle.
        Tip.objects.bulk_create(
            [
                Tip(
                    circle=circle,
                    title=writer.advice()[:-1][:160],
                    text=" ".join(writer.words(15, 50, writer.sentence))[:2000],
                    shareable=rng.random() < 0.3,
                )
                for circle in circles
                for _ in range(5)
            ]
        )
        meetings = []
        for circle in circles:
            for _ in range(3):
                starts = past(400) + timedelta(days=rng.randint(0, 500))
                municipality, neighbourhood = writer.place()
                meetings.append(
                    Meeting(
                        circle=circle,
                        title=f"Bijeenkomst over {writer.pick(OBJECTS)}"[:200],
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        location=f"Buurthuis {neighbourhood}, {municipality}",
                        agenda="\n".join(
                            f"{i}. {writer.advice()}" for i in range(1, rng.randint(3, 6))
                        ),
                    )
                )
        Meeting.objects.bulk_create(meetings)

        # Threads and replies.
        step = time.perf_counter()
        thread_count = max(1, args.replies // 20)
        threads = []
        for n in range(thread_count):
            circle = circles[n % len(circles)]
            title, body = writer.thread()
            created = past(700)
            threads.append(
                Thread(
                    circle=circle,
                    title=title,
                    body=body,
                    author=rng.choice(members_of[circle.pk]),
                    created_at=created,
                    last_activity_at=created,
                )
            )
        Thread.objects.bulk_create(threads)
        if threads[0].pk is None:  # a database that does not return keys from bulk inserts
            threads = list(Thread.objects.order_by("pk"))
        link_m2m(Thread, "themes", [(t.pk, rng.choice(theme_ids)) for t in threads])

        content_type = ContentType.objects.get_for_model(Thread)
        comments, reply_threads = [], []
        for n in range(args.replies):
            thread = threads[rng.randrange(len(threads))] if n >= len(threads) else threads[n]
            user = rng.choice(members_of[thread.circle_id])
            comments.append(
                Comment(
                    content_type=content_type,
                    object_pk=str(thread.pk),
                    site_id=settings.SITE_ID,
                    user=user,
                    user_name=user.username[:50],
                    user_email=user.email,
                    comment=writer.reply(),
                    submit_date=thread.created_at + timedelta(hours=rng.uniform(1, 2000)),
                    is_public=True,
                    is_removed=rng.random() < 0.02,
                )
            )
            reply_threads.append(thread.pk)
        timings["replies: text"] = time.perf_counter() - step
        step = time.perf_counter()
        Comment.objects.bulk_create(comments, batch_size=1000)
        if comments[0].pk is None:
            pks = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
            for comment, pk in zip(comments, pks, strict=True):
                comment.pk = comment.id = pk
        # xtd's tree fields: per thread, a top-level reply with its answers one level down
        # (a third of the replies answer the thread's latest top-level reply).
        xtd, last_root = [], {}
        for comment, thread_pk in zip(comments, reply_threads, strict=True):
            root = last_root.get(thread_pk)
            if root is None or rng.random() < 0.67:
                row = XtdComment(comment_ptr_id=comment.pk, thread_id=comment.pk, level=0)
                row.parent_id, row.order, row.nested_count = comment.pk, 1, 0
                last_root[thread_pk] = row
            else:
                root.nested_count += 1
                row = XtdComment(comment_ptr_id=comment.pk, thread_id=root.thread_id, level=1)
                row.parent_id, row.nested_count = root.comment_ptr_id, 0
                row.order = root.nested_count + 1
            xtd.append(row)
        insert_child_rows(XtdComment, xtd)
        last_reply = {}
        for comment, thread_pk in zip(comments, reply_threads, strict=True):
            last_reply[thread_pk] = max(
                last_reply.get(thread_pk, comment.submit_date), comment.submit_date
            )
        for thread in threads:
            thread.last_activity_at = last_reply.get(thread.pk, thread.created_at)
        Thread.objects.bulk_update(threads, ["last_activity_at"], batch_size=1000)
        timings["replies: rows"] = time.perf_counter() - step

    problems = Page.find_problems()
    if any(problems):
        sys.exit(f"the page tree has problems: {problems}")
    timings["build"] = time.perf_counter() - started

    # Wagtail's own index of pages and organisations, as the save signals would have left it.
    step = time.perf_counter()
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for model in (NetworkPage, LearningCirclePage, PracticeCasePage, LessonPage, Organisation):
        objects = list(model.get_indexed_objects())
        for start in range(0, len(objects), 1000):
            backend.add_bulk(model, objects[start : start + 1000])
    backend.add_bulk(Theme, list(Theme.objects.all()))
    timings["wagtail page index"] = time.perf_counter() - step
    return timings


# Measuring --------------------------------------------------------------------------------


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def ms(seconds):
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


class Deadline:
    """Interrupt the database query running in this thread once ``seconds`` have passed, so
    that one pathological search cannot stall the benchmark."""

    def __init__(self, seconds):
        from django.db import connection

        self.seconds = seconds
        connection.ensure_connection()
        self.vendor, self.raw = connection.vendor, connection.connection
        self.lock, self.active, self.fired = threading.Lock(), False, False

    def fire(self):
        with self.lock:
            if not self.active:
                return
            self.fired = True
            if self.vendor == "sqlite":
                self.raw.interrupt()
            elif self.vendor == "postgresql":
                getattr(self.raw, "cancel_safe", self.raw.cancel)()

    def __enter__(self):
        self.active = True
        self.timer = threading.Timer(self.seconds, self.fire)
        self.timer.start()
        return self

    def __exit__(self, kind, value, traceback):
        from django.db import DatabaseError

        with self.lock:
            self.active = False
        self.timer.cancel()
        return bool(self.fired and kind is not None and issubclass(kind, DatabaseError))


def timed(function, arguments, runs, budget, timeout):
    """Run ``function`` up to ``runs`` times, but stop once ``budget`` seconds are spent (the
    first run always completes) or a run was interrupted after ``timeout`` seconds.
    Returns the run times, the last result (None if interrupted) and whether it was."""
    times, result, spent = [], None, time.perf_counter()
    while len(times) < runs and (not times or time.perf_counter() - spent < budget):
        started = time.perf_counter()
        result = None
        with Deadline(timeout) as deadline:
            result = function(*arguments)
        times.append(max(time.perf_counter() - started, timeout if deadline.fired else 0))
        if deadline.fired:
            return times, None, True
    return times, result, False


def bare_statements():
    """The bare ranked statement of the search index for a query: the full-text match, its
    score and the best 50, on the index table alone (no permissions, no facets, no join).
    Returns ``{name: function(variants, every_word) -> rows}`` for the database backends:
    on PostgreSQL both as the planner plans it and with the GIN index (sequential scans off,
    as Leerkring runs its own statement); the faster is the one compared with."""
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    from leerkring.search.matching import (
        TITLE_WEIGHT,
        PostgresIndexMatcher,
        SQLiteIndexMatcher,
        matcher_for,
    )

    matcher = matcher_for(get_search_backend())

    def run(sql, params, setting=None):
        with transaction.atomic(), connection.cursor() as cursor:
            if setting:
                cursor.execute(f"SET LOCAL {setting}")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            transaction.set_rollback(True)
        return rows

    if isinstance(matcher, SQLiteIndexMatcher):
        fts = matcher.fts
        sql = (
            f"SELECT rowid, bm25({fts}, 0.0, 1.0, {TITLE_WEIGHT}) AS score "  # noqa: S608
            f"FROM {fts} WHERE {fts} MATCH %s ORDER BY score LIMIT 50"
        )
        return {"bare": lambda variants, every: run(sql, matcher.match_params(variants, every))}
    if isinstance(matcher, PostgresIndexMatcher):

        def statement(variants, every):
            query, params = matcher.tsquery(variants, every)
            sql = (
                f"SELECT id, ts_rank(body, {query}) AS score "  # noqa: S608
                f"FROM {matcher.table} WHERE body @@ {query} ORDER BY score DESC LIMIT 50"
            )
            return sql, [*params, *params]

        return {
            "bare": lambda variants, every: run(*statement(variants, every)),
            "bare, GIN": lambda variants, every: run(
                *statement(variants, every), "enable_seqscan = off"
            ),
        }
    return {}


def measure(runs, budget, timeout, member):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leerkring.search import dutch, engine

    def shown(seconds, timed_out):
        return f">{ms(timeout)}" if timed_out else ms(seconds)

    people = {"anonymous": AnonymousUser(), "member": member}
    results = {}
    bare, bare_results = bare_statements(), {}
    for kind, user in people.items():
        engine.search("xylofoonkwartet", user)  # warm up the connection and caches
        engine.suggestions("xylofoon", user)
        # SQL statements of one search and one suggestion, on a rare word so that it is quick.
        with CaptureQueriesContext(connection) as search_queries, Deadline(timeout):
            engine.search("riothermie", user)
        with CaptureQueriesContext(connection) as suggest_queries, Deadline(timeout):
            engine.suggestions("riother", user)
        per_query, all_times, timeouts = {}, [], 0
        for query in QUERIES:
            times, outcome, timed_out = timed(engine.search, (query, user), runs, budget, timeout)
            hits = None if outcome is None else (outcome.total, outcome.capped)
            median = statistics.median(times)
            per_query[query] = (hits, median, len(times), timed_out, times)
            all_times += times
            timeouts += timed_out
            bare_note = ""
            variants = dutch.query_variants(query)
            if kind == "anonymous" and variants and outcome is not None:
                # The same words, every one or any (as the search fell back to).
                for name, run_bare in bare.items():
                    bare_times, _, bare_out = timed(
                        run_bare, (variants, outcome.every_word), runs, budget, timeout
                    )
                    bare_results.setdefault(name, {})[query] = bare_times
                    bare_note += f"; {name} {shown(statistics.median(bare_times), bare_out)} ms"
            print(
                f"    {kind:<9} search {query!r}: {hits[0] if hits else '?'} hits, "
                f"median {shown(median, timed_out)} ms over {len(times)} runs{bare_note}",
                flush=True,
            )
        typo_times, corrected = [], {}
        for query in TYPO_QUERIES:
            times, outcome, timed_out = timed(engine.search, (query, user), runs, budget, timeout)
            typo_times += times
            meant = "?" if outcome is None else outcome.query
            corrected[query] = meant
            print(
                f"    {kind:<9} mistyped {query!r} -> {meant!r}: "
                f"{'?' if outcome is None else outcome.total} hits, "
                f"median {shown(statistics.median(times), timed_out)} ms over {len(times)} runs",
                flush=True,
            )
        suggest_times, suggestions, suggest_timeouts = [], {}, 0
        for prefix in PREFIXES:
            times, found, timed_out = timed(
                engine.suggestions, (prefix, user), runs, budget, timeout
            )
            suggest_times += times
            suggest_timeouts += timed_out
            median = statistics.median(times)
            suggestions[prefix] = ("?" if found is None else len(found), median, timed_out)
            print(
                f"    {kind:<9} suggest {prefix!r}: {suggestions[prefix][0]} titles, "
                f"median {shown(median, timed_out)} ms over {len(times)} runs",
                flush=True,
            )
        results[kind] = {
            "per_query": per_query,
            "search": all_times,
            "search_timeouts": timeouts,
            "typos": typo_times,
            "corrected": corrected,
            "suggest": suggest_times,
            "suggest_timeouts": suggest_timeouts,
            "suggestions": suggestions,
            "search_sql": len(search_queries),
            "suggest_sql": len(suggest_queries),
        }
    return results, bare_results


def forget_documents():
    """Empty the search documents and their index entries, so that a reused site is indexed
    from nothing, as a first ``rebuild_all`` would."""
    from wagtail.search.backends import get_search_backend

    from leerkring.search.models import SearchDocument

    SearchDocument.objects.all().delete()
    get_search_backend().get_index_for_model(SearchDocument).delete_stale_model_entries(
        SearchDocument
    )


def analyze():
    """Give the query planner statistics, as ``ANALYZE`` (or PostgreSQL's autovacuum) would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--lessons", type=int, default=2_000)
    parser.add_argument("--replies", type=int, default=20_000)
    parser.add_argument("--queries-runs", type=int, default=5)
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds per query after which no further runs of it are made (default 20)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds after which one search or suggestion is interrupted and counted as "
        "taking at least that long (default 30)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="reuse the previous run's site")
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="search without running ANALYZE first (SQLite then plans the FTS joins badly)",
    )
    args = parser.parse_args()

    config = database_settings()
    if not args.reuse:
        fresh_database(config)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    timings = {}
    if not args.reuse:
        drop_postgres_schema()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # a reused site may be a few migrations behind
    timings["migrate"] = time.perf_counter() - started
    from django.contrib.auth import get_user_model

    from leerkring.search.documents import rebuild_all
    from leerkring.search.models import SearchDocument

    print(f"{connection.vendor}: {config['NAME']}", flush=True)
    if not args.reuse:
        timings.update(build(args, Writer(args.seed)))
        for name, seconds in timings.items():
            print(f"  {name:<28} {seconds:8.1f} s", flush=True)
    member = get_user_model().objects.get(username=MEMBER_USERNAME)

    if args.reuse:
        forget_documents()
    started = time.perf_counter()
    documents = rebuild_all()
    indexed = time.perf_counter() - started
    print(f"  {'rebuild_all, first':<28} {indexed:8.1f} s  ({documents:,} documents)", flush=True)
    started = time.perf_counter()
    rebuild_all()
    reindexed = time.perf_counter() - started
    print(f"  {'rebuild_all, unchanged site':<28} {reindexed:8.1f} s", flush=True)
    by_kind = dict(SearchDocument.objects.values_list("kind").annotate(n=Count("pk")))
    print("  documents by kind: " + ", ".join(f"{k} {n:,}" for k, n in sorted(by_kind.items())))
    analyzed = "no"
    if not args.no_analyze:
        started = time.perf_counter()
        analyze()
        analyzed = f"{time.perf_counter() - started:.1f} s"
        print(f"  {'ANALYZE':<28} {analyzed:>10}", flush=True)

    timeout = args.timeout
    results, bare = measure(args.queries_runs, args.budget, timeout, member)

    def shown(seconds, timed_out=False):
        # A value at the timeout is a run that was interrupted: it took at least that long.
        return f">={ms(timeout)}" if timed_out or seconds >= timeout else ms(seconds)

    def hits(row):
        if row[0] is None:
            return "?"
        total, capped = row[0]
        return f"{total:,}{'+' if capped else ''}"

    def bare_median(name, query):
        times = bare[name].get(query)
        return shown(statistics.median(times)) if times else "-"

    print(
        f"\n  {'query':<46} {'hits anon':>9} {'hits member':>11} {'ms anon':>8} {'ms mem':>8}"
        f" {'runs':>5}" + "".join(f" {name:>10}" for name in bare)
    )
    for query in QUERIES:
        anon = results["anonymous"]["per_query"][query]
        mem = results["member"]["per_query"][query]
        print(
            f"  {query:<46} {hits(anon):>9} {hits(mem):>11} {shown(anon[1], anon[3]):>8} "
            f"{shown(mem[1], mem[3]):>8} {anon[2]:>2}/{mem[2]:<2}"
            + "".join(f" {bare_median(name, query):>10}" for name in bare)
        )
    if bare:
        print(
            "  (bare: the ranked full-text statement alone, on the index table, best 50; "
            "in ms, median)"
        )
    print("  ('+': more than the 500 ranked results, the rest counted; '?': interrupted)")
    for kind, result in results.items():
        print(
            f"  suggestions, {kind}: "
            + ", ".join(
                f"{p!r} {n} in {shown(t, out)} ms"
                for p, (n, t, out) in result["suggestions"].items()
            )
        )

    build_seconds = timings.get("build", 0.0)
    wagtail_index = timings.get("wagtail page index", 0.0)
    print()
    # The search beside the bare statement, over the queries that have one (words to match).
    # Of PostgreSQL's two plans of the bare statement, the faster one is compared with.
    bare_times = {
        name: [t for times in per_query.values() for t in times] for name, per_query in bare.items()
    }
    fastest = min(bare_times, key=lambda name: percentile(bare_times[name], 50), default=None)
    for kind, result in results.items():
        if fastest is None:
            break
        queries = bare[fastest]
        same = [t for q in queries for t in result["per_query"][q][4]]
        reference = bare_times[fastest]
        print(
            f"database: {connection.vendor} | user: {kind} | over {len(queries)} queries: "
            f"search p50 {shown(percentile(same, 50))} ms p95 {shown(percentile(same, 95))} ms"
            f" | {fastest} statement p50 {shown(percentile(reference, 50))} ms "
            f"p95 {shown(percentile(reference, 95))} ms | ratio p50 "
            f"{percentile(same, 50) / percentile(reference, 50):.2f}, p95 "
            f"{percentile(same, 95) / percentile(reference, 95):.2f}"
            + "".join(
                f" | {name} p50 {shown(percentile(times, 50))} ms "
                f"p95 {shown(percentile(times, 95))} ms"
                for name, times in bare_times.items()
                if name != fastest
            )
        )
    for kind, result in results.items():
        search, suggest = result["search"], result["suggest"]
        print(
            f"database: {connection.vendor} | user: {kind} | documents: {documents:,} | "
            f"build: {build_seconds:.1f} s (+ Wagtail's page index {wagtail_index:.1f} s) | "
            f"index: {indexed:.1f} s ({documents / indexed:,.0f} docs/s), "
            f"again unchanged {reindexed:.1f} s ({reindexed / indexed:.0%}) | "
            f"analyze: {analyzed} | "
            f"search p50 {shown(percentile(search, 50))} ms p95 {shown(percentile(search, 95))}"
            f" ms (n={len(search)}, {result['search_timeouts']} interrupted) | "
            f"suggest p50 {shown(percentile(suggest, 50))} ms "
            f"p95 {shown(percentile(suggest, 95))} ms "
            f"(n={len(suggest)}, {result['suggest_timeouts']} interrupted) | "
            f"SQL per search {result['search_sql']}, per suggestion {result['suggest_sql']}"
        )
    for kind, result in results.items():
        typos = result["typos"]
        print(
            f"database: {connection.vendor} | user: {kind} | mistyped queries, corrected: "
            f"p50 {shown(percentile(typos, 50))} ms p95 {shown(percentile(typos, 95))} ms "
            f"(n={len(typos)}) | "
            + ", ".join(f"{typed} -> {meant}" for typed, meant in result["corrected"].items())
        )


if __name__ == "__main__":
    main()
