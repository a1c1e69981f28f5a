"""Every email of the pipeline goes out through `send`, the one door to be switched to the
messaging outbox (`memorialmiles.messaging.outbox.send`, same signature) once it is merged.

Until then it renders `pipeline/email/<template>.txt` (first line: the subject) and sends it
through Django's email backend after the transaction commits, so a rolled-back invitation
never mails a link that does not exist.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def send(template: str, to: str, context: dict, *, event=None, kind: str = ""):
    subject, _, body = render_to_string(f"pipeline/email/{template}.txt", context).partition("\n")
    transaction.on_commit(
        lambda: send_mail(subject.strip(), body.lstrip("\n"), None, [to], fail_silently=False)
    )
