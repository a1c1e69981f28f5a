"""/api/docs comes from django-ninja's own files (installed from PyPI), under the CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_references_only_our_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn" not in page.lower()
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    assert any(u.endswith("swagger-ui.css") for u in urls)
    assert all(u.startswith("/static/") for u in urls), urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)[:10].strip(), url


def test_it_points_the_page_at_our_openapi_document(client):
    page = client.get("/api/docs").content.decode()
    assert '"/api/openapi.json"' in page
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Memorial Miles API"


def test_it_runs_under_the_policy(client):
    policy = client.get("/api/docs")["Content-Security-Policy"]
    assert "script-src 'self';" in policy or policy.endswith("script-src 'self'")
    assert "unsafe-eval" not in policy
