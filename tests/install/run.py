"""Install Leerkring the way a new user would, and prove the result works.

In a new temporary folder: a virtual environment, the wheel built from this checkout and
installed by the README's own commands, a fresh ``wagtail start hostsite``, the README's
settings and URL snippets pasted in, ``check`` and ``migrate`` as the README says, content
made through the ORM, and then, over HTTP on a running server: a circle, a story, search,
feeds, login, the host's own pages and ten invitees racing for a circle's last place.

The snippets are read from README.md (between ``<!-- install-test: NAME -->`` markers), so
the README cannot drift from what is tested. Runs on SQLite, or on PostgreSQL when
``DATABASE_URL`` is set (in a database of its own, ``<name>_install``, made afresh).

    python tests/install/run.py [--keep]

Needs only Python 3.11 and network access to the package index pip is configured with.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

CHECKOUT = Path(__file__).resolve().parents[2]
README = CHECKOUT / "README.md"
SNIPPETS = ("install", "settings", "urls", "migrate")
# The line of a `wagtail start` urls.py after which the README says to add ours.
HOST_URLS_ANCHOR = 'path("search/", search_views.search, name="search"),'
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    "*.pyc",
    "*.egg-info",
    "build",
    "dist",
    "db.sqlite3",
    "media",
    "media-test",
    "static_collected",
    "test-artifacts",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
)


class InstallFailed(Exception):
    pass


def say(message):
    print(f"[install-test] {message}", flush=True)


def readme_snippets():
    text = README.read_text(encoding="utf-8")
    found = {
        match["name"]: match["code"]
        for match in re.finditer(
            r"<!-- install-test: (?P<name>\w+) -->\n```\w*\n(?P<code>.*?)```", text, re.S
        )
    }
    missing = [name for name in SNIPPETS if name not in found]
    if missing:
        raise InstallFailed(f"README.md has no install-test snippet named {', '.join(missing)}")
    return found


class Host:
    """The temporary site: its folder, its virtual environment and how to run things."""

    def __init__(self, workdir, database_url):
        self.workdir = workdir
        self.venv = workdir / "venv"
        self.site = workdir / "hostsite"
        self.database_url = database_url
        self.env = {
            **os.environ,
            "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(self.venv),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        for inherited in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTHONPATH"):
            self.env.pop(inherited, None)

    def run(self, command, cwd=None, stdin=None):
        """Run a command (a list, or a shell script) in the host's environment; its output."""
        result = subprocess.run(
            command if isinstance(command, list) else ["bash", "-euo", "pipefail", "-c", command],
            cwd=cwd or self.site,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            shown = command if isinstance(command, str) else " ".join(map(str, command))
            raise InstallFailed(
                f"`{shown}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout + result.stderr

    def manage(self, *arguments, stdin=None):
        return self.run([str(self.venv / "bin" / "python"), "manage.py", *arguments], stdin=stdin)


def prepare_postgres(host):
    """A database of the test's own on the server DATABASE_URL names; settings for it."""
    url = urllib.parse.urlsplit(host.database_url)
    name = f"{url.path.lstrip('/') or 'postgres'}_install"
    script = (
        "import psycopg, sys\n"
        "with psycopg.connect(sys.argv[1], autocommit=True) as connection:\n"
        "    connection.execute(f'DROP DATABASE IF EXISTS \"{sys.argv[2]}\"')\n"
        "    connection.execute(f'CREATE DATABASE \"{sys.argv[2]}\"')\n"
    )
    host.run([str(host.venv / "bin" / "python"), "-c", script, host.database_url, name])
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": urllib.parse.unquote(url.username or ""),
        "PASSWORD": urllib.parse.unquote(url.password or ""),
        "HOST": url.hostname or "",
        "PORT": str(url.port or ""),
    }
    # `wagtail start`'s dev settings import settings/local.py last, if there is one.
    (host.site / "hostsite" / "settings" / "local.py").write_text(
        f"DATABASES = {{'default': {database!r}}}\n", encoding="utf-8"
    )


def paste_snippets(host, snippets):
    settings_file = host.site / "hostsite" / "settings" / "base.py"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8") + "\n\n" + snippets["settings"],
        encoding="utf-8",
    )
    urls_file = host.site / "hostsite" / "urls.py"
    urls = urls_file.read_text(encoding="utf-8")
    if urls.count(HOST_URLS_ANCHOR) != 1:
        raise InstallFailed(f"the host's urls.py no longer has the line {HOST_URLS_ANCHOR}")
    urls_file.write_text(
        urls.replace(HOST_URLS_ANCHOR, HOST_URLS_ANCHOR + "\n" + snippets["urls"].rstrip()),
        encoding="utf-8",
    )


class Browser:
    """One visitor: their own cookies; redirects are followed only when asked."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect
        )

    def request(self, path, data=None, follow=False):
        url = urllib.parse.urljoin(self.base_url, path)
        for _hop in range(5):
            body = None
            if data is not None:
                body = urllib.parse.urlencode(
                    {"csrfmiddlewaretoken": self.csrf_token(), **data}
                ).encode()
            request = urllib.request.Request(url, data=body, headers={"Referer": url})
            try:
                with self.opener.open(request, timeout=60) as response:
                    return response.status, response.url, response.read().decode("utf-8")
            except urllib.error.HTTPError as error:
                status, location = error.code, error.headers.get("Location")
                content = error.read().decode("utf-8", "replace")
                if not (follow and status in (301, 302, 303) and location):
                    return status, location or url, content
                url, data = urllib.parse.urljoin(url, location), None
        raise InstallFailed(f"too many redirects from {path}")

    def get(self, path, expect=200):
        status, url, content = self.request(path, follow=True)
        if status != expect:
            raise InstallFailed(f"GET {path}: {status}, expected {expect}\n{content[:2000]}")
        return content, url

    def csrf_token(self):
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def log_in(self, login_path, username, password, field="login"):
        self.get(login_path)
        status, location, content = self.request(
            login_path, {field: username, "password": password}
        )
        if status != 302:
            raise InstallFailed(f"logging in {username} at {login_path}: {status}\n{content[:999]}")
        return location


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(host, log_file):
    port = free_port()
    server = subprocess.Popen(
        [str(host.venv / "bin" / "python"), "manage.py", "runserver", f"127.0.0.1:{port}"]
        + ["--noreload"],
        cwd=host.site,
        env=host.env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise InstallFailed("the server stopped on start; see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise InstallFailed("the server did not start within 60 s")


def expect(condition, message):
    if not condition:
        raise InstallFailed(message)


def check_pages(base_url, content):
    visitor = Browser(base_url)
    page, _url = visitor.get(content["open_circle"])
    expect("Leerkring Wijkaanpak" in page, "the circle page does not show the circle")
    page, _url = visitor.get(content["story"])
    expect("Benedenbuurt" in page, "the story page does not show the story")
    found, _url = visitor.get("/zoeken/?q=energiecooperatie")
    expect(f'href="{content["story"]}"' in found, "/zoeken/?q=energiecooperatie misses the story")
    visitor.get(content["closed_circle"] + "gesprekken/", expect=404)

    atom, _url = visitor.get(content["network"] + "feed/atom/")
    titles = [
        entry.findtext("{http://www.w3.org/2005/Atom}title")
        for entry in ElementTree.fromstring(atom).iter("{http://www.w3.org/2005/Atom}entry")
    ]
    expect(content["lesson_title"] in titles, f"the network's Atom feed lacks the lesson: {titles}")
    json_feed, _url = visitor.get(content["network"] + "feed/json/")
    items = [item["title"] for item in json.loads(json_feed)["items"]]
    expect(content["lesson_title"] in items, f"the network's JSON feed lacks the lesson: {items}")
    ElementTree.fromstring(visitor.get(content["open_circle"] + "feed/atom/")[0])

    home, _url = visitor.get(content["home"])
    expect("template-homepage" in home, "the host's home page is not the host's template")
    own_search, _url = visitor.get("/search/?query=Gelders")
    expect("template-searchresults" in own_search, "the host's own /search/ is not the host's")

    member = Browser(base_url)
    landed = member.log_in("/accounts/login/", content["member"], content["password"])
    _home, url = member.get(landed)
    expect(urllib.parse.urlsplit(url).path == "/", f"login landed on {url}, not the home page")
    profile, _url = member.get("/accounts/profiel/")
    expect("member@example.org" in profile, "the profile page does not show the member's account")

    editor = Browser(base_url)
    _login_page, landed = editor.get("/admin/login/")
    expect("/accounts/login/" in landed, f"/admin/login/ led to {landed}, not allauth's login")
    status, location, _body = editor.request(
        "/admin/login/", {"username": content["admin"], "password": content["password"]}
    )
    expect(
        status == 302 and location.startswith("/accounts/login/"),
        f"the admin's own login answered {status} {location}, not allauth's login door",
    )
    editor.log_in("/accounts/login/?next=/admin/", content["admin"], content["password"])
    dashboard, _url = editor.get("/admin/")
    expect('id="wagtail"' in dashboard or "w-dashboard" in dashboard, "no Wagtail dashboard")
    editor.get(f"/admin/pages/{content['open_circle_id']}/edit/")


def race_for_last_place(base_url, content):
    """Ten invitees accept at once for one place left: no errors, one place taken."""
    racers = []
    for invitation in content["invitations"]:
        browser = Browser(base_url)
        browser.log_in("/accounts/login/", invitation["username"], content["password"])
        browser.get(invitation["url"])
        racers.append((browser, invitation["url"]))
    barrier = threading.Barrier(len(racers))
    results = [None] * len(racers)

    def accept(index, browser, url):
        barrier.wait(timeout=60)
        status, _location, body = browser.request(url, {})
        results[index] = (status, "database is locked" in body)

    threads = [
        threading.Thread(target=accept, args=(index, browser, url))
        for index, (browser, url) in enumerate(racers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = [status for status, _locked in results]
    expect(all(status in (302, 303) for status in statuses), f"accepts answered {statuses}")
    expect(not any(locked for _status, locked in results), "an accept said 'database is locked'")
    return statuses


def install_and_serve(host, snippets, timings):
    say(f"working in {host.workdir}")
    shutil.copytree(CHECKOUT, host.workdir / "leerkring", ignore=NOT_COPIED)
    host.run([sys.executable, "-m", "venv", str(host.venv)], cwd=host.workdir)

    started = time.monotonic()
    say("README step 1: build and install the wheel")
    host.run(snippets["install"], cwd=host.workdir)
    wheels = list((host.workdir / "dist").glob("leerkring-*.whl"))
    expect(len(wheels) == 1, f"expected one wheel in dist/, found {wheels}")
    if host.database_url:
        host.run(["pip", "install", "--quiet", f"{wheels[0]}[postgres]"], cwd=host.workdir)
    timings["install"] = time.monotonic() - started

    host.run(["wagtail", "start", "hostsite"], cwd=host.workdir)
    if host.database_url:
        prepare_postgres(host)
    say("README steps 2 and 3: settings and URLs pasted in")
    paste_snippets(host, snippets)

    say("README step 4: check and migrate")
    output = host.run(snippets["migrate"])
    expect("System check identified no issues" in output, f"check is not clean:\n{output}")
    host.manage("check", "--fail-level", "WARNING")
    host.manage("makemigrations", "--check", "--dry-run", "leerkring", "practices")
    host.manage("makemigrations", "--check", "--dry-run", "leerkring_search")

    say("content through the ORM")
    populated = host.manage("shell", stdin=(Path(__file__).parent / "populate.py").read_text())
    content = json.loads(populated.strip().splitlines()[-1])
    return started, content


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    arguments = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    snippets = readme_snippets()
    workdir = Path(tempfile.mkdtemp(prefix="leerkring-install-"))
    host = Host(workdir, database_url)
    timings = {}
    server = None
    log_path = workdir / "server.log"
    say(f"database: {'PostgreSQL' if database_url else 'SQLite'}")
    try:
        started, content = install_and_serve(host, snippets, timings)
        with log_path.open("w") as log_file:
            server, base_url = serve(host, log_file)
            Browser(base_url).get(content["open_circle"])
            timings["circle served"] = time.monotonic() - started
            say("over HTTP: circle, story, search, feeds, login, the host's own pages")
            check_pages(base_url, content)
            say("ten invitees accept the last place at once")
            statuses = race_for_last_place(base_url, content)
        members = host.manage(
            "shell",
            "-c",
            "from leerkring.models import Membership; "
            f"print(Membership.objects.active().filter(circle_id={content['open_circle_id']})"
            ".count())",
        )
        expect(members.strip().splitlines()[-1] == "3", f"the circle holds {members} members")
        log = log_path.read_text()
        expect("database is locked" not in log, "the server logged 'database is locked'")
        expect("Traceback" not in log, f"the server logged an error:\n{log[-4000:]}")
        say(f"accepts answered {statuses}; the circle holds 3 of 3 members")
        say(
            f"passed: pip install {timings['install']:.0f} s; from pip install to a served "
            f"circle page {timings['circle served']:.0f} s"
        )
    except InstallFailed as failure:
        say(f"FAILED: {failure}")
        if log_path.exists():
            say("server log, last lines:\n" + log_path.read_text()[-4000:])
        return 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if arguments.keep:
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
