"""PBKDF2 as the site hashes passwords, each password worked out once per test process.

A persona made with a password cost 0.56 s of PBKDF2 (1,000,000 rounds), and most tests make
three or four: about a fifth of the suite's time. Here a password is salted the same way every
time, so its hash is computed once and remembered; the hashes are the site's own
`pbkdf2_sha256` with the same rounds, which any server started by a test verifies as usual.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher

# 25 letters: Django rehashes a password at login when its salt has under 128 bits.
SALT = "memorialmilestestsaltsalt"


class OneSaltPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    _done: dict[tuple, str] = {}

    def salt(self) -> str:
        return SALT

    def encode(self, password, salt, iterations=None):
        key = (password, salt, iterations)
        if key not in self._done:
            self._done[key] = super().encode(password, salt, iterations)
        return self._done[key]
