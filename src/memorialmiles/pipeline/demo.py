"""Demo data for the pipeline: the organization's defaults, Alabama's memorial mount, and a
fictional contact for Huntsville so the board's "Invite the agency" works. Safe to run again.

The mount rule is from the demo facts (Running 4 Heroes gives one to the families of Alabama's
fallen first responders); the contact's name and address are fictional and say so.
"""

from __future__ import annotations

from memorialmiles.honors.demo import huntsville_police
from memorialmiles.pipeline.models import OrganizationDefaults, StateItemRule


def load(stdout) -> None:
    defaults = OrganizationDefaults.load()
    if defaults.organized_by == OrganizationDefaults._meta.get_field("organized_by").default:
        defaults.organized_by = "Running 4 Heroes"
        defaults.save()
    StateItemRule.objects.get_or_create(
        state="AL",
        service="",
        kind="mount",
        defaults={"recipient_kind": "family", "note": "Alabama: a memorial mount for the family."},
    )
    agency = huntsville_police()
    if not agency.contact_email:
        agency.contact_name = "Sample Liaison (fictional)"
        agency.contact_email = "liaison@huntsville.example"
        agency.save(update_fields=["contact_name", "contact_email"])
    stdout.write("Pipeline: organization defaults, Alabama's memorial mount, a sample contact.")
