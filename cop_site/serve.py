"""``make serve``: the production settings on PostgreSQL, web and worker side by side.

Prepares the database and the static files, then starts gunicorn and
``manage.py leerkring_worker`` and stops both when either ends or on Ctrl+C/SIGTERM.
On a machine of its own, without a proxy in front, it fills in what the environment does
not say: a secret key kept in ``.secret_key`` (made once, never committed), the address
http://127.0.0.1:8000, and Django serving the uploaded files. A real deployment sets
these itself (README, "In production"); then this script only adds nothing.

Standard library only: it runs before anything else is known to work.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET_FILE = ROOT / ".secret_key"


def fail(message):
    print(f"make serve: {message}", file=sys.stderr)
    raise SystemExit(2)


def environment():
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "cop_site.settings.production")
    if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        fail(
            "set DATABASE_URL to a PostgreSQL database, for example "
            "DATABASE_URL=postgres://leerkring:secret@127.0.0.1/leerkring make serve"
        )
    if not env.get("SECRET_KEY"):
        if not SECRET_FILE.exists():
            SECRET_FILE.write_text(secrets.token_urlsafe(50))
            SECRET_FILE.chmod(0o600)
        env["SECRET_KEY"] = SECRET_FILE.read_text().strip()
    bind = env.setdefault("GUNICORN_BIND", "127.0.0.1:8000")
    env.setdefault("PUBLIC_URL", f"http://{bind}")
    public = urlsplit(env["PUBLIC_URL"])
    env.setdefault("ALLOWED_HOSTS", public.hostname or "127.0.0.1")
    if public.scheme == "http":
        # Nothing in front of gunicorn: Django hands out the uploaded images itself.
        env.setdefault("SERVE_MEDIA", "true")
    return env


def manage(env, *args):
    print("+ manage.py " + " ".join(args), flush=True)
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env)  # noqa: S603
    if result.returncode:
        fail(f"manage.py {args[0]} failed (exit {result.returncode})")


def prepare(env, demo):
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    if demo:
        manage(env, "load_demo")
    manage(env, "sync_public_url")
    manage(env, "check", "--deploy")


def run(env):
    gunicorn = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "cop_site" / "gunicorn.conf.py")]
    worker = [PYTHON, "manage.py", "leerkring_worker"]
    children = [
        subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        for command in (gunicorn, worker)
    ]
    print(f"Serving {env['PUBLIC_URL']} (gunicorn on {env['GUNICORN_BIND']}, and the worker)")

    def stop(signum=signal.SIGTERM, _frame=None):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        deadline = time.monotonic() + 40
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
    return max(child.returncode or 0 for child in children)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="load the demo network first")
    parser.add_argument("--prepare-only", action="store_true", help="stop before serving")
    parser.add_argument("--skip-prepare", action="store_true", help="serve what is there")
    options = parser.parse_args()
    env = environment()
    if not options.skip_prepare:
        prepare(env, options.demo)
    if not options.prepare_only:
        raise SystemExit(run(env))


if __name__ == "__main__":
    main()
