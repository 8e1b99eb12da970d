"""The search tests again, against Elasticsearch or OpenSearch, when ``ELASTICSEARCH_URL`` is set.

No search server can be installed on the machines that run CI, so there the module is
skipped; set the variable (and ``ELASTICSEARCH_BACKEND`` for OpenSearch or Elasticsearch 9)
to run it.
"""

import os

import pytest

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set"
    ),
    pytest.mark.django_db,
]

if os.environ.get("ELASTICSEARCH_URL"):
    from .test_search import *  # noqa: F403 (the same tests, on the search server)
    from .test_search_spelling import *  # noqa: F403

    @pytest.fixture(autouse=True)
    def on_the_search_server(settings):
        from leerkring.search.elasticsearch import index_settings

        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": os.environ.get(
                    "ELASTICSEARCH_BACKEND", "wagtail.search.backends.elasticsearch8"
                ),
                "URLS": [os.environ["ELASTICSEARCH_URL"]],
                "INDEX": "leerkring-test",
                "TIMEOUT": 10,
                "INDEX_SETTINGS": index_settings(),
                "AUTO_UPDATE": True,
            }
        }
        from django.core.management import call_command

        call_command("update_index", backend_name="default", verbosity=0)
