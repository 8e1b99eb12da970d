"""Security headers: a Content-Security-Policy under which no injected script could run on
the site's pages, a Permissions-Policy and a Referrer-Policy on every response."""

import pytest


def policy(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


@pytest.mark.parametrize("path", ["/", "/zoeken/?q=warmte", "/accounts/login/"])
def test_the_sites_pages_allow_scripts_and_styles_from_the_site_only(client, network, path):
    response = client.get(path)

    directives = policy(response)
    assert directives["script-src"] == {"'self'"}
    assert directives["style-src"] == {"'self'"}
    assert directives["object-src"] == {"'none'"}
    assert directives["frame-ancestors"] == {"'self'"}
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_wagtail_admin_may_use_its_inline_scripts(admin_client, network):
    response = admin_client.get(f"/admin/pages/{network.pk}/edit/")

    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert "'self'" in directives["script-src"]
