import pytest

from memorialmiles.results import parse_divisions


def test_it_expands_the_ellipsis():
    spec = parse_divisions("18-34,35-39,40-44,...,80+")
    assert spec.groups[:3] == ((18, 34), (35, 39), (40, 44))
    assert spec.groups[-2:] == ((75, 79), (80, None))
    assert spec.label("F", 52) == "F50-54" and spec.label("M", 90) == "M80+"
    assert spec.label("M", 17) is None and spec.label(None, 30) == "X18-34"


def test_it_has_presets():
    assert parse_divisions("5y").label("F", 3) == "F0-14"
    assert parse_divisions("10y").label("M", 45) == "M40-49"
    assert parse_divisions("none").label("M", 45) is None


@pytest.mark.parametrize("bad", ["20-10", "10-19,15-25", "...,40+", "10-14,...,42+", "abc"])
def test_it_rejects_bad_specs(bad):
    with pytest.raises(ValueError):
        parse_divisions(bad)
