"""Resolve a pile of corrections into what is in force, independent of the order given.

An undo is itself a correction, so undoing an undo restores the original; which of two
corrections of the same thing wins is decided by ``(at, id)``, never by list position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .records import FINISH, Action, Correction, Status, to_us


@dataclass(slots=True)
class InForce:
    void: set[tuple[str, int]] = field(default_factory=set)
    assign: dict[tuple[str, int], str] = field(default_factory=dict)
    times: dict[tuple[str, str], int | None] = field(default_factory=dict)
    status: dict[str, Status | None] = field(default_factory=dict)

    @property
    def touches_reads(self) -> bool:
        return bool(self.void or self.assign)


def _active(by_id: dict[str, Correction]) -> set[str]:
    """Ids in force: a correction is undone iff an undo in force targets it."""
    undone_by: dict[str, list[str]] = {}
    for c in by_id.values():
        if c.action == Action.UNDO:
            if c.target is None or c.target == c.id:
                raise ValueError(f"correction {c.id}: an undo needs another correction's id")
            undone_by.setdefault(c.target, []).append(c.id)
    memo: dict[str, bool] = {}
    visiting: set[str] = set()

    def in_force(cid: str) -> bool:
        if cid in memo:
            return memo[cid]
        if cid in visiting:
            raise ValueError(f"correction {cid}: undo cycle")
        visiting.add(cid)
        result = not any(in_force(u) for u in undone_by.get(cid, ()) if u in by_id)
        visiting.discard(cid)
        memo[cid] = result
        return result

    return {cid for cid in by_id if in_force(cid)}


def resolve(corrections: Iterable[Correction]) -> InForce:
    by_id: dict[str, Correction] = {}
    for c in corrections:
        if c.id in by_id and by_id[c.id] != c:
            raise ValueError(f"correction id {c.id} used twice for different corrections")
        by_id[c.id] = c
    active = sorted(
        (by_id[i] for i in _active(by_id)), key=lambda c: (to_us(c.at), c.id)
    )  # later wins below
    out = InForce()
    for c in active:
        if c.action == Action.VOID_READ:
            out.void.add((c.device or "", int(c.seq or 0)))
        elif c.action == Action.ASSIGN_READ:
            out.assign[(c.device or "", int(c.seq or 0))] = str(c.bib)
        elif c.action == Action.SET_TIME:
            key = (str(c.bib), c.kind or FINISH)
            out.times[key] = None if c.time is None else to_us(c.time)
        elif c.action == Action.SET_STATUS:
            out.status[str(c.bib)] = c.status
    return out
