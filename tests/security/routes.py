"""Every route the project serves, read from the URL configuration and the NinjaAPI object.

A route is named the way the matrix names it: a URL name (with its namespace), ``admin:*`` for
the whole back office, and ``METHOD /api/...`` for each API operation.
"""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def url_routes() -> dict[str, str]:
    """URL name -> its pattern, for every named page outside the API's own operations."""
    found: dict[str, str] = {}
    _walk(get_resolver(), "", "", found)
    return found


def _walk(resolver: URLResolver, prefix: str, namespace: str, found: dict[str, str]) -> None:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            _walk(entry, prefix + str(entry.pattern), inner, found)
            continue
        assert isinstance(entry, URLPattern)
        path = prefix + str(entry.pattern)
        if namespace.startswith("admin:"):
            found["admin:*"] = "admin/"  # one rule: only organizers come in
        elif _is_api_operation(entry):
            continue  # each operation has its own rule, by method
        else:
            found[f"{namespace}{entry.name}" if entry.name else path] = path


def keywords(path: str) -> list[str]:
    """The keyword arguments a URL pattern asks for: ``<int:event_id>`` -> ``event_id``."""
    return re.findall(r"<(?:\w+:)?(\w+)>", path)


def _is_api_operation(entry: URLPattern) -> bool:
    # django-ninja's view for a path's operations; its docs and schema views come from elsewhere.
    return getattr(entry.callback, "__module__", "") == "ninja.operation"


def api_operations() -> dict[str, str]:
    """``METHOD /api/...`` -> the operation id, for every operation of every router."""
    from memorialmiles.api.urls import api

    root = reverse(f"{api.urls_namespace}:api-root").rstrip("/")
    found: dict[str, str] = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    key = f"{method} {root}{_join(prefix, path)}"
                    found[key] = operation.operation_id or api.get_openapi_operation_id(operation)
    return found


def _join(prefix: str, path: str) -> str:
    return "/" + "/".join(part.strip("/") for part in (prefix, path) if part.strip("/"))


def unruled(rules) -> list[str]:
    """Routes the project serves that no row of the matrix speaks for."""
    ruled = {rule.key for rule in rules}
    return sorted((set(url_routes()) | set(api_operations())) - ruled)


def gone(rules) -> list[str]:
    """Rows of the matrix whose route the project no longer serves."""
    served = set(url_routes()) | set(api_operations())
    return sorted({rule.key for rule in rules} - served)
