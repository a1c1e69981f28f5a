"""A first import prints each row's snapshot field by field, not through a dict and the JSON
encoder; the text must be the encoder's, byte for byte, since a re-import compares texts."""

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from memorialmiles.honors.importer import _snapshot, _snapshot_text
from memorialmiles.registry import HeroRow

text = st.text(max_size=20)
rows = st.builds(
    HeroRow,
    line=st.integers(1, 10),
    rank=text,
    first_name=text,
    middle_name=text,
    last_name=text,
    suffix=text,
    nickname=text,
    k9=st.booleans(),
    agency=text,
    agency_key=text,
    state=text,
    country=text,
    service=text,
    end_of_watch=st.none() | st.dates(min_value=date(1700, 1, 1)),
    incident_date=st.none() | st.dates(min_value=date(1700, 1, 1)),
    cause=text,
    source_registry=text,
    source_id=text,
    source_url=text,
)


@given(rows)
def test_it_prints_a_snapshot_as_the_json_encoder_does(row):
    assert _snapshot_text(row) == json.JSONEncoder().encode(_snapshot(row))
    assert json.loads(_snapshot_text(row)) == _snapshot(row)
