"""TB907 — provenance: a reviewed item rests on official or official-media sources only.

Each source of an item says how far it can be relied on (``kind``: official, official-media,
secondary) and which fields it supports (``supports``).  A fact an item states (``FACT_FIELDS``:
conditions, materials, time limits, fees, modes, presence, scope, dates …) is *supported* when at
least one official or official-media source names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

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


#: hosts whose pages are the government's own (gov.cn and every *.gov.cn: the State Council, the NPC's
#: 国家法律法规数据库 at flk.npc.gov.cn, ministries, provinces, cities and counties)
OFFICIAL_DOMAINS = ("gov.cn",)
#: hosts of the official media the issue names: Xinhua, People's Daily, CCTV, 光明网
MEDIA_DOMAINS = ("xinhuanet.com", "news.cn", "people.com.cn", "people.cn", "cctv.com", "cctv.cn", "cntv.cn",
                 "gmw.cn")


def _under(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def authoritative_host(url: str, kind: str) -> bool:
    """Whether ``url`` is on a host that is itself of ``kind`` (a government site serves both kinds)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return _under(host, OFFICIAL_DOMAINS) or (kind == "official-media" and _under(host, MEDIA_DOMAINS))


def unshown(source: m.ItemSource) -> str | None:
    """Why ``source`` does not show its authority (the TB909 variant), or None when it does."""
    if source.kind not in m.AUTHORITATIVE:
        return None
    if source.url is None:
        return None if source.document else "unlocatable"
    if authoritative_host(source.url, source.kind) or (source.document and source.published):
        return None
    return ""


@rule("TB909")
def reviewed_source_authority_unshown(ctx: Context) -> Iterator[Finding]:
    """A source of a reviewed item claims an authority its address does not show.

    What: a source of a ``reviewed`` item with ``kind: official`` must be on a government site
    (gov.cn or a ``*.gov.cn`` host: 中国政府网, the 国家法律法规数据库 at flk.npc.gov.cn, ministries,
    provinces …), one with ``kind: official-media`` on such a site or on Xinhua, People's Daily,
    CCTV or 光明网 (xinhuanet.com, news.cn, people.com.cn, cctv.com, gmw.cn …).  A repost elsewhere
    counts only when it names the original: ``document`` (its 文号, or the dateline such as
    “新华社北京6月28日电”) and ``published`` (the date the original bears).  A source without ``url``
    must name its ``document``.  Reported at the ``url`` (at ``kind`` when there is none).
    Why: TB907 takes the ``kind`` of a source on trust; 川办发〔2020〕76号 二（一） asks for one guide
    built from the item's basis, and a reviewer can accept a fact only from a text they can find
    again — a government page, or the document or report a repost copies, by its number and date.
    Example:
        sources:
          - title: 某条例（转载）
            url: http://repost.example.com/a.html
            kind: official
            supports: [conditions]
        status: reviewed
    Fix: cite the government's or official media's own page, or give the repost's ``document``
    and ``published`` as the original states them; otherwise set ``kind: secondary``.
    """
    for item in ctx.items():
        if item.status != "reviewed":
            continue
        for n, source in enumerate(item.sources):
            variant = unshown(source)
            if variant is not None:
                key = "kind" if variant else "url"
                yield Finding(target=item, path=("sources", n, key), variant=variant,
                              params={"title": source.title, "kind": source.kind,
                                      "label": m.SOURCE_KINDS[source.kind]})


CHECKS = (reviewed_fact_unsupported, reviewed_source_authority_unshown)
