"""TB60x — presence on site (到现场): only with a provision that requires it."""

from __future__ import annotations

from collections.abc import Iterator

from .base import Context, Finding, rule


@rule("TB601")
def presence_without_basis(ctx: Context) -> Iterator[Finding]:
    """The item requires presence on site but cites no provision that says so.

    What: ``presence.required: true`` needs ``presence.basis``, a citation of the law (and
    article) that requires the applicant to appear.
    Why: 川办发〔2020〕76号 二（二）: “除法律法规有特殊规定必须到现场办理的以外，不得强制申请人到现场办理”.
    Example:
        presence:
          required: true
          visits: 1
    Fix: cite the provision (``basis: {law: …, article: 第…条}``), or set ``required: false``
    and ``visits: 0`` and offer 全程网办.
    """
    for item in ctx.items():
        if item.presence.required and item.presence.basis is None:
            yield Finding(target=item, path=("presence", "required"))


@rule("TB602")
def presence_basis_without_article(ctx: Context) -> Iterator[Finding]:
    """The provision requiring presence names a law but no article.

    What: ``presence.basis`` of an item that requires presence should name the ``article``.
    Why: 川办发〔2020〕76号 三（九）: the clean-up of provisions that force presence (与“全程网办”
    不相适应的…规定的清理) needs the exact provision, not the whole law.
    Example:
        presence:
          required: true
          visits: 1
          basis: {law: resident-id-card-law}
    Fix: add ``article: 第…条``.
    """
    for item in ctx.items():
        basis = item.presence.basis
        if item.presence.required and basis is not None and basis.article is None:
            yield Finding(target=item, path=("presence", "basis", "law"), params={"law": basis.law})


@rule("TB603")
def presence_article_not_marked(ctx: Context) -> Iterator[Finding]:
    """The cited article is not marked as requiring presence in the laws registry.

    What: when ``presence.basis`` names an article that is registered under the law's
    ``articles``, that article should carry ``presence: true``.
    Why: 川办发〔2020〕76号 三（九）: the list of provisions that still force presence is derived from
    the registry's ``presence: true`` articles; an unmarked article is missing from that list.
    Example:
        # laws registry
        articles:
          - id: 第七条            # no presence: true
        # item
        presence: {required: true, visits: 1, basis: {law: hukou-law, article: 第七条}}
    Fix: mark the article ``presence: true`` in the registry if it does require presence, or
    cite the article that does.
    """
    laws = ctx.ruleset.laws
    for item in ctx.items():
        basis = item.presence.basis
        if not item.presence.required or basis is None or basis.article is None or basis.law not in laws:
            continue
        article = next((a for a in laws[basis.law].articles if a.id == basis.article), None)
        if article is not None and not article.presence:
            yield Finding(target=item, path=("presence", "basis", "article"),
                          params={"title": laws[basis.law].title, "law": basis.law, "article": basis.article})


@rule("TB604")
def presence_visits_mismatch(ctx: Context) -> Iterator[Finding]:
    """``presence.required`` and ``presence.visits`` contradict each other.

    What: an item that requires presence needs at least one visit (``visits >= 1``); an item
    that does not require presence must need no visit (``visits: 0``).
    Why: 川办发〔2020〕76号 二（二）: presence may be required only with a legal basis — visits
    without ``required: true`` (and its basis) are forced presence.
    Example:
        presence:
          required: false
          visits: 1
    Fix: set ``visits: 0`` (and offer a remote way), or set ``required: true`` and cite the
    provision.  An unstated ``visits`` (no source gives the number) is not judged.
    """
    for item in ctx.items():
        p = item.presence
        if p.visits is None:
            continue
        if p.required and p.visits == 0:
            yield Finding(target=item, path=("presence", "required"))
        elif not p.required and p.visits > 0:
            yield Finding(target=item, path=("presence", "visits"), variant="not-required", params={"visits": p.visits})


CHECKS = (presence_without_basis, presence_basis_without_article, presence_article_not_marked,
          presence_visits_mismatch)
