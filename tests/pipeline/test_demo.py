"""The demo gives the board what it needs: defaults, Alabama's mount rule, a sample contact."""

import io

import pytest

from memorialmiles.honors.models import Agency
from memorialmiles.pipeline import demo
from memorialmiles.pipeline.models import OrganizationDefaults, StateItemRule

pytestmark = pytest.mark.django_db


def test_it_loads_twice_without_doubling():
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert OrganizationDefaults.load().organized_by == "Running 4 Heroes"
    assert StateItemRule.objects.filter(state="AL", kind="mount").count() == 1
    agency = Agency.objects.get(name="Huntsville Police Department")
    assert agency.contact_email.endswith(".example") and "fictional" in agency.contact_name
