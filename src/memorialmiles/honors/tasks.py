"""The honor roll's long work as background tasks."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from memorialmiles.honors.importer import import_heroes
from memorialmiles.jobs.background import GiveUp, background
from memorialmiles.registry import RegistryError


@background
def import_registry_file(path: str, options: dict, user_id: int | None = None) -> None:
    """A large registry import off the request; its ImportRun and audit entry say how it went.

    ``path`` must outlive the request (a file under MEDIA_ROOT, not a temporary folder);
    ``options`` are ``import_heroes``' keywords (format, mapping, service, dry_run...).
    """
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        import_heroes(path, user=user, **options)
    except RegistryError as exc:
        raise GiveUp(str(exc)) from None  # the same file will not read better in a minute
