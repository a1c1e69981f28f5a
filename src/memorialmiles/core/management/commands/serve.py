from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with an ASGI server (uvicorn): live pages use server-sent events."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args, host: str, port: int, workers: int, **options):
        import uvicorn

        self.stdout.write(f"Memorial Miles on http://{host}:{port}/ (Ctrl+C to stop)")
        if settings.DEBUG:
            self.stdout.write("DEBUG is on: never do this on a public server.")
        call_command("collectstatic", "--noinput", verbosity=0)
        uvicorn.run(
            "memorialmiles.asgi:application",
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            proxy_headers=True,
            lifespan="off",
        )
