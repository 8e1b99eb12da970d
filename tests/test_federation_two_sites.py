"""Two Leerkring sites on loopback, each with its own server and database
(tests/two_sites.py): each finds the other's network and fetches its key over HTTP."""

from urllib.parse import quote

import pytest

from leerkring.federation import remote_actors
from leerkring.models import NetworkActor, RemoteActor

from .two_sites import SiteBError, public_network

pytest_plugins = ["tests.two_sites"]

# Site A is the live server, which commits for real; its migrated state is put back
# afterwards, for the modules that run after this one in the same process.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ACTIVITY_JSON = "application/activity+json"


def test_site_a_finds_site_bs_network_and_stores_its_key(site_a, site_b):
    zeist = site_b.call("tests.two_sites:public_network", slug="zeist", title="Gemeente Zeist")
    assert zeist["acct"] == f"acct:zeist@{site_b.host}"

    finger = site_b.get("/.well-known/webfinger?resource=" + quote(zeist["acct"]))
    assert finger.status == 200, finger.text
    actor_link = next(link for link in finger.json()["links"] if link["rel"] == "self")
    assert actor_link["href"] == zeist["actor"]
    actor = site_b.get(actor_link["href"], accept=ACTIVITY_JSON)
    assert actor.status == 200, actor.text
    assert actor.json()["publicKey"]["id"] == zeist["key_id"]

    stored = remote_actors.fetch(zeist["key_id"])

    assert RemoteActor.objects.get(uri=zeist["actor"]) == stored
    assert stored.domain == site_b.host
    assert stored.preferred_username == "zeist"
    assert stored.inbox == zeist["inbox"]
    # The key is the one in B's database, which A's database does not hold.
    key_in_b = site_b.run(
        "import json\n"
        "from leerkring.models import NetworkActor\n"
        "print(json.dumps(NetworkActor.objects.get(username='zeist').public_key_pem))"
    )
    assert stored.public_key_pem == key_in_b
    assert not NetworkActor.objects.filter(username="zeist").exists()


def test_site_b_fetches_site_as_key_from_the_live_server(site_a, site_b):
    provincie = public_network(slug="provincie", title="Provincie Utrecht")
    assert provincie["actor"].startswith(site_a.url + "/")

    fetched = site_b.run(
        "import json\n"
        "from leerkring.federation import remote_actors\n"
        f"actor = remote_actors.fetch({provincie['key_id']!r})\n"
        "print(json.dumps({'uri': actor.uri, 'domain': actor.domain,"
        " 'key': actor.public_key_pem}))"
    )

    assert fetched["uri"] == provincie["actor"]
    assert fetched["domain"] == site_a.host
    # A made its key when B first asked for the actor, and B has that key.
    assert fetched["key"] == NetworkActor.objects.get(username="provincie").public_key_pem
    assert (
        site_b.run(
            "from leerkring.models import NetworkActor, RemoteActor\n"
            "print(NetworkActor.objects.count(), RemoteActor.objects.count())"
        )
        == "0 1\n"
    )


def test_site_b_starts_each_test_empty_and_reports_its_failures(site_b):
    site_b.call("tests.two_sites:public_network", slug="zeist")
    assert (
        site_b.run("from leerkring.models import NetworkActor\nprint(NetworkActor.objects.count())")
        == 1
    )

    site_b.reset()

    empty = site_b.run(
        "import json\n"
        "from wagtail.models import Site\n"
        "from leerkring.models import NetworkActor\n"
        "site = Site.objects.get(is_default_site=True)\n"
        "print(json.dumps([NetworkActor.objects.count(), site.root_url]))"
    )
    assert empty == [0, site_b.url]
    with pytest.raises(SiteBError, match="ZeroDivisionError"):
        site_b.run("print('before')\n1 / 0")
    assert site_b.get("/healthz").status == 200
