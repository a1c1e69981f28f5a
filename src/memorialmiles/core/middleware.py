"""HEAD answered wherever GET is; the Content-Security-Policy header built once.

Load balancers and uptime checks probe with HEAD; views declared GET-only (require_GET, the
API's GET operations) would answer 405. HEAD is run as the GET it stands for and the body is
dropped, keeping the headers (Content-Type, Content-Length) a GET would have sent.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import csp.middleware
import csp.utils
from csp.constants import HEADER as CSP_HEADER
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse


class HeadAsGetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        request.META["REQUEST_METHOD"] = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        request.META["REQUEST_METHOD"] = "HEAD"
        if response.streaming:
            # The handler still closes the response (and its files) as for any other.
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site's policy built once rather than per response.

    django-csp rebuilds the header from the settings for every response (a fifth of a cheap
    page's time). The same header comes out whenever neither the view (a decorator's
    `_csp_*`) nor the template (a nonce) asked for anything of its own: that case is kept;
    every other one goes through django-csp unchanged.
    """

    _PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            CSP_HEADER in response
            or getattr(request, "_csp_nonce", None) is not None
            or any(
                hasattr(response, name + suffix)
                for name in self._PER_RESPONSE
                for suffix in ("", "_ro")
            )  # fmt: skip
            or settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
        ):
            return super().process_response(request, response)
        header = _site_policy()
        if header:
            response[CSP_HEADER] = header
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def _site_policy() -> str:
    return csp.utils.build_policy()


@receiver(setting_changed)
def _policy_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()
