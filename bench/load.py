"""Load test: the production setup under mixed traffic, on this machine only.

    DATABASE_URL=postgres://leerkring:leerkring@127.0.0.1/leerkring \\
        .venv/bin/python bench/load.py [--requests 2000] [--seconds 150] [--clients 8]

Makes a PostgreSQL database of its own (``<name>_load``, dropped afterwards), prepares it
as ``make serve --demo`` does, adds a learning circle for the test (members who post, a
thread, and one place left for 20 invitees), then serves it with gunicorn (4 workers) and
``leerkring_worker`` on 127.0.0.1 and sends mixed traffic from client threads: visitors on
network, circle, story and search pages, members reading circles and threads and posting
replies, and 20 people accepting an invitation for the last place at the same moment.

Prints requests per second and p50/p95 per page type, and checks what must hold: no
errors (5xx or an unexpected status), the circle's cap, and as many replies stored as were
posted. Exits non-zero when one of those fails. A benchmark, never run as a test: its
timings depend on the machine.
"""

import argparse
import http.cookiejar
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RACERS = 20
POSTERS = 20
LOG = Path(os.environ.get("LOAD_LOG", "leerkring-load.log")).resolve()
PASSWORD = "load-test-password-7"  # noqa: S105 - accounts in a throwaway database

SETUP = f"""
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Site
from leerkring import conversations, joining
from leerkring.choices import CircleVisibility, MembershipRole
from leerkring.models import LearningCirclePage, NetworkPage
from practices.models import PracticeCasePage

User = get_user_model()

def person(username):
    email = username + "@example.org"
    user = User.objects.create_user(username, email=email, password={PASSWORD!r})
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user

root = Site.objects.get(is_default_site=True).root_page.specific
circle = LearningCirclePage(
    title="Leerkring Belasting", slug="belasting", visibility=CircleVisibility.OPEN,
    member_cap={POSTERS + 2}, central_question="Houdt de site het?",
)
root.add_child(instance=circle)
circle.save_revision().publish()
circle.refresh_from_db()
facilitator = person("belasting-begeleider")
joining.activate(circle, facilitator, role=MembershipRole.FACILITATOR)
posters = [person(f"poster{{n}}") for n in range({POSTERS})]
for poster in posters:
    joining.activate(circle, poster)
thread = conversations.start_thread(
    circle, facilitator, title="Wat leren we van de warmtetransitie?", body="Vertel het hier."
)
invitations = []
for n in range({RACERS}):
    racer = person(f"racer{{n}}")
    _invitation, token = joining.invite(circle, racer.email, facilitator)
    invitations.append({{"username": racer.username,
        "url": circle.url + circle.reverse_subpage("invitation", args=[token])}})
open_circles = LearningCirclePage.objects.live().filter(visibility=CircleVisibility.OPEN)
public_circles = [c.url for c in open_circles[:4]]
print(json.dumps({{
    "network_pages": [n.url for n in NetworkPage.objects.live()[:3]],
    "public_circles": public_circles,
    "stories": [s.url for s in PracticeCasePage.objects.live()[:5]],
    "circle": circle.url,
    "circle_id": circle.pk,
    "cap": circle.member_cap,
    "thread": circle.url + circle.reverse_subpage("thread", args=[thread.pk]),
    "thread_id": thread.pk,
    "posters": [p.username for p in posters],
    "invitations": invitations,
}}))
"""

COUNT = """
import json
from leerkring.conversations import replies_of
from leerkring.models import Membership, Thread
from leerkring.choices import MembershipStatus
thread = Thread.objects.get(pk={thread_id})
print(json.dumps({{
    "replies": replies_of(thread).count(),
    "members": Membership.objects.filter(
        circle_id={circle_id}, status=MembershipStatus.ACTIVE
    ).count(),
}}))
"""

SEARCHES = ["warmte", "energiecoöperatie", "isolatie", "buurt", "zonnepanelen", "warmtenet"]


class Browser:
    """One visitor with cookies of their own; redirects are not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect
        )

    def csrf_token(self):
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def request(self, path, data=None):
        url = urllib.parse.urljoin(self.base_url, path)
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token(), **data})
            body = body.encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:  # noqa: S310 - loopback
                return response.status, response.headers.get("Location"), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read()

    def log_in(self, username):
        self.request("/accounts/login/")
        status, _location, body = self.request(
            "/accounts/login/", {"login": username, "password": PASSWORD}
        )
        if status != 302:
            raise SystemExit(f"could not log {username} in: {status} {body[:300]!r}")


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.errors = []
        self.posted = 0

    def record(self, kind, seconds, status, expected):
        with self.lock:
            self.timings[kind].append(seconds)
            if status not in expected:
                self.errors.append((kind, status))

    @property
    def count(self):
        with self.lock:
            return sum(len(t) for t in self.timings.values())


def timed(tally, kind, browser, path, data=None, expected=(200,)):
    start = time.perf_counter()
    status, location, _body = browser.request(path, data)
    tally.record(kind, time.perf_counter() - start, status, expected)
    return status, location


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_urls():
    url = os.environ.get("DATABASE_URL", "postgres://leerkring:leerkring@127.0.0.1/leerkring")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("bench/load.py runs on PostgreSQL: set DATABASE_URL to a postgres:// URL")
    name = parts.path.lstrip("/") + "_load"
    return url, parts._replace(path="/" + name).geturl(), name


def recreate_database(server_url, name, drop_only=False):
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def shell(env, code):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell"],
        input=code,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise SystemExit(f"manage.py shell failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for(port, server):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped on start; see the log (LOAD_LOG)")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start within 90 s")


def traffic(base_url, site, tally, budget, deadline, seed):
    """One client: a visitor, or a member of the test circle who reads and posts."""
    rng = random.Random(seed)
    visitor = Browser(base_url)
    member = Browser(base_url)
    member.log_in(site["posters"][seed % len(site["posters"])])
    posts = 0
    while tally.count < budget and time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.15:
            timed(tally, "network page", visitor, rng.choice(site["network_pages"]))
        elif roll < 0.30:
            timed(tally, "public circle", visitor, rng.choice(site["public_circles"]))
        elif roll < 0.40:
            timed(tally, "story", visitor, rng.choice(site["stories"]))
        elif roll < 0.55:
            query = urllib.parse.quote(rng.choice(SEARCHES))
            timed(tally, "search", visitor, f"/zoeken/?q={query}")
        elif roll < 0.70:
            timed(tally, "member circle", member, site["circle"])
        elif roll < 0.92 or posts >= 5:  # replies are limited to 6 a minute per member
            timed(tally, "thread", member, site["thread"])
        else:
            text = (
                f"Les {seed}-{posts}: isoleer eerst, dan pas de warmtepomp. {secrets.token_hex(4)}"
            )
            status, location = timed(
                tally, "post reply", member, site["thread"], {"text": text}, expected=(302, 303)
            )
            posts += 1
            if status in (302, 303) and location and "#reactie-" in location:
                with tally.lock:
                    tally.posted += 1


def race(base_url, site, tally):
    """Twenty invitees accept the last place at the same moment."""
    racers = []
    for invitation in site["invitations"]:
        browser = Browser(base_url)
        browser.log_in(invitation["username"])
        browser.request(invitation["url"])
        racers.append((browser, invitation["url"]))
    barrier = threading.Barrier(len(racers))

    def accept(browser, url):
        barrier.wait(timeout=60)
        timed(tally, "accept (race)", browser, url, {}, expected=(302, 303))

    threads = [threading.Thread(target=accept, args=racer) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=150)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()

    server_url, load_url, name = database_urls()
    recreate_database(server_url, name)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop_site.settings.production",
        "DATABASE_URL": load_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PUBLIC_URL": base_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SERVE_MEDIA": "true",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(options.workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    log = LOG.open("w")
    server = None
    try:
        print(f"Preparing {name} (migrate, demo network, test circle)...", flush=True)
        subprocess.run(  # noqa: S603
            [PYTHON, "cop_site/serve.py", "--demo", "--prepare-only"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=900,
        )
        site = shell(env, SETUP)
        server = subprocess.Popen(  # noqa: S603
            [PYTHON, "cop_site/serve.py", "--skip-prepare"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(port, server)
        time.sleep(2)  # every gunicorn worker booted
        print(
            f"Serving on {base_url} with {options.workers} gunicorn workers and the task "
            f"worker; {options.clients} clients, at most {options.requests} requests or "
            f"{options.seconds:.0f} s.",
            flush=True,
        )
        tally = Tally()
        started = time.monotonic()
        deadline = started + options.seconds
        clients = [
            threading.Thread(
                target=traffic, args=(base_url, site, tally, options.requests, deadline, seed)
            )
            for seed in range(options.clients)
        ]
        for client in clients:
            client.start()
        time.sleep(min(10, options.seconds / 4))
        race(base_url, site, tally)  # in the middle of the traffic
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        time.sleep(3)  # the worker sends the last emails
        stored = shell(env, COUNT.format(thread_id=site["thread_id"], circle_id=site["circle_id"]))
        health = Browser(base_url).request("/healthz")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        log.close()

    total = tally.count
    print(f"\n{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s\n")
    print(f"{'page':<16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind in sorted(tally.timings):
        values = tally.timings[kind]
        print(
            f"{kind:<16} {len(values):>6} {statistics.median(values) * 1000:>8.0f} "
            f"{percentile(values, 0.95) * 1000:>8.0f}"
        )
    members_expected = site["cap"]
    failures = []
    print(f"\nerrors: {len(tally.errors)} {tally.errors[:10] if tally.errors else ''}")
    if tally.errors:
        failures.append("errors")
    print(f"cap: {stored['members']} active members, cap {members_expected}")
    if stored["members"] != members_expected:
        failures.append("cap")
    print(f"replies: {tally.posted} posted, {stored['replies']} stored")
    if tally.posted != stored["replies"]:
        failures.append("replies")
    print(f"/healthz after the run: {health[0]} {health[2].decode()}")
    if health[0] != 200:
        failures.append("health")
    server_log = LOG.read_text(errors="replace")
    if "Traceback" in server_log:
        failures.append("server traceback (see the log (LOAD_LOG))")
    if not options.keep:
        recreate_database(server_url, name, drop_only=True)
    if failures:
        print("FAILED: " + ", ".join(failures))
        raise SystemExit(1)
    print("All held.")


if __name__ == "__main__":
    main()
