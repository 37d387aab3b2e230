"""TB907 — provenance: a reviewed item rests on official or official-media sources only.

Each source of an item says how far it can be relied on (``kind``: official, official-media,
secondary) and which fields it supports (``supports``).  A fact an item states (``FACT_FIELDS``:
conditions, materials, time limits, fees, modes, presence, scope, dates …) is *supported* when at
least one official or official-media source names it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import items as m
from .base import Context, Finding, rule


def unsupported(item: m.Item) -> Iterator[tuple[str, tuple[m.ItemSource, ...]]]:
    """Each stated fact without an authoritative source, with the (secondary) sources that name it."""
    for field in item.stated_facts():
        named = tuple(item.sources[i] for i in item.supporting(field))
        if not any(s.kind in m.AUTHORITATIVE for s in named):
            yield field, named


@rule("TB907")
def reviewed_fact_unsupported(ctx: Context) -> Iterator[Finding]:
    """A reviewed item states a fact no official or official-media source supports.

    What: for an item with ``status: reviewed``, every field of ``FACT_FIELDS`` it states
    (legal_basis, conditions, materials, legal_limit, promised_limit, fees, modes, presence, scope,
    results, delivery, process, effective_from, effective_until) must be named in the ``supports``
    of at least one source whose ``kind`` is ``official`` or ``official-media``.  Reported at the
    field's key; the ``unsourced`` variant when no source names the field at all.
    Why: 川办发〔2020〕76号 二（一）: the business rules of an item are unified from its legal basis and
    published in one guide; a department reviewer can accept a fact only from the government's
    own texts (gazettes, ministry and provincial sites) or official media, not from a repost on an
    unrelated site.
    Example:
        fees: {free: true}
        sources:
          - title: 某论坛转载
            kind: secondary
            supports: [fees]
        status: reviewed
    Fix: cite the official text (gov.cn, npc.gov.cn, the ministry's or province's site) or an
    official-media report of it with ``kind`` and ``supports``, leave the fact out, or set
    ``status: draft``.
    """
    for item in ctx.items():
        if item.status != "reviewed":
            continue
        for field, named in unsupported(item):
            label = m.FIELD_LABELS.get(field, field)
            yield Finding(target=item, path=(field,), at_key=True, variant="" if named else "unsourced",
                          params={"field": field, "label": label, "count": len(named)})


CHECKS = (reviewed_fact_unsupported,)
