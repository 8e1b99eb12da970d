"""Leerkring's thread page against two Django forums: a benchmark, not a test.

    .venv/bin/python bench/peers.py [--replies 500] [--rounds 30] [--workdir DIR] [--rebuild]
        [--warmup 3] [--machina-django 4.2] [--only machina spirit]

Installs django-machina and Spirit (``django-spirit``) from PyPI, each into a virtual
environment of its own under the work directory (default /tmp/leerkring-peers), with the
Django version it supports, and generates a minimal Django project for each there (settings,
URLs, WSGI; SQLite). Then it fills every project with the same conversation: one
forum/category with one topic of N replies (default 500), the same Dutch Markdown texts of
about 550 characters, generated here once from a fixed seed. Leerkring gets a circle with
one thread built through ``leerkring.conversations`` in a scratch SQLite database of its own
(the project's code and test factories, ``cop_site.settings.test``), in the tree shape of
``tests.test_circle_query_counts.build_thread``: replies nested two levels deep, a reaction
on every third one.

Every page is served by gunicorn with one sync worker on 127.0.0.1 and fetched as a logged-in
member who has posted nothing himself:

- Leerkring: the thread's first page (25 replies), and the whole thread on one page. The
  site has no such view: that server patches ``leerkring.views.threads.REPLIES_PER_PAGE``,
  and its row says so.
- django-machina: the topic's first page (15 posts) and the topic on one page
  (``MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE``).
- Spirit: the topic's first page (20 comments) and the topic on one page (djconfig's
  ``comments_per_page``; Spirit's admin form caps it at 100, so the bench widens that field).
- A bare Django floor: a view in Leerkring's venv that returns Leerkring's one-page HTML,
  read into memory once, with no middleware.

Each URL is warmed up, then timed in interleaved rounds (a fresh connection per GET, as
browsers without keep-alive would); the SQL count comes from one extra GET of the same URL
in-process (django.test.Client and CaptureQueriesContext, in that project's own venv), and
the memory from the gunicorn worker's VmHWM after the rounds (each variant has a server of
its own, so that is the peak of serving that page). Prints a markdown table and writes the
numbers to DIR/results-<N>.json.

Venvs, projects and databases (one per reply count) are kept in the work directory and
reused on the next run; ``--rebuild`` starts over. ``--only`` leaves out a peer (Leerkring
and the floor always run); ``--machina-django 5.2`` puts machina on Leerkring's Django
(machina 1.3 declares 4.2, and its topic pages run on 5.2 too). A peer that cannot be
installed or built is skipped with the reason. A benchmark, never run as a test: its
timings depend on the machine, and Leerkring's are those of the work tree as it is.
"""

import argparse
import hashlib
import http.client
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WORKDIR = "/tmp/leerkring-peers"  # noqa: S108 - a cache of throwaway projects
SEED = 20250607
GUNICORN = "gunicorn>=23,<28"  # as pyproject's production extra
LEERKRING_PER_PAGE = 25
MEMORY_GOAL_MB = 150
VIEWER = {"username": "lezer-bench", "first_name": "Lieke", "last_name": "Lezersma"}
AUTHORS = [
    ("anne.devries", "Anne", "de Vries"),
    ("bram.jansen", "Bram", "Jansen"),
    ("carla.bakker", "Carla", "Bakker"),
    ("daan.visser", "Daan", "Visser"),
    ("eva.smit", "Eva", "Smit"),
]
TITLE = "Hoe houden we bewoners betrokken bij het warmtenet?"


# --- The texts --------------------------------------------------------------------------

OPENERS = ["Bij ons in", "In de gemeente", "Vorige maand in", "Sinds kort in", "Ook in"]
PLACES = [
    "Zeist", "Tilburg", "Deventer", "Zwolle", "Leeuwarden", "Gouda", "Assen", "Helmond",
    "Delft", "Venlo", "Amersfoort", "Emmen", "Heerlen", "Alkmaar",
]  # fmt: skip
DEEDS = [
    "zaten we om tafel met",
    "zijn we samen met",
    "spraken we uitgebreid met",
    "organiseerden we een avond voor",
    "liepen we een ronde met",
    "maakten we afspraken met",
    "schreven we een plan met",
    "evalueerden we het traject met",
]
WHOM = [
    "de wijkraad",
    "de woningcorporatie",
    "de huurdersvereniging",
    "een groep ondernemers",
    "de energiecoöperatie",
    "twee basisscholen",
    "de buurtcoaches",
    "het sociaal wijkteam",
]
SENTENCES = [
    "Het belangrijkste wat we leerden: begin klein en laat zien wat er al gebeurt.",
    "De opkomst was hoger dan verwacht, vooral omdat we de uitnodiging huis aan huis brachten.",
    "We merkten dat bewoners vooral willen weten wat het hen **per maand** gaat kosten.",
    "Een rekenvoorbeeld op één A4 werkte beter dan de hele brochure van de netbeheerder.",
    "Niet iedereen is digitaal vaardig, dus we houden ook een spreekuur in het buurthuis.",
    "De ambtenaar die erbij zat kon veel vragen *direct* beantwoorden, dat gaf vertrouwen.",
    "Wat ons tegenviel was de doorlooptijd: van idee tot eerste aansluiting duurt jaren.",
    "Ik raad aan om vooraf met de corporatie af te spreken wie het aanspreekpunt is.",
    "In de evaluatie noemden deelnemers de koffie na afloop het nuttigste deel van de avond.",
    "We hebben nu een vaste groep van twaalf bewoners die als ambassadeur optreedt.",
    "De subsidieaanvraag liep vertraging op, maar de provincie denkt gelukkig mee.",
    "Een warmtescan met de infraroodcamera maakte het probleem ineens heel zichtbaar.",
    "Let op de planning: in de zomervakantie bereik je bijna niemand.",
    "Onze wethouder kwam zelf langs, wat veel goodwill opleverde bij de buurt.",
    "Wie heeft ervaring met een **participatieplan** dat echt door de gemeenteraad is gekomen?",
    "De vragenlijst leverde weinig op; de gesprekken aan de keukentafel des te meer.",
    "We werken met een logboek zodat nieuwe collega's snel kunnen instappen.",
    "Het helpt om de technische uitleg over te laten aan iemand van de netbeheerder zelf.",
    "Jongeren bereikten we pas toen we de bijeenkomst naar de sporthal verplaatsten.",
    "Bij de volgende ronde willen we de huurders eerder betrekken dan de eigenaren.",
]
LISTS = [
    ["een heldere planning", "een vast aanspreekpunt", "eerlijke cijfers"],
    ["koffie en thee", "een tolk voor wie dat nodig heeft", "kinderopvang tijdens de avond"],
    ["het verslag van de avond", "de presentatie", "een lijst met veelgestelde vragen"],
]
LINKS = [
    ("het verslag", "https://example.org/verslagen/warmtenet"),
    ("onze notitie", "https://example.org/notities/participatie"),
    ("de handreiking", "https://example.org/handreiking-wijkaanpak"),
]


def make_text(rng):
    """One reply of about 550 characters: a plain first sentence (which the bench looks for
    in the pages), then sentences with some emphasis, now and then a list or a link."""
    first = f"{rng.choice(OPENERS)} {rng.choice(PLACES)} {rng.choice(DEEDS)} {rng.choice(WHOM)}"
    paragraphs, current = [], [first + "."]
    length = len(first)
    # Drawn without putting back: a sentence said twice in one reply reads like a bug.
    sentences = rng.sample(SENTENCES, len(SENTENCES))
    while length < 500 and sentences:
        if rng.random() < 0.12:
            items = "\n".join(f"- {item}" for item in rng.choice(LISTS))
            paragraphs += [" ".join(current), "Wat hielp:\n\n" + items]
            current = []
            length += len(items) + 12
            continue
        sentence = sentences.pop()
        if rng.random() < 0.1:
            label, url = rng.choice(LINKS)
            sentence = f"Zie [{label}]({url}) voor de details."
        current.append(sentence)
        length += len(sentence) + 1
        if rng.random() < 0.3:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs), first


def make_texts(replies):
    rng = random.Random(SEED)
    body, _ = make_text(rng)
    texts, markers = [], []
    for _ in range(replies):
        text, marker = make_text(rng)
        texts.append(text)
        markers.append(marker)
    return {
        "title": TITLE,
        "body": body,
        "replies": texts,
        "first_marker": markers[0],
        "last_marker": markers[-1],
        # Only a marker no other reply starts with tells that the last reply is not on page 1.
        "last_is_unique": markers.count(markers[-1]) == 1,
        "authors": AUTHORS,
        "viewer": VIEWER,
    }


# --- What runs inside each project's own venv ------------------------------------------

# Logs the viewer in, GETs the page once (a session's first request does one-off work),
# then counts the queries of a second GET: the state the timed server is in.
PROBE = """
import importlib, json, os, sys
from pathlib import Path

import django

django.setup()
importlib.import_module("bench_hook").apply()

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

info = json.loads(Path(sys.argv[1]).read_text())
viewer = get_user_model().objects.get(username=info["viewer"])
anonymous = Client().get(info["path"]).content.decode()
client = Client()
client.force_login(viewer)
client.get(info["path"])
with CaptureQueriesContext(connection) as queries:
    response = client.get(info["path"])
content = response.content.decode()
Path(sys.argv[2]).write_bytes(response.content)
# Something only the logged-in member sees: the timed requests check for it too.
names = [viewer.get_full_name(), viewer.get_username(), *info.get("logged_in", [])]
print(json.dumps({
    "status": response.status_code,
    "sql": len(queries),
    "bytes": len(response.content),
    "cookie_name": settings.SESSION_COOKIE_NAME,
    "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
    "viewer_marker": next((n for n in names if n and n in content and n not in anonymous), ""),
}))
"""

WSGI = """
from django.core.wsgi import get_wsgi_application

import bench_hook

application = get_wsgi_application()
bench_hook.apply()
"""

NO_HOOK = """
def apply():
    pass
"""

VERSIONS = """
import json, sys
from importlib import metadata
print(json.dumps({name: metadata.version(name) for name in sys.argv[1:]}))
"""

LEERKRING_HOOK = """
import os


def apply():
    per_page = int(os.environ.get("BENCH_PER_PAGE") or 0)
    if per_page:
        from leerkring.views import threads

        if not hasattr(threads, "REPLIES_PER_PAGE"):
            raise SystemExit("leerkring.views.threads has no REPLIES_PER_PAGE to widen")
        threads.REPLIES_PER_PAGE = per_page
"""

LEERKRING_BUILD = """
import json, sys
from pathlib import Path

import django

django.setup()
from django.core.management import call_command

call_command("migrate", verbosity=0)
from wagtail.models import Page, Site

from leerkring import conversations
from leerkring.models import Reaction, ThreadVisit
from tests.conftest import Circles  # noqa: F401 - the factories need the test tree
from tests.factories import (
    LearningCirclePageFactory, MembershipFactory, NetworkPageFactory, UserFactory,
)

data = json.loads(Path(sys.argv[1]).read_text())
network = NetworkPageFactory(parent=Page.get_first_root_node(), slug="bench-peers")
Site.objects.update_or_create(
    is_default_site=True, defaults={"hostname": "testserver", "port": 80, "root_page": network}
)
circle = LearningCirclePageFactory(parent=network, member_cap=25)


def member(username, first_name, last_name):
    user = UserFactory(username=username, first_name=first_name, last_name=last_name)
    return MembershipFactory(circle=circle, user=user).user


members = [member(*author) for author in data["authors"]]
viewer = member(**data["viewer"])
thread = conversations.start_thread(circle, members[0], title=data["title"], body=data["body"])
# The shape of tests.test_circle_query_counts.build_thread, with the shared texts.
parents = [None]
for n, text in enumerate(data["replies"]):
    reply = conversations.post_reply(
        thread, members[n % 5], text, parent=parents[n % len(parents)], rate_exempt=True
    )
    if reply.level < 2:
        parents.append(reply)
    if n % 3 == 0:
        Reaction.objects.create(reply=reply, user=members[(n + 1) % 5], kind="nuttig")
# The member has read the thread before, as machina's and Spirit's trackers will say after
# the first GET; without a visit, the page would skip its query for the first unread reply
# until some GET of the last page writes one.
ThreadVisit.objects.create(thread=thread, user=viewer)
path = circle.url + circle.reverse_subpage("thread", args=[thread.pk])
info = {"path": path, "viewer": viewer.username, "logged_in": ['action="/accounts/logout/"']}
Path(sys.argv[2]).write_text(json.dumps(info))
"""

MACHINA_SETTINGS = """
import os

from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "bench-only-key-for-a-throwaway-forum"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mptt",
    "haystack",
    "widget_tweaks",
    "machina",
    "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "machina.apps.forum_member",
    "machina.apps.forum_permission",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "machina.apps.forum_permission.middleware.ForumPermissionMiddleware",
]
ROOT_URLCONF = "bench_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "machina.core.context_processors.metadata",
            ],
        },
    },
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["BENCH_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "machina_attachments": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(BASE_DIR, "attachments-cache"),
    },
}
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, "static")
STATICFILES_DIRS = [MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE_DIR, "media")
LOGIN_URL = "/admin/login/"
MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = int(os.environ.get("BENCH_PER_PAGE") or 15)
# A member of a Leerkring circle may read, reply, edit and delete their own replies.
MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS = [
    "can_see_forum",
    "can_read_forum",
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",
    "can_post_without_approval",
    "can_subscribe_to_topics",
]
"""

MACHINA_URLS = """
from django.contrib import admin
from django.urls import include, path
from machina import urls as machina_urls

urlpatterns = [path("admin/", admin.site.urls), path("forum/", include(machina_urls))]
"""


def _build_script(imports, body):
    """A peer's data script: migrate, make the same people, then the peer's own part."""
    return BUILD_HEAD + 'call_command("migrate", verbosity=0)\n' + imports + BUILD_PEOPLE + body


BUILD_HEAD = """
import json, sys
from pathlib import Path

import django

django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
"""

BUILD_PEOPLE = """
data = json.loads(Path(sys.argv[1]).read_text())
User = get_user_model()


def person(username, first_name, last_name):
    return User.objects.create_user(
        username, f"{username}@example.org", "bench-password", first_name=first_name,
        last_name=last_name,
    )


members = [person(*author) for author in data["authors"]]
viewer = person(**data["viewer"])
"""

MACHINA_BUILD = _build_script(
    """from django.urls import reverse
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
""",
    """with transaction.atomic():
    forum = Forum.objects.create(name="Leerkring", type=Forum.FORUM_POST)
    topic = Topic.objects.create(
        forum=forum, poster=members[0], subject=data["title"], type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )
    # Saved one by one, as machina's views do: save() renders the Markdown and keeps the
    # topic's counters.
    Post.objects.create(topic=topic, poster=members[0], subject=data["title"], content=data["body"])
    for n, text in enumerate(data["replies"]):
        Post.objects.create(
            topic=topic, poster=members[n % 5], subject="Re: " + data["title"], content=text
        )
topic.refresh_from_db()
path = reverse(
    "forum_conversation:topic",
    kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk, "slug": topic.slug, "pk": topic.pk},
)
info = {
    "path": path,
    "viewer": viewer.username,
    "logged_in": [f'href="/forum/member/profile/{viewer.pk}/posts/"'],
}
Path(sys.argv[2]).write_text(json.dumps(info))
""",
)

SPIRIT_SETTINGS = """
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "bench-only-key-for-a-throwaway-forum"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# As Spirit's project template (spirit/extra/project_template/.../settings/base.py).
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "spirit.core",
    "spirit.admin",
    "spirit.search",
    "spirit.user",
    "spirit.user.admin",
    "spirit.user.auth",
    "spirit.category",
    "spirit.category.admin",
    "spirit.topic",
    "spirit.topic.admin",
    "spirit.topic.favorite",
    "spirit.topic.moderate",
    "spirit.topic.notification",
    "spirit.topic.private",
    "spirit.topic.unread",
    "spirit.comment",
    "spirit.comment.bookmark",
    "spirit.comment.flag",
    "spirit.comment.flag.admin",
    "spirit.comment.history",
    "spirit.comment.like",
    "spirit.comment.poll",
    "djconfig",
    "haystack",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "spirit.user.middleware.TimezoneMiddleware",
    "spirit.user.middleware.LastIPMiddleware",
    "spirit.user.middleware.LastSeenMiddleware",
    "spirit.user.middleware.ActiveUserMiddleware",
    "spirit.core.middleware.PrivateForumMiddleware",
    "djconfig.middleware.DjConfigMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.debug",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.template.context_processors.static",
                "django.template.context_processors.tz",
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "djconfig.context_processors.config",
            ]
        },
    }
]
# In memory, as Leerkring's: the template's database caches would add a query per lookup.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "st_rate_limit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "spirit_rl_cache",
        "TIMEOUT": None,
    },
}
AUTHENTICATION_BACKENDS = [
    "spirit.user.auth.backends.UsernameAuthBackend",
    "spirit.user.auth.backends.EmailAuthBackend",
]
# No search index: building one is not what is measured, and Whoosh would write on every save.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
ROOT_URLCONF = "bench_urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["BENCH_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGIN_URL = "spirit:user:auth:login"
LOGIN_REDIRECT_URL = "spirit:user:update"
LOGOUT_REDIRECT_URL = "spirit:index"
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE_DIR, "media")
STATIC_ROOT = os.path.join(BASE_DIR, "static")
STORAGES = {
    "default": {"BACKEND": "spirit.core.storage.OverwriteFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ST_SITE_URL = "http://127.0.0.1/"
"""

SPIRIT_URLS = """
from django.contrib import admin
from django.urls import include, path

import spirit.urls

urlpatterns = [path("", include(spirit.urls)), path("admin/", admin.site.urls)]
"""

SPIRIT_HOOK = """
import os


def apply():
    per_page = int(os.environ.get("BENCH_PER_PAGE") or 0)
    if per_page:
        from django import forms
        from spirit.admin.forms import BasicConfigForm

        # The admin form allows at most 100 and djconfig drops a stored value the form
        # rejects; its initial value is what djconfig uses when nothing is stored.
        BasicConfigForm.base_fields["comments_per_page"] = forms.IntegerField(
            initial=per_page, min_value=1
        )
"""

SPIRIT_BUILD = _build_script(
    """from spirit.category.models import Category
from spirit.comment.models import Comment
from spirit.core.utils.markdown import Markdown
from spirit.topic.models import Topic
""",
    """with transaction.atomic():
    category = Category.objects.create(title="Leerkring", description="Leerkring bench")
    topic = Topic.objects.create(user=members[0], category=category, title=data["title"])
    # As spirit.comment.forms.CommentForm saves a comment: the HTML rendered once, stored.
    texts = [(members[0], data["body"])] + [
        (members[n % 5], text) for n, text in enumerate(data["replies"])
    ]
    for user, text in texts:
        Comment.objects.create(
            user=user, topic=topic, comment=text, comment_html=Markdown().render(text)
        )
    Topic.objects.filter(pk=topic.pk).update(comment_count=len(texts))
topic.refresh_from_db()
info = {"path": topic.get_absolute_url(), "viewer": viewer.username}
Path(sys.argv[2]).write_text(json.dumps(info))
""",
)

FLOOR = """
import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = Path(os.environ["FLOOR_HTML"]).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]
application = get_wsgi_application()
"""


# --- Peers ------------------------------------------------------------------------------


@dataclass
class Peer:
    name: str
    label: str
    packages: list  # what `importlib.metadata` reports, for the versions line
    candidates: list = field(default_factory=list)  # pip requirement sets, first that works
    files: dict = field(default_factory=dict)
    settings: str = "bench_settings"
    default_per_page: int = 0
    unit: str = "posts"
    all_per_page: object = None  # replies -> per-page value of the one-page variant


def django_range(version):
    major, minor = (int(part) for part in version.split("."))
    return f"Django>={major}.{minor},<{major}.{minor + 1}"


def peers(args):
    machina_django = django_range(args.machina_django)
    return [
        Peer(
            name="leerkring",
            label="Leerkring",
            packages=["Django", "wagtail", "django-comments-xtd"],
            files={"bench_build.py": LEERKRING_BUILD, "bench_hook.py": LEERKRING_HOOK},
            settings="cop_site.settings.test",
            default_per_page=LEERKRING_PER_PAGE,
            unit="replies",
            all_per_page=lambda replies: replies,
        ),
        Peer(
            name="machina",
            label="django-machina",
            packages=["Django", "django-machina"],
            candidates=[
                ["django-machina==1.3.1", machina_django],
                ["django-machina==1.3.0", machina_django],
            ],
            files={
                "bench_settings.py": MACHINA_SETTINGS,
                "bench_urls.py": MACHINA_URLS,
                "bench_build.py": MACHINA_BUILD,
                "bench_hook.py": NO_HOOK,
            },
            default_per_page=15,
            all_per_page=lambda replies: replies + 1,  # the topic's own first post
        ),
        Peer(
            name="spirit",
            label="Spirit",
            packages=["Django", "django-spirit"],
            candidates=[
                ["django-spirit==0.14.3", "Django>=5.2,<5.3"],
                ["django-spirit==0.14.3", "Django>=4.2,<4.3"],
                ["django-spirit==0.13.0", "Django>=4.2,<4.3"],
            ],
            files={
                "bench_settings.py": SPIRIT_SETTINGS,
                "bench_urls.py": SPIRIT_URLS,
                "bench_build.py": SPIRIT_BUILD,
                "bench_hook.py": SPIRIT_HOOK,
            },
            default_per_page=20,
            unit="comments",
            all_per_page=lambda replies: replies + 1,
        ),
    ]


class Failed(Exception):
    pass


def run(command, log, env=None, cwd=None, timeout=3600):
    """Run a command, its output appended to the log; raise Failed with its tail."""
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(map(str, command))}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603 - our own venvs' programs
            [str(part) for part in command],
            stdout=subprocess.PIPE,
            stderr=out,
            env=env,
            cwd=cwd,
            timeout=timeout,
            text=True,
        )
        out.write(result.stdout)
    if result.returncode:
        # pip and Django end with the line that says why; the full story is in the log.
        lines = [line.strip() for line in Path(log).read_text().splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("ERROR")] or lines[-1:]
        what = " ".join(Path(str(part)).name for part in command[:3])
        raise Failed(f"{what}: {errors[-1][:400]} (see {log})")
    return result.stdout


@dataclass
class Prepared:
    peer: Peer
    python: Path
    project: Path
    env: dict
    cwd: Path
    info: dict
    versions: dict
    requirements: list
    probes: dict = field(default_factory=dict)


def venv_python(venv):
    return venv / "bin" / "python"


def install(peer, home, requirements, log, rebuild):
    venv = home / "venv"
    marker = venv / "bench-requirements.json"
    wanted = json.dumps(requirements + [GUNICORN])
    if not rebuild and marker.exists() and marker.read_text() == wanted:
        return venv_python(venv)
    shutil.rmtree(venv, ignore_errors=True)
    run([sys.executable, "-m", "venv", venv], log)
    pip = [venv_python(venv), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run([*pip, *requirements, GUNICORN], log, timeout=1800)
    marker.write_text(wanted)
    return venv_python(venv)


def prepare(peer, args, texts_file, texts_sha):
    """Install the peer (trying its candidate versions in turn), write its project, build
    its database unless an identical one is there, and probe both of its pages."""
    home = args.workdir / peer.name
    home.mkdir(parents=True, exist_ok=True)
    log = home / "setup.log"
    log.write_text("")
    if peer.name == "leerkring":
        candidates = [[]]
    else:
        candidates = peer.candidates
    reasons = []
    for requirements in candidates:
        try:
            return _prepare(peer, args, home, log, requirements, texts_file, texts_sha)
        except (Failed, subprocess.TimeoutExpired, OSError, ValueError) as error:
            reasons.append(f"{' '.join(requirements) or peer.name}: {error}")
            print(f"  {peer.label}: {' '.join(requirements) or 'it'} did not work: {error}")
    raise Failed("\n".join(reasons))


def _prepare(peer, args, home, log, requirements, texts_file, texts_sha):
    if peer.name == "leerkring":
        python = Path(sys.executable)
        try:
            run([python, "-c", "import gunicorn"], log)
        except Failed:
            run([python, "-m", "pip", "install", "-q", GUNICORN], log)
        project, cwd = home, ROOT
        db = home / f"leerkring-{args.replies}.sqlite3"
        env_db = {"DATABASE_URL": f"sqlite:///{db}"}
    else:
        python = install(peer, home, requirements, log, args.rebuild)
        project = cwd = home / "project"
        db = home / f"{peer.name}-{args.replies}.sqlite3"
        env_db = {"BENCH_DB": str(db)}
    project.mkdir(parents=True, exist_ok=True)
    for name, text in {**peer.files, "bench_probe.py": PROBE, "bench_wsgi.py": WSGI}.items():
        (project / name).write_text(textwrap.dedent(text).lstrip())
    env = {
        **os.environ,
        **env_db,
        "DJANGO_SETTINGS_MODULE": peer.settings,
        "PYTHONPATH": os.pathsep.join(dict.fromkeys([str(project), str(cwd)])),
        "BENCH_PER_PAGE": "",
    }
    env.pop("VIRTUAL_ENV", None)

    stamp = home / f"build-{args.replies}.json"
    build_key = {"texts": texts_sha, "requirements": requirements, "files": peer.files}
    info_file = home / f"page-{args.replies}.json"
    built = stamp.exists() and db.exists() and info_file.exists()
    if args.rebuild or not built or json.loads(stamp.read_text()) != build_key:
        db.unlink(missing_ok=True)
        started = time.perf_counter()
        print(f"  {peer.label}: building {args.replies} replies ...", flush=True)
        run([python, project / "bench_build.py", texts_file, info_file], log, env=env, cwd=cwd)
        print(f"  {peer.label}: built in {time.perf_counter() - started:.0f} s", flush=True)
        stamp.write_text(json.dumps(build_key))
    info = json.loads(info_file.read_text())
    versions = json.loads(
        run([python, "-c", VERSIONS, *peer.packages], log, env=env, cwd=cwd).strip()
    )
    prepared = Prepared(peer, python, project, env, cwd, info, versions, requirements)
    for variant, per_page in variants(peer, args.replies):
        html = home / f"{variant}-{args.replies}.html"
        variant_env = {**env, "BENCH_PER_PAGE": str(per_page or "")}
        try:
            out = run(
                [python, project / "bench_probe.py", info_file, html],
                log,
                env=variant_env,
                cwd=cwd,
            )
            probe = json.loads(out.strip().splitlines()[-1])
        except Failed as error:
            if variant == "default":
                raise
            print(f"  {peer.label}: no one-page variant: {error}")
            continue
        if probe["status"] != 200:
            raise Failed(f"{variant} page answered {probe['status']} in-process")
        if not probe["viewer_marker"]:
            raise Failed(f"{variant} page: found nothing that shows the member is logged in")
        probe.update(html=html, per_page=per_page)
        prepared.probes[variant] = probe
    return prepared


def variants(peer, replies):
    yield "default", None
    if peer.all_per_page:
        yield "all", peer.all_per_page(replies)


# --- Serving and measuring --------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    key: str
    command: list
    env: dict
    cwd: Path
    log: Path
    port: int = 0
    process: object = None
    worker: int = 0
    idle_kb: int = 0
    out: object = None

    def start(self):
        self.port = free_port()
        command = [
            *self.command[:1],
            "--workers=1",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{self.port}",
            # A one-page topic of 2,000 posts can take longer than gunicorn's default 30 s.
            "--timeout=900",
            *self.command[1:],
        ]
        self.out = open(self.log, "w")  # the server writes here all its life; stop() closes
        self.process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
            [str(part) for part in command],
            env=self.env,
            cwd=self.cwd,
            stdout=self.out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, limit=120):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failed(f"{self.key}: gunicorn exited, see {self.log}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                time.sleep(0.2)
                continue
            self.worker = worker_of(self.process.pid)
            if self.worker:
                self.idle_kb = settled(self.worker, deadline)
                return
            time.sleep(0.2)
        raise Failed(f"{self.key}: gunicorn did not start in {limit} s, see {self.log}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.out:
            self.out.close()

    def peak_kb(self):
        # A worker that gunicorn replaced (a timeout, a crash) would hide the peak.
        if worker_of(self.process.pid) != self.worker:
            raise Failed(f"{self.key}: the gunicorn worker was replaced, see {self.log}")
        return memory(self.worker)["VmHWM"]


def worker_of(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        found = children.read_text().split()
    except OSError:
        return 0
    return int(found[0]) if found else 0


def settled(pid, deadline):
    """The worker's RSS once it has loaded the application: the master accepts connections
    before the worker has imported Django and the apps, which takes seconds for Wagtail."""
    readings = [memory(pid)["VmRSS"]]
    while time.monotonic() < deadline:
        time.sleep(0.5)
        readings.append(memory(pid)["VmRSS"])
        if len(readings) >= 5 and max(readings[-5:]) - min(readings[-5:]) < 256:
            break
    return readings[-1]


def memory(pid):
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0])
    return values


@dataclass
class Page:
    label: str
    peer: str
    server: Server
    path: str
    cookie: str
    sql: object
    markers: list
    absent: list
    on_page: int
    unit: str
    timings: list = field(default_factory=list)
    size: int = 0
    peak_kb: int = 0


def fetch(page):
    connection = http.client.HTTPConnection("127.0.0.1", page.server.port, timeout=900)
    headers = {"Connection": "close"}
    if page.cookie:
        headers["Cookie"] = page.cookie
    started = time.perf_counter()
    connection.request("GET", page.path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, body, elapsed


def check(page):
    """The page as the member sees it, with the replies the bench expects on it."""
    status, body, _ = fetch(page)
    text = body.decode(errors="replace")
    if status != 200:
        raise Failed(f"{page.label}: HTTP {status}")
    missing = [marker for marker in page.markers if marker not in text]
    present = [marker for marker in page.absent if marker in text]
    if missing or present:
        raise Failed(f"{page.label}: expected text missing {missing} / present {present}")
    page.size = len(body)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(pages, rounds, warmup):
    for page in pages:
        for _ in range(warmup):
            check(page)
    for number in range(rounds):
        # A different page goes first each round, so none always follows the same one.
        shift = number % len(pages)
        for page in pages[shift:] + pages[:shift]:
            status, body, elapsed = fetch(page)
            if status != 200:
                raise Failed(f"{page.label}: HTTP {status} in round {number + 1}")
            page.timings.append(elapsed)
            page.size = len(body)
        if (number + 1) % 10 == 0:
            print(f"  round {number + 1}/{rounds}", flush=True)


# --- Putting it together ----------------------------------------------------------------


def build_pages(prepared, texts, args):
    pages, servers = [], {}
    peer = prepared.peer
    for variant, probe in prepared.probes.items():
        server = Server(
            key=f"{peer.name}-{variant}",
            command=[
                prepared.python.parent / "gunicorn",
                f"--chdir={prepared.cwd}",
                f"--pythonpath={prepared.project}",
                "bench_wsgi:application",
            ],
            env={**prepared.env, "BENCH_PER_PAGE": str(probe["per_page"] or "")},
            cwd=prepared.cwd,
            log=args.workdir / peer.name / f"gunicorn-{variant}.log",
        )
        servers[server.key] = server
        # The forums' first post is the topic's opening text; Leerkring shows that apart.
        posts = args.replies if peer.name == "leerkring" else args.replies + 1
        if variant == "default":
            shown = min(posts, peer.default_per_page)
            label = f"{peer.label}: page 1 ({peer.default_per_page} {peer.unit}/page)"
            absent = []
            if texts["last_is_unique"] and posts > peer.default_per_page:
                absent = [texts["last_marker"]]
        else:
            shown = posts
            label = f"{peer.label}: all on one page"
            if peer.name == "leerkring":
                label += " (bench patch: no such view)"
            absent = []
        markers = [texts["first_marker"]] + ([texts["last_marker"]] if variant == "all" else [])
        if probe["viewer_marker"]:
            markers.append(probe["viewer_marker"])
        pages.append(
            Page(
                label=label,
                peer=peer.name,
                server=server,
                path=prepared.info["path"],
                cookie=f"{probe['cookie_name']}={probe['cookie']}",
                sql=probe["sql"],
                markers=markers,
                absent=absent,
                on_page=shown,
                unit=peer.unit,
            )
        )
    return pages, servers


def floor_page(leerkring, args):
    probe = leerkring.probes.get("all") or leerkring.probes["default"]
    server = Server(
        key="floor",
        command=[
            Path(sys.executable).parent / "gunicorn",
            f"--chdir={args.workdir / 'floor'}",
            "bench_floor:application",
        ],
        env={**os.environ, "FLOOR_HTML": str(probe["html"])},
        cwd=args.workdir / "floor",
        log=args.workdir / "floor" / "gunicorn.log",
    )
    (args.workdir / "floor").mkdir(parents=True, exist_ok=True)
    (args.workdir / "floor" / "bench_floor.py").write_text(textwrap.dedent(FLOOR).lstrip())
    what = "one-page" if "all" in leerkring.probes else "first"
    return Page(
        label=f"bare Django floor (Leerkring's {what} HTML, pre-built)",
        peer="floor",
        server=server,
        path="/",
        cookie="",
        sql=0,
        markers=[],
        absent=[],
        on_page=0,
        unit="",
    )


def ms(seconds):
    return f"{seconds * 1000:.0f}" if seconds >= 0.01 else f"{seconds * 1000:.1f}"


def table(pages, replies):
    machina_default = next((p for p in pages if p.peer == "machina" and "page 1" in p.label), None)
    machina_all = next((p for p in pages if p.peer == "machina" and "one page" in p.label), None)
    lines = [
        f"Thread/topic with {replies} replies; gunicorn, 1 sync worker, SQLite; "
        f"{len(pages[0].timings)} interleaved rounds.",
        "",
        "| page | on page | median ms | p95 ms | KB | SQL | × machina p1 | × machina 1-page "
        "| worker RSS loaded → peak MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in pages:
        median = statistics.median(page.timings)

        def ratio(other, median=median):
            if other is None:
                return "n/a"
            return f"{median / statistics.median(other.timings):.2f}"

        shown = f"{page.on_page} {page.unit}" if page.unit else "—"
        lines.append(
            f"| {page.label} | {shown} | {ms(median)} | {ms(percentile(page.timings, 0.95))} "
            f"| {page.size / 1024:.0f} | {page.sql} | {ratio(machina_default)} "
            f"| {ratio(machina_all)} | {page.server.idle_kb / 1024:.0f} → "
            f"{page.peak_kb / 1024:.0f} |"
        )
    return "\n".join(lines)


def code_state():
    """Which Leerkring was measured: the work tree may hold changes not yet committed."""
    try:
        git = ["git", "-C", str(ROOT)]
        head = subprocess.run(  # noqa: S603, S607
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(  # noqa: S603, S607
            [*git, "status", "--porcelain", "--", "leerkring", "cop_site", "practices"],
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "unknown"
    return head + (f" with uncommitted changes in {len(changed)} files" if changed else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(DEFAULT_WORKDIR))
    parser.add_argument("--rebuild", action="store_true", help="new venvs and databases")
    # machina 1.3 declares Django 4.2; its topic pages also run on 5.2, Leerkring's version.
    parser.add_argument("--machina-django", default="4.2", help="Django for machina's venv")
    parser.add_argument("--only", nargs="*", default=None, help="some of: leerkring machina spirit")
    args = parser.parse_args()
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)

    texts = make_texts(args.replies)
    texts_file = args.workdir / f"texts-{args.replies}.json"
    encoded = json.dumps(texts, indent=1)
    texts_file.write_text(encoded)
    texts_sha = hashlib.sha256(encoded.encode()).hexdigest()
    lengths = [len(text) for text in texts["replies"]]
    print(
        f"{args.replies} replies of {min(lengths)}–{max(lengths)} characters "
        f"(mean {statistics.mean(lengths):.0f}), seed {SEED}: {texts_file}"
    )

    prepared, skipped = {}, {}
    for peer in peers(args):
        if args.only and peer.name not in args.only and peer.name != "leerkring":
            continue
        print(f"{peer.label}: preparing", flush=True)
        try:
            prepared[peer.name] = prepare(peer, args, texts_file, texts_sha)
        except Failed as error:
            skipped[peer.label] = str(error)
            print(f"{peer.label}: SKIPPED")
    if "leerkring" not in prepared:
        sys.exit("Leerkring itself could not be prepared; see above.")

    pages, servers = [], {}
    for item in prepared.values():
        more, more_servers = build_pages(item, texts, args)
        pages += more
        servers.update(more_servers)
    floor = floor_page(prepared["leerkring"], args)
    pages.append(floor)
    servers["floor"] = floor.server

    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait()
        print(f"{len(servers)} servers up; warming up and measuring {args.rounds} rounds")
        measure(pages, args.rounds, args.warmup)
        for page in pages:
            page.peak_kb = page.server.peak_kb()
    finally:
        for server in servers.values():
            server.stop()

    print()
    print(table(pages, args.replies))
    print()
    for item in prepared.values():
        versions = ", ".join(f"{name} {version}" for name, version in item.versions.items())
        where = item.python.parent.parent
        print(f"- {item.peer.label}: {versions} (Python {sys.version.split()[0]}, {where})")
    state = code_state()
    print(f"- Leerkring's code: {state}")
    for label, reason in skipped.items():
        print(f"- {label}: skipped, every candidate failed:")
        print(textwrap.indent(reason, "    "))
    for page in pages:
        if page.peer == "leerkring":
            peak = page.peak_kb / 1024
            verdict = "within" if peak <= MEMORY_GOAL_MB else "OVER"
            print(
                f"- {page.label}: worker peak {peak:.0f} MB, {verdict} the goal of "
                f"{MEMORY_GOAL_MB} MB at 2,000 replies (this run: {args.replies})."
            )
    results = {
        "replies": args.replies,
        "rounds": args.rounds,
        "versions": {name: item.versions for name, item in prepared.items()},
        "leerkring_code": state,
        "skipped": skipped,
        "pages": [
            {
                "label": page.label,
                "on_page": page.on_page,
                "median_ms": statistics.median(page.timings) * 1000,
                "p95_ms": percentile(page.timings, 0.95) * 1000,
                "bytes": page.size,
                "sql": page.sql,
                "idle_rss_kb": page.server.idle_kb,
                "peak_rss_kb": page.peak_kb,
                "timings_ms": [t * 1000 for t in page.timings],
            }
            for page in pages
        ],
    }
    out = args.workdir / f"results-{args.replies}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"- numbers: {out}")


if __name__ == "__main__":
    main()
