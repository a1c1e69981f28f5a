import pytest
from django.core.exceptions import ValidationError

from memorialmiles.events.models import MemorialItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def flag(scheduled_run):
    return MemorialItem.objects.create(
        event=scheduled_run,
        kind="flag",
        status="shipped",
        carrier="USPS",
        tracking_number="9400111",
        recipient="the family",
        recipient_relationship="Mother",
        family_address="12 Private Lane",
        family_phone="555-0777",
        dedication=scheduled_run.dedications.get(),
    )


def test_it_shows_the_family_address_only_to_organizers(client, alice, val, charlie, flag):
    url = f"/events/{flag.event_id}/edit/"
    client.force_login(alice)
    body = client.get(url).content.decode()
    assert "12 Private Lane" in body and "555-0777" in body and "USPS 9400111" in body
    for user in (val, charlie):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert b"12 Private Lane" not in client.get(flag.event.get_absolute_url()).content


def test_it_tells_the_public_where_the_flag_went(client, flag):
    body = client.get(flag.event.get_absolute_url()).content.decode()
    assert "Flag carried on mile 1,095, sent to the family" in body


def test_it_needs_a_carrier_to_ship_and_a_mile_to_carry(scheduled_run):
    with pytest.raises(ValidationError, match="carrier"):
        MemorialItem(event=scheduled_run, kind="flag", status="shipped").clean()
    with pytest.raises(ValidationError, match="which mile"):
        MemorialItem(event=scheduled_run, kind="flag", status="carried").clean()
