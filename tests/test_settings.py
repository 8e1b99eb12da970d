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


def test_production_passes_djangos_deployment_checks(tmp_path):
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
            "PUBLIC_URL": "https://leerkring.example.nl",
            # A database not made yet: no site records of a demo run to disagree with.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unmade.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_warns_when_its_public_address_is_this_machine(tmp_path):
    import secrets

    skipped = ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PUBLIC_URL")
    environment = {k: v for k, v in os.environ.items() if k not in skipped}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "cop_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "leerkring.example.nl",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unmade.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "leerkring.W008" in result.stdout + result.stderr
    assert "points at this machine" in result.stdout + result.stderr


def storages_of(**env):
    code = "import cop_site.settings.production as s, json; print(json.dumps(s.STORAGES))"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_S3")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **environment,
            "SECRET_KEY": "a" * 20 + "b" * 30,
            "ALLOWED_HOSTS": "leerkring.example.nl",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout)


def test_media_are_files_unless_a_bucket_is_named():
    assert storages_of()["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_media_go_to_object_storage_when_a_bucket_is_named():
    storages = storages_of(
        MEDIA_S3_BUCKET="leerkring-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.gemeente.example.nl",
        MEDIA_S3_REGION="nl-ams",
    )
    media = storages["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "leerkring-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.gemeente.example.nl"
    assert media["OPTIONS"]["querystring_auth"] is True  # no public domain: signed links
    assert media["OPTIONS"]["file_overwrite"] is False
    # Static files stay with WhiteNoise.
    assert storages["staticfiles"]["BACKEND"].startswith("whitenoise.")
