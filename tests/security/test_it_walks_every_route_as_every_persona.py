"""Every row of the matrix, as every persona: the status, no private value, no reach too far.

A cell marked ``!`` in the table is what the trust issue wants and the code does not do yet:
it runs as a strict xfail, so it turns red the day it passes and its mark must go.
"""

from __future__ import annotations

import pytest

from security.matrix import RULES
from security.walker import walk
from security.world import PERSONAS

pytestmark = pytest.mark.django_db


def cells():
    for rule in RULES:
        for persona in PERSONAS:
            word = rule.cells[persona]
            marks = [pytest.mark.xfail(strict=True, reason=rule.issue)] if "!" in word else []
            yield pytest.param(rule, persona, id=f"{rule.name} as {persona}", marks=marks)


@pytest.mark.parametrize(("rule", "persona"), list(cells()))
def test_it_answers_each_persona_as_the_matrix_says(rule, persona, world, sessions):
    problems = walk(rule, persona, world, sessions)
    assert not problems, "\n".join(problems)
