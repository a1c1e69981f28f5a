"""A number no one meant (a superscript digit, twenty digits, a NUL) on the day's pages is
ignored or refused, never a 500: the silence length, the desk's search and a typed bib."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pat(scheduled_run, runner_fields):
    from memorialmiles.events.services import register

    return register(scheduled_run, **runner_fields).registration


@pytest.mark.parametrize("seconds", ["%C2%B2", "99999999999999999999", "0", "-5", "1e3"])
def test_it_keeps_the_silence_length_when_asked_nonsense(client, scheduled_run, seconds):
    url = f"/events/{scheduled_run.pk}/silence/"
    response = client.get(f"{url}?seconds={seconds}")
    assert response.status_code == 200
    assert response.context["seconds"] == client.get(url).context["seconds"] != 45


def test_it_takes_a_good_silence_length(client, scheduled_run):
    response = client.get(f"/events/{scheduled_run.pk}/silence/?seconds=45")
    assert response.context["seconds"] == 45


@pytest.mark.parametrize("q", ["%C2%B2", "99999999999999999999", "pa%00t", "0"])
def test_it_searches_the_desk_without_failing(client, val, scheduled_run, pat, q):
    client.force_login(val)
    response = client.get(f"/events/{scheduled_run.pk}/desk/?q={q}")
    assert response.status_code == 200
    assert ("Runner" in response.content.decode()) is (q == "pa%00t")


@pytest.mark.parametrize("bib", ["²", "99999999999999999999", "12345678901"])
def test_it_ignores_a_bib_no_column_can_hold(client, val, scheduled_run, pat, bib):
    client.force_login(val)
    response = client.post(f"/events/{scheduled_run.pk}/desk/{pat.pk}/check-in/", {"bib": bib})
    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.checked_in_at is not None and pat.bib is not None and pat.bib < 10**9
