"""Did you mean …? — the registry id closest to an unknown reference, or nothing.

A reference is compared with every defined id by edit distance (insertions, deletions,
substitutions and swaps of two neighbours each count one; ``hukou-regulaton``, ``hukuo-regulation``)
and with the id's words in any order (``regulation-hukou``), and with the entry's name or title
(an author who writes ``law: 居民身份证法`` for the 中华人民共和国居民身份证法).  Only a close
match is offered: an id at most a quarter of the reference's length away (at least one edit), or a
name the reference nearly spells or is a clear part of.  Anything further is not suggested —
``difflib``'s ratio offered ``e-id-card`` for ``e-hk-card`` and such; a wrong hint costs more than
none.  Among matches the smallest distance (relative to the length) wins, an id before a name,
then the id first in alphabetical order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

__all__ = ["closest", "distance"]


def distance(a: str, b: str, limit: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` when it is over
    ``limit`` (the rows stop once two in a row are over it)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit and min(row) > limit:  # a swap reaches back two rows only
            return limit + 1
        before, row = row, current
    return row[-1]


def _limit(text: str) -> int:
    return max(1, len(text) // 4)


def _token_edits(ref: str, key: str) -> int | None:
    """Edits when ``key`` spells the words of ``ref`` in order, each word nearly (a quarter of its
    length), with at most two words more (``driving-licence`` → ``motor-vehicle-driving-licence``);
    the extra words count one each.  None when it does not."""
    words, rest = ref.split("-"), key.split("-")
    extra = len(rest) - len(words)
    if not 0 <= extra <= (2 if len(words) > 1 else 1) or (len(words) == 1 and len(ref) < 5):
        return None
    edits = 0
    for word in words:
        found = next((i for i, other in enumerate(rest) if distance(word, other, _limit(word)) <= _limit(word)), None)
        if found is None:
            return None
        edits += distance(word, rest[found], _limit(word))
        rest = rest[found + 1:]
    return edits + extra


def _id_score(ref: str, key: str) -> int | None:
    if ref == key:
        return None
    if sorted(ref.split("-")) == sorted(key.split("-")) or distance(ref, key, 1) <= 1:
        return 1
    return _token_edits(ref, key)


def _name_score(ref: str, name: str) -> float | None:
    """How far ``ref`` is from ``name`` or its short form (without 中华人民共和国), relative to
    its length; None when not close."""
    scores = [score for form in {name, name.removeprefix("中华人民共和国")} if (score := _form_score(ref, form)) is not None]
    return min(scores, default=None)


def _form_score(ref: str, name: str) -> float | None:
    if not name:
        return None
    if len(ref) >= 3 and ref in name and len(ref) * 2 >= len(name) - 2:
        return (len(name) - len(ref)) / len(name)
    d = distance(ref, name, _limit(name))
    return d / len(name) if d <= _limit(name) else None


def _name_of(value: object) -> str | None:
    if isinstance(value, tuple) and value:
        value = value[-1]  # an item's versions: the latest one's name
    name = getattr(value, "title", None) or getattr(value, "name", None)
    return name if isinstance(name, str) else None


def _scores(ref: str, known: Mapping[str, object] | Collection[str]) -> Iterable[tuple[int, float, str]]:
    """(0 for an id or 1 for a name, distance, id) of every close entry."""
    values = known if isinstance(known, Mapping) else dict.fromkeys(known)
    for key, value in values.items():
        edits = _id_score(ref, key)
        if edits is not None:
            yield 0, edits, key
        name = _name_of(value)
        score = _name_score(ref, name) if name else None
        if score is not None:
            yield 1, score, key


def closest(ref: str, known: Mapping[str, object] | Collection[str]) -> str | None:
    """The defined id ``ref`` most likely meant, or None when none is close."""
    best = min(_scores(ref, known), default=None) if ref else None
    return best[2] if best else None
