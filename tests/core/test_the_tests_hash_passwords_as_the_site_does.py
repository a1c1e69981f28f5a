"""The suite hashes each password once (tests/one_salt.py); what it stores must still be the
site's own PBKDF2, which a server started by a test, with the stock hashers, verifies."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher


def test_a_personas_password_is_the_sites_pbkdf2(alice):
    stock = PBKDF2PasswordHasher()
    assert alice.password.startswith(f"pbkdf2_sha256${stock.iterations}$")
    assert stock.verify("pw-alice", alice.password)
    assert not stock.verify("pw-alic", alice.password)
    assert not stock.must_update(alice.password)  # no rehash and save at the first login


def test_it_still_verifies_a_password_hashed_with_a_random_salt(alice):
    other = PBKDF2PasswordHasher().encode("pw-alice", PBKDF2PasswordHasher().salt())
    assert other != alice.password
    assert get_hasher().verify("pw-alice", other)
    assert not get_hasher().verify("pw-alicf", other)
