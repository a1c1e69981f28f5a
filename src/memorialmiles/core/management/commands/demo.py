"""Load the demo data: safe to run again, it only adds what is missing."""

import importlib
import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from memorialmiles.core.roles import GROUP_NAMES, Role

DEMO_USER = "organizer"


class Command(BaseCommand):
    help = "Load the demo data (the Huntsville run and sample heroes) and an organizer login."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("memorialmiles."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        username, password = self.organizer_login()
        self.stdout.write(
            self.style.SUCCESS(
                f"Organizer login: username {username!r}, password {password!r} "
                f"(kept in {settings.DATA_DIR / 'demo-login.txt'})"
            )
        )

    def organizer_login(self) -> tuple[str, str]:
        path = settings.DATA_DIR / "demo-login.txt"
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_USER, defaults={"is_staff": True, "first_name": "Demo organizer"}
        )
        password = path.read_text().strip() if path.exists() else ""
        if created or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = True
            user.save()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(password + "\n")
            path.chmod(0o600)
        # get_or_create: the role groups come from a migration, and a flushed database has none
        user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.ORGANIZER])[0])
        return DEMO_USER, password
