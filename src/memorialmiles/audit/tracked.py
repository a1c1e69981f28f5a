"""What the audit trail follows: every model an organizer, liaison, volunteer or phone changes.

django-auditlog writes one entry per create, update (changed fields only, before and after)
and delete through model signals. Writes that skip signals (bulk inserts, COPY, queryset
updates) write their own entry through ``memorialmiles.audit.record``; an import run is not
listed, since the import writes its own entry with its counts and the ids it added. Secrets
never enter the log: tokens and idempotency keys are excluded, and so are derived columns.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import pre_save

from memorialmiles.audit import actors

# model label -> fields left out of the trail (secrets, and values derived from other fields)
TRACKED: dict[str, list[str]] = {
    "honors.Agency": [],
    "honors.Hero": ["search_text", "identity"],
    "honors.SourceLink": ["digest"],
    "honors.LiaisonAssignment": [],
    # A course's drawn line and measures are recomputed from its file: the file name is kept.
    "courses.Course": ["geometry", "metrics", "splits"],
    "events.Event": [],
    "events.EventStatusChange": [],
    "events.Dedication": [],
    "events.InjuredResponder": [],
    "events.ProgramTemplate": [],
    "events.ProgramItem": [],
    "events.MemorialItem": [],
    "events.Registration": ["token", "idempotency_key", "person_key"],
    "events.CheckIn": [],
    "timing.JoinCode": [],
    "timing.TimingDevice": ["token", "last_seen_at"],
    "timing.ChipImport": [],
    "timing.StartSignal": [],
    "timing.Correction": [],
    "support.GrantApplication": ["token"],
    "support.GrantDocument": [],
    "support.GrantReview": [],
    "support.Fundraiser": [],
    "support.Gift": ["token"],
    "messaging.EmailTemplate": [],
    "pipeline.OrganizationDefaults": [],
    "pipeline.StateItemRule": [],
    "pipeline.MilePlan": ["invite_nonce"],
    "pipeline.RegistrySource": ["seen", "last_checked_at", "last_result"],
    # A tracker's token is stored only as its hash, and even that stays out of the trail.
    "live.Tracker": ["token_hash", "last_seen_at"],
    "live.RecordedTrack": ["geometry", "metrics", "measured_at"],
    # The last solved plan is derived from the tour and its stops.
    "tourplans.Tour": ["plan"],
    "tourplans.TourStop": [],
    "raceday.VolunteerPin": ["pin_digest", "link_digest"],
    "raceday.VolunteerPass": ["last_seen_at"],
    "raceday.WaiverSignature": ["drawing"],
}
# Raw records are not listed: a phone's batch or a chip file is one entry (timing.sync, the
# chip import), and deleting a run must not write a million entries, one per read.

# auto_now stamps change on every save: noise in a diff, and the entry has its own time.
ALWAYS_EXCLUDED = ["updated_at"]
M2M: dict[str, list[str]] = {"events.Event": ["partner_agencies"], "tourplans.TourStop": ["heroes"]}


def run_of(instance) -> int | None:
    """The run an object belongs to, so a run's history shows its items, runners and timing."""
    if instance._meta.label == "events.Event":
        return instance.pk
    if hasattr(instance, "event_id"):
        return instance.event_id
    registration = getattr(instance, "registration", None)
    return getattr(registration, "event_id", None)


def _additional_data(self) -> dict | None:
    event = run_of(self)
    return {"event": event} if event is not None else None


def _name_the_actor(sender, instance, **kwargs) -> None:
    """Every entry says who acted, in words, beside auditlog's user link."""
    if instance.pk is None:
        data = dict(instance.additional_data or {})
        data.setdefault("actor", actors.current())
        instance.additional_data = data


def register_all() -> None:
    from auditlog import get_logentry_model
    from auditlog.registry import auditlog

    for label, excluded in TRACKED.items():
        model = apps.get_model(label)
        if not hasattr(model, "get_additional_data"):
            # auditlog's documented hook: stored with each entry of this model.
            model.get_additional_data = _additional_data
        auditlog.register(
            model,
            exclude_fields=[*excluded, *ALWAYS_EXCLUDED],
            m2m_fields=set(M2M.get(label, [])),
        )
    pre_save.connect(
        _name_the_actor, sender=get_logentry_model(), dispatch_uid="memorialmiles_audit_actor"
    )
