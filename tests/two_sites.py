"""Two Leerkring sites on loopback, for the federation tests (issue 20).

Site A is pytest-django's live server in the test process, on the test database. Site B is
a second Django process of the same code with a database of its own: federation is two
servers that fetch from each other while each answers the other (B's inbox fetches A's key
while A waits for B's answer), and two databases, so that nothing one site knows reaches
the other except over HTTP.

B is made once per test process (xdist worker) and emptied before every test:

- its database is a copy of A's test database, which is migrated already (a migrate of
  our apps takes some 40 s): on SQLite a file made with SQLite's backup, on PostgreSQL a
  database made with ``CREATE DATABASE … TEMPLATE`` and dropped at the end, also after a
  failure. Its content is then replaced by the migrated state pytest-django kept for
  ``serialized_rollback`` (A's database may hold another test's rows at that moment);
- two processes use it, both with ``tests.site_b_settings``: ``runserver`` (threaded) on a
  free port, and B's shell, which runs the code a test gives ``SiteB.run`` against B's
  database and answers what it printed. Both end when the test process ends, however it
  ends: each reads a pipe from it and exits when that pipe closes;
- ``SiteB.reset`` flushes B's database and puts that migrated state back (the
  ``site_b`` fixture does it before each test but the first).

Use it from a test module with ``pytest_plugins = ["tests.two_sites"]`` and the fixtures
``site_a`` and ``site_b``; when a test fails, B's log of that test is printed with it.
(PYTEST_DONT_REWRITE: the module holds no asserts, and a test module imports it before
pytest reads its ``pytest_plugins``, which would warn that it came too late to rewrite.)
"""

import io
import json
import os
import secrets
import selectors
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
SETTINGS = "tests.site_b_settings"
# The harvester's address rules refuse loopback; both sites allow it for each other.
LOOPBACK = ["127.0.0.0/8"]
START_SECONDS = 90
RUN_SECONDS = 120
HTTP_SECONDS = 30


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        kind = self.headers.get("Content-Type", "")
        return f"<Response {self.status} {kind} {self.text[:300]!r}>"


def _header_name(name):
    """``accept`` → ``Accept``, ``content_type`` → ``Content-Type``."""
    return "-".join(part.capitalize() for part in name.split("_"))


class Site:
    """A site by its address, for requests to it from the test process."""

    def __init__(self, url):
        self.url = url.rstrip("/")

    @property
    def host(self):
        """``host:port``, as in ``acct:name@host:port``."""
        return urlsplit(self.url).netloc

    def acct(self, username):
        return f"acct:{username}@{self.host}"

    def get(self, path, **headers):
        """GET ``path`` (``/…``, or a full address) with ``headers`` given as
        ``accept="application/activity+json"``; any status is answered, none raised."""
        url = path if path.startswith(("http://", "https://")) else self.url + path
        request = urllib.request.Request(  # noqa: S310 - our own loopback servers
            url, headers={_header_name(name): value for name, value in headers.items()}
        )
        # No proxy from the environment: the sites are on this machine.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=HTTP_SECONDS) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def __repr__(self):
        return f"<{type(self).__name__} {self.url}>"


class SiteBError(AssertionError):
    """Code run in site B failed, or B did not start or answer; the message has B's
    traceback, what the code wrote, and the end of B's server log."""


class SiteB(Site):
    """The second site: its address, code run in its Django, and its server's log."""

    def __init__(self, url, directory, env, database):
        super().__init__(url)
        self.directory = directory
        self.env = env
        self.database = database
        self.server_log = directory / "server.log"
        self.shell_log = directory / "shell.log"
        self._server = None
        self._shell = None
        self._log_mark = 0
        self.fresh = True

    # Code in B's Django.

    def run(self, code):
        """Run ``code`` (Python, as ``manage.py shell -c`` would) in B's Django against B's
        database, and answer what it printed: decoded when it is JSON, else the text. Each
        run has fresh globals and commits as it goes; a failure raises ``SiteBError``."""
        self.fresh = False
        answer = self._ask({"op": "run", "code": code})
        printed = answer["stdout"]
        try:
            return json.loads(printed)
        except ValueError:
            return printed

    def call(self, target, **kwargs):
        """Call ``"module:function"`` in B with JSON-able keyword arguments; its return
        value, which must be JSON-able too (the builders below are)."""
        self.fresh = False
        module, _, function = target.partition(":")
        request = {"op": "call", "module": module, "function": function, "kwargs": kwargs}
        return self._ask(request)["value"]

    def reset(self):
        """Empty B's database back to its migrated state, with the site at its address,
        and its cache and mail."""
        self._ask({"op": "reset"})
        self.fresh = True

    def sent_mail(self):
        """The messages B sent, as text, oldest first (Django's file email backend)."""
        folder = self.directory / "mail"
        return [path.read_text() for path in sorted(folder.glob("*.log"), key=os.path.getmtime)]

    def _ask(self, request):
        shell = self._shell
        if shell is None or shell.poll() is not None:
            raise SiteBError("site B's shell is not running\n" + self.log())
        shell.stdin.write(json.dumps(request) + "\n")
        shell.stdin.flush()
        line = _read_line(shell.stdout, time.monotonic() + RUN_SECONDS)
        if line is None:
            raise SiteBError(f"site B's shell gave no answer within {RUN_SECONDS} s\n" + self.log())
        answer = json.loads(line)
        if not answer["ok"]:
            raise SiteBError(
                f"code in site B failed:\n{answer['error']}"
                + _section("it printed", answer["stdout"])
                + _section("its stderr", answer["stderr"])
                + _section("site B's server log", self._tail(self.server_log))
            )
        return answer

    # The server's log.

    def log(self):
        """B's server log (requests, tracebacks) and shell log since the current test began."""
        return _section("site B's server log", self._tail(self.server_log)) + _section(
            "site B's shell log", self._tail(self.shell_log)
        )

    def _tail(self, path, limit=20_000):
        try:
            with open(path, "rb") as log:
                log.seek(self._log_mark if path == self.server_log else 0)
                text = log.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""
        return text[-limit:]

    def mark_log(self):
        try:
            self._log_mark = self.server_log.stat().st_size
        except FileNotFoundError:
            self._log_mark = 0

    # Starting and stopping.

    def _python(self, *args, log):
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tests.two_sites", *args],
            cwd=REPO,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE if args[0] == "shell" else log,
            stderr=log,
            text=True,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest, which stops B
        )

    def start(self):
        address = self.host
        with open(self.server_log, "ab") as server_log, open(self.shell_log, "ab") as shell_log:
            self._server = self._python("serve", address, log=server_log)
            self._shell = self._python("shell", log=shell_log)
        # The shell's first task: B's content as a freshly migrated site, at B's address.
        self.reset()
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self._server.poll() is not None:
                raise SiteBError("site B's server stopped\n" + self.log())
            try:
                with socket.create_connection(("127.0.0.1", urlsplit(self.url).port), 1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    message = f"site B did not start in {START_SECONDS} s\n" + self.log()
                    raise SiteBError(message) from None
                time.sleep(0.1)

    def stop(self):
        for process in (self._shell, self._server):
            if process is None or process.poll() is not None:
                continue
            process.stdin.close()  # the process exits on this; terminate if it does not
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for process in (self._shell, self._server):
            if process is not None and process.stdout:
                process.stdout.close()
        self._shell = self._server = None


def _section(title, text):
    return f"\n--- {title} ---\n{text.rstrip()}\n" if text.strip() else ""


def _read_line(pipe, deadline):
    """One line from ``pipe`` by ``deadline``, or None (a dead or silent process)."""
    with selectors.DefaultSelector() as selector:
        selector.register(pipe, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                return None
            line = pipe.readline()
            return line or None


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# B's database: a copy of A's (migrated) test database.


def _copy_test_database(directory):
    """B's database, copied from A's; its ``DATABASE_URL`` and a function that drops it."""
    from django.db import connection, connections

    if connection.vendor == "sqlite":
        path = directory / "site_b.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            # Readers need not wait for a writer: B's server and shell share the file.
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
        return f"sqlite:///{path}", lambda: None
    if connection.vendor != "postgresql":
        raise SiteBError(f"site B needs SQLite or PostgreSQL, not {connection.vendor}")
    settings = connection.settings_dict
    template = settings["NAME"]
    # A name of at most 63 characters, told apart from every other run's by its suffix.
    name = f"{template[:45]}_b_{secrets.token_hex(4)}"
    quote_name = connection.ops.quote_name
    create = f"CREATE DATABASE {quote_name(name)} TEMPLATE {quote_name(template)}"
    # A template may have no other session: this process's own connections go first.
    connections.close_all()
    deadline = time.monotonic() + 20
    while True:
        try:
            with connection._nodb_cursor() as cursor:
                cursor.execute(create)
            break
        except Exception as error:
            if "being accessed by other users" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)

    def drop():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote_name(name)} WITH (FORCE)")

    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}", drop


def _migrated_state():
    """A's database as it was when migrated, serialised (what B is reset to), content
    types first: building a Wagtail page or task looks its content type up, and in B's
    shell, whose cache of them is empty, would make a second one before the first is read.
    """
    from django.db import connection

    kept = getattr(connection, "_test_serialized_contents", None)
    objects = json.loads(kept if kept is not None else connection.creation.serialize_db_to_string())
    objects.sort(key=lambda item: item["model"] != "contenttypes.contenttype")
    return json.dumps(objects)


def start_site_b(directory):
    """Site B, started, in ``directory`` (its database, log, cache and mail live there)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "snapshot.json").write_text(_migrated_state())
    copying = time.monotonic()
    database_url, drop_database = _copy_test_database(directory)
    copy_seconds = time.monotonic() - copying
    url = f"http://127.0.0.1:{_free_port()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "PUBLIC_URL": url,
        "LEERKRING_SITE_B_URL": url,
        "LEERKRING_SITE_B_DIR": str(directory),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    site = SiteB(url, directory, env, database_url)
    site.drop_database = drop_database
    started = time.monotonic()
    try:
        site.start()
    except BaseException:
        site.stop()
        drop_database()
        raise
    site.start_seconds = time.monotonic() - started
    site.copy_seconds = copy_seconds
    if os.environ.get("LEERKRING_SITE_B_TIMINGS"):
        print(
            f"site B: database copied in {copy_seconds:.2f} s, started in "
            f"{site.start_seconds:.2f} s",
            file=sys.stderr,
        )
    return site


# Fixtures: ``pytest_plugins = ["tests.two_sites"]`` in a test module makes them its own.


@pytest.fixture(scope="session")
def site_b_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """Site B, started once per test process, when a test first asks for it."""
    with django_db_blocker.unblock():
        site = start_site_b(tmp_path_factory.mktemp("site-b"))
    try:
        yield site
    finally:
        site.stop()
        with django_db_blocker.unblock():
            site.drop_database()


@pytest.fixture
def site_b(site_b_server):
    """Site B with nothing in it but a migrated site at its address."""
    if not site_b_server.fresh:
        site_b_server.reset()
    site_b_server.fresh = False
    site_b_server.mark_log()
    return site_b_server


@pytest.fixture
def site_a(live_server, settings):
    """Site A: the live server as the site's public address, allowed to fetch from B."""
    from leerkring.public import sync_sites

    # pytest-django names its server "localhost", which it listens on as 127.0.0.1; an
    # actor's address may use plain http only with an IP address (remote_actors.fetchable).
    parts = urlsplit(live_server.url)
    url = f"http://127.0.0.1:{parts.port}" if parts.hostname == "localhost" else live_server.url
    settings.WAGTAILADMIN_BASE_URL = url
    settings.LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS = LOOPBACK
    sync_sites()
    return Site(url)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used site B shows B's log of that test."""
    report = yield
    site = getattr(item, "funcargs", {}).get("site_b_server")
    if report.failed and isinstance(site, SiteB):
        report.sections.append(("site B", site.log()))
    return report


# Content, on either site: on A call these in the test, on B through ``site_b.call``
# (``site_b.call("tests.two_sites:public_network", slug="zeist")``). Each answers what a
# test needs to find the thing again, in JSON-able form.


def public_network(slug, title=None, parent_id=None):
    """A live public network (so one that federates), and its actor's addresses. Without
    ``parent_id`` it becomes the site's root page, in place of what was there."""
    from wagtail.models import Page
    from wagtail.models import Site as WagtailSite

    from leerkring.federation import actors
    from leerkring.federation.views import public_host
    from leerkring.models import NetworkPage
    from leerkring.public import page_url, site_address

    from .factories import NetworkPageFactory

    title = title or slug.capitalize()
    if parent_id is None:
        tree_root = Page.get_first_root_node()
        tree_root.get_children().delete()  # and with the old root page, the Site rows
        network = NetworkPageFactory(parent=tree_root, title=title, slug=slug)
        hostname, port = site_address()
        WagtailSite.objects.all().delete()
        WagtailSite.objects.create(
            hostname=hostname, port=port, root_page=network, is_default_site=True
        )
    else:
        parent = Page.objects.get(pk=parent_id)
        network = NetworkPageFactory(parent=parent, title=title, slug=slug)
    network = NetworkPage.objects.get(pk=network.pk)
    actor = actors.actor_for(network)
    return {
        "id": network.pk,
        "url": page_url(network),
        "username": actor.username,
        "acct": f"acct:{actor.username}@{public_host()}",
        "actor": actors.actor_url(actor),
        "key_id": actors.key_id(actor),
        "inbox": actors.inbox_url(actor),
        "outbox": actors.outbox_url(actor),
    }


def published_lesson(network_id, title, circle_slug="samenspel", featured=True):
    """A published lesson in an open circle of the network (made if missing), featured by
    the network when ``featured``."""
    from leerkring.models import (
        LearningCirclePage,
        LessonNomination,
        LessonPage,
        NetworkPage,
        NominationStatus,
    )
    from leerkring.public import page_url

    from .factories import LearningCirclePageFactory

    network = NetworkPage.objects.get(pk=network_id)
    circle = LearningCirclePage.objects.child_of(network).filter(
        slug=circle_slug
    ).first() or LearningCirclePageFactory(
        parent=network, title=circle_slug.replace("-", " ").capitalize(), slug=circle_slug
    )
    lesson = circle.add_child(
        instance=LessonPage(
            title=title,
            summary="Begin bij wat er al is in de wijk.",
            application="<p>Zoek de groepen op die al actief zijn.</p>",
            next_step="<p>Vraag de buren hoe zij het deden.</p>",
        )
    )
    lesson.save_revision().publish()
    nomination = None
    if featured:
        nomination = LessonNomination.objects.create(
            lesson=lesson, network=network, status=NominationStatus.FEATURED
        )
    return {
        "circle_id": circle.pk,
        "lesson_id": lesson.pk,
        "url": page_url(LessonPage.objects.get(pk=lesson.pk)),
        "nomination_id": nomination.pk if nomination else None,
    }


# B's two processes: ``python -m tests.two_sites serve|shell`` with B's settings.


def _exit_when_parent_goes():
    """End this process when the test process closes our stdin, or dies."""

    def watch():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _serve(address):
    _exit_when_parent_goes()
    from django.core.management import execute_from_command_line

    # Threaded (runserver's default): B's inbox fetches A's key while A fetches from B.
    execute_from_command_line(["manage.py", "runserver", "--noreload", "--skip-checks", address])


def _reset_database(snapshot):
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from leerkring.public import sync_sites

    if not _delete_rows_postgresql():
        # As Django's serialized_rollback does: keep the sequences, so restored rows and
        # new ones never share an id.
        call_command(
            "flush",
            interactive=False,
            reset_sequences=False,
            inhibit_post_migrate=True,
            verbosity=0,
        )
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(snapshot)
    sync_sites()
    cache.clear()
    for message in Path(os.environ["LEERKRING_SITE_B_DIR"], "mail").glob("*.log"):
        message.unlink()


def _delete_rows_postgresql():
    """On PostgreSQL, empty only the tables that hold rows, in one transaction; whether it
    did. A flush truncates all of some 130 tables, which takes seconds there; a test
    writes to a few. Django's foreign keys are deferred, so the order does not matter; if
    one is not, the flush does it."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        return False
    quote_name = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True)
    probe = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote_name(table)})"  # noqa: S608 - Django's own table names
        for table in tables
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(probe, tables)
            filled = [row[0] for row in cursor.fetchall()]
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in filled:
                cursor.execute(f"DELETE FROM {quote_name(table)}")  # noqa: S608 - as above
    except DatabaseError:
        return False
    return True


def _answer(request, snapshot):
    if request["op"] == "reset":
        _reset_database(snapshot)
        return None
    if request["op"] == "call":
        import importlib

        function = getattr(importlib.import_module(request["module"]), request["function"])
        return function(**request["kwargs"])
    exec(compile(request["code"], "<site B>", "exec"), {"__name__": "__site_b__"})  # noqa: S102
    return None


def _shell():
    """Answer the test process's requests, one JSON line each, until its pipe closes."""
    import django

    django.setup()
    from django.db import connections

    # The answers go over the original stdout; anything else written to it (a stray print
    # outside a request's capture, a library's) lands in the log instead.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    snapshot = Path(os.environ["LEERKRING_SITE_B_DIR"], "snapshot.json").read_text()
    for line in sys.stdin:
        printed, errors = io.StringIO(), io.StringIO()
        answer = {"ok": True}
        try:
            with redirect_stdout(printed), redirect_stderr(errors):
                answer["value"] = _answer(json.loads(line), snapshot)
        except (Exception, SystemExit):
            answer = {"ok": False, "error": traceback.format_exc()}
        finally:
            # As a fresh process would: no connection or transaction left to the next run.
            connections.close_all()
        answer.update(stdout=printed.getvalue(), stderr=errors.getvalue())
        try:
            text = json.dumps(answer)
        except TypeError as error:
            text = json.dumps({**answer, "ok": False, "value": None, "error": f"not JSON: {error}"})
        answers.write(text + "\n")
        answers.flush()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        _serve(sys.argv[2])
    else:
        _shell()
