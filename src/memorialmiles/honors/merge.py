"""Merging two records of the same hero without losing anything that points at either."""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction

from memorialmiles.audit import record
from memorialmiles.honors.models import Hero, SourceLink


@transaction.atomic
def merge_heroes(keep: Hero, others: list[Hero], *, user=None) -> int:
    """Repoint every row that refers to the others (source links, dedications, any later
    relation) at `keep`, fill keep's blank fields from them, then delete the others.

    Relations are found from the model's metadata, so a relation added by a later app is
    carried over without this function knowing about it.
    """
    others = [h for h in others if h.pk != keep.pk]
    if not others:
        return 0
    other_ids = [h.pk for h in others]
    for relation in Hero._meta.related_objects:
        if relation.many_to_many or relation.one_to_one:
            continue
        model = relation.related_model
        field = relation.field.name
        if model is SourceLink:
            continue
        model.objects.filter(**{f"{field}__in": other_ids}).update(**{field: keep})
    kept_keys = set(keep.sources.values_list("registry", "source_id", "url"))
    for link in SourceLink.objects.filter(hero_id__in=other_ids):
        if (link.registry, link.source_id, link.url) in kept_keys:
            link.delete()
        else:
            link.hero = keep
            link.save(update_fields=["hero"])
    blank_fields = [
        "rank",
        "middle_name",
        "suffix",
        "nickname",
        "cause",
        "biography",
        "incident_date",
        "end_of_watch",
        "agency",
        "state",
    ]
    changed = []
    for other in others:
        for name in blank_fields:
            if not getattr(keep, name) and getattr(other, name):
                setattr(keep, name, getattr(other, name))
                changed.append(name)
    if changed:
        keep.save(update_fields=changed)
    Hero.objects.filter(pk__in=other_ids).delete()
    # The repointed rows above moved without a save: the merge itself is the entry.
    record.change(keep, {"merged_from": (other_ids, keep.pk)}, merged=other_ids)
    if user is not None and user.pk:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=Hero.objects.filter(pk=keep.pk),
            action_flag=CHANGE,
            change_message=f"Merged hero records {other_ids} into this one.",
            single_object=True,
        )
    return len(others)
