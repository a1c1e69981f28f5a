"""The site's settings plus one async streaming view (serve_urls), for the `serve` test."""

from memorialmiles.settings import *  # noqa: F403

ROOT_URLCONF = "serve_urls"
