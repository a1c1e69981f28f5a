"""Message wording: a stored template (edited in the back office) or the file of that name.

A file is ``messaging/email/<name>.txt``: a first line ``Subject: ...``, a blank line, then
the body. Both are Django templates rendered without HTML escaping (the mail is plain text);
every link in the context is made absolute with SITE_URL before it gets here.
"""

from __future__ import annotations

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.loader import get_template

from memorialmiles.messaging.models import EmailTemplate


class UnknownTemplate(LookupError):
    pass


def file_source(name: str) -> tuple[str, str]:
    try:
        source = get_template(f"messaging/email/{name}.txt").template.source
    except TemplateDoesNotExist:
        raise UnknownTemplate(f"No email template named {name!r}.") from None
    first, _, body = source.partition("\n")
    if not first.startswith("Subject:"):
        raise UnknownTemplate(f"messaging/email/{name}.txt: the first line must be 'Subject: ...'")
    return first.removeprefix("Subject:").strip(), body.lstrip("\n")


def source(name: str) -> tuple[str, str]:
    stored = EmailTemplate.objects.filter(name=name).first()
    if stored is not None:
        return stored.subject, stored.body
    return file_source(name)


def render(name: str, context: dict) -> tuple[str, str]:
    subject, body = source(name)
    engine = Engine.get_default()
    ctx = Context({"site_url": settings.SITE_URL, **context}, autoescape=False)
    subject_text = " ".join(engine.from_string(subject).render(ctx).split())
    return subject_text[:300], engine.from_string(body).render(ctx).strip() + "\n"


def absolute(path: str) -> str:
    """A link an email reader can click: SITE_URL and the path."""
    return settings.SITE_URL.rstrip("/") + path
