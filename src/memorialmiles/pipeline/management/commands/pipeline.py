"""`memorialmiles pipeline invite EVENT_ID --email ADDRESS` and `memorialmiles pipeline watch`."""

from django.core.management.base import BaseCommand, CommandError

from memorialmiles.events.models import Event
from memorialmiles.pipeline import services, tasks, watch


class Command(BaseCommand):
    help = "The mile pipeline: invite a run's agency; check the watched registries."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        inv = sub.add_parser("invite", help="Send the agency its link, as the board's button.")
        inv.add_argument("event_id", type=int)
        inv.add_argument("--email", default="", help="default: the agency's contact")
        watch_cmd = sub.add_parser("watch", help="Check every enabled registry source now.")
        watch_cmd.add_argument(
            "--schedule",
            action="store_true",
            help="queue the recurring check for the worker instead (every "
            "REGISTRY_WATCH_MINUTES), starting with one now",
        )

    def handle(self, *args, action: str, **options):
        # Entries name the system as the actor (audit.actors' default for a command).
        if action == "invite":
            return self.invite(options["event_id"], options["email"])
        if options["schedule"]:
            tasks.check_now()
            job = tasks.schedule()
            self.stdout.write(
                f"Registry watch queued: now, then from {job.run_after:%Y-%m-%d %H:%M} UTC."
            )
            return None
        for report in watch.check_all(progress=self.stdout.write):
            if report.problems:
                self.stderr.write(report.summary())
        return None

    def invite(self, event_id: int, email: str) -> None:
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"No run with id {event_id}.")
        try:
            plan = services.invite(event, email=email)
        except services.PipelineError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Invitation to {plan.invite_email} queued for {event.title} "
            f"(link valid until {plan.invite_expires_at:%Y-%m-%d})."
        )
