"""Join codes: eight characters read aloud as ABCD-EFGH, typed any way a person types them."""

from memorialmiles.timing.models import JOIN_CODE_ALPHABET, JoinCode, TimingDevice
from memorialmiles.timing.sync import create_join_code


def join(client, code):
    return client.post("/api/v1/timing/join", {"code": code}, content_type="application/json")


def test_it_makes_codes_of_eight_easy_characters(race):
    codes = [create_join_code(race, None).code for _ in range(50)]
    assert all(len(c) == 8 and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)
    assert len(set(codes)) == 50
    assert not set("01IO") & set(JOIN_CODE_ALPHABET)


def test_it_shows_the_code_in_two_groups(client, race, val):
    client.force_login(val)
    response = client.post(f"/timing/events/{race.pk}/code/", follow=True)
    code = JoinCode.objects.get().code
    shown = f"{code[:4]}-{code[4:]}"
    page = response.content.decode()
    assert f'aria-label="Join code">{shown}<' in page
    assert f"Join code {shown}, good for 15 minutes." in page


def test_it_accepts_the_code_with_or_without_the_dash_or_spaces(client, race):
    code = create_join_code(race, None).code
    typed = [
        code,
        code.lower(),
        f"{code[:4]}-{code[4:]}",
        f" {code[:4].lower()} {code[4:]} ",
        f"{code[:4]} - {code[4:]}",
    ]
    for text in typed:
        assert join(client, text).status_code == 200, text
    assert TimingDevice.objects.count() == len(typed)


def test_it_refuses_part_of_a_code_or_a_code_with_other_characters(client, race):
    code = create_join_code(race, None).code
    for text in (code[:6], code[:4], f"{code[:4]}.{code[4:]}", "", "-", code + "A", "AB\x00CD"):
        response = join(client, text)
        # An empty code or one holding a NUL breaks the schema (422); any other is unknown (403).
        assert response.status_code in (403, 422), text
        if response.status_code == 403:
            assert "unknown or has expired" in response.json()["detail"]
    assert not TimingDevice.objects.exists()


def test_it_keeps_a_nul_out_of_the_phones_name(client, race):
    code = create_join_code(race, None).code
    response = client.post(
        "/api/v1/timing/join",
        {"code": code, "name": "Gate\x00 phone"},
        content_type="application/json",
    )
    assert response.status_code == 422  # the API's text fields refuse a NUL, as documented
    assert "name" in str(response.json()["detail"])
    assert not TimingDevice.objects.exists()
