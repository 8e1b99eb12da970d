"""Configuration comes from the environment; production refuses to run on the default key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(module, **env):
    code = f"import {module} as s; print(s.DATABASES['default']['ENGINE']); print(s.LANGUAGE_CODE)"
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("cop_site.settings.production", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    result = load_settings(
        "cop_site.settings.production",
        SECRET_KEY="insecure-development-key-do-not-use-in-production",
        ALLOWED_HOSTS="example.org",
    )

    assert result.returncode != 0


def test_production_starts_with_a_real_key_and_postgres_url():
    result = load_settings(
        "cop_site.settings.production",
        SECRET_KEY="a" * 20 + "b" * 30,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://leerkring:secret@db.example.org:5432/leerkring",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "nl"]


def test_without_database_url_an_sqlite_file_is_used():
    result = load_settings("cop_site.settings.dev")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"


def test_production_passes_djangos_deployment_checks():
    import secrets

    # The test run's own variables (Playwright's DJANGO_ALLOW_ASYNC_UNSAFE) are no server's.
    skipped = ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in skipped}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "cop_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "leerkring.example.nl",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
