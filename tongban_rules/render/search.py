"""Site search that works offline on the static files: a compact character n-gram index.

Chinese has no spaces between words, so the index is built from characters: every single
character and every pair of neighbouring characters (bigram) of an item's searchable text — its
name, id and catalogue code, themes, department, service objects, materials, results and the
electronic licences it issues or accepts.  A query is cut the same way; an item is a candidate
when it has every gram of the query, and ``static/search.js`` then keeps only items where the
query really occurs in one of those texts (so “身份证” does not match “身份…证”) and says where.

The index is written as a script (``assets/search-index.js`` assigning ``window.TONGBAN_SEARCH``)
rather than JSON so that the site also searches when opened from disk (``file://``), where a
browser refuses ``fetch``.  Layout::

    {"v": 1, "kinds": ["主题", …],
     "terms": [[kind index, text], …],             # every text other than the name, once
     "docs": [[name, href, department term, [term, …]], …],
     "grams": {"身份": "0,3,a", …}}                # doc numbers, delta-coded in base 36

Output is deterministic: docs follow the site's item order, terms and grams are sorted.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata

from ..model import items as m
from . import views as v

KINDS = ("主题", "部门", "服务对象", "材料", "办理结果", "电子证照", "编码")
_RUN = re.compile(r"\w+")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def normalize(text: str) -> str:
    """Full-width forms folded (ＡＢ → ab), lower case — the same as ``norm`` in search.js."""
    return unicodedata.normalize("NFKC", text).lower()


def grams(text: str) -> set[str]:
    """Every character and every pair of neighbouring characters inside each run of word characters."""
    out: set[str] = set()
    for run in _RUN.findall(normalize(text)):
        out.update(run)
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def base36(n: int) -> str:
    digits = ""
    while True:
        n, r = divmod(n, 36)
        digits = _DIGITS[r] + digits
        if not n:
            return digits


def _texts(site, item: m.Item) -> list[tuple[int, str]]:
    """(kind, text) of everything an item is found by, besides its name."""
    rs = site.ruleset
    lic = {x for use in item.materials for x in use.licences} | {r.licence for r in item.results if r.licence}
    return ([(0, m.THEMES[t]) for t in item.themes] + [(1, v.department_name(rs, item.department))]
            + [(2, m.SERVICE_OBJECTS[x]) for x in item.service_objects]
            + [(3, v.material_name(rs, use.material)) for use in item.materials]
            + [(4, r.name) for r in item.results] + [(5, v.licence_name(rs, x)) for x in sorted(lic)]
            + [(6, x) for x in (item.id, item.catalog_code or "") if x])


_B36 = [base36(i) for i in range(36 * 36)]  # the common small deltas, looked up


def _code(nums: list[int]) -> str:
    return ",".join(_B36[d] if d < 1296 else base36(d) for d in map(int.__sub__, nums, [0, *nums]))


@functools.lru_cache(maxsize=65536)
def _grams(text: str) -> frozenset[str]:
    return frozenset(grams(text))


def _postings(names: list[str], docs_terms: list[list[int]], terms: list[str]) -> dict[str, str]:
    """gram → the docs having it in their name or in one of their terms (terms repeat across items,
    so a term's docs are collected once and merged per gram, not gram by gram per doc)."""
    term_docs: list[list[int]] = [[] for _ in terms]
    for n, numbers in enumerate(docs_terms):
        for t in numbers:
            term_docs[t].append(n)
    found: dict[str, set[int]] = {}
    for t, text in enumerate(terms):
        for g in _grams(text):
            found.setdefault(g, set()).update(term_docs[t])
    for n, name in enumerate(names):
        for g in _grams(name):
            found.setdefault(g, set()).add(n)
    return {g: _code(sorted(found[g])) for g in sorted(found)}


def index(site) -> dict:
    """The search index of every item the site renders."""
    per_item = {i: list(dict.fromkeys(_texts(site, it))) for i, it in site.items.items()}
    terms = sorted({t for texts in per_item.values() for t in texts})
    number = {t: n for n, t in enumerate(terms)}
    docs = []
    for item_id, item in site.items.items():
        dept = number[(1, v.department_name(site.ruleset, item.department))]
        docs.append([item.name, f"items/{item_id}/index.html", dept, sorted(number[t] for t in per_item[item_id])])
    return {"v": 1, "kinds": list(KINDS), "terms": [[k, t] for k, t in terms], "docs": docs,
            "grams": _postings([d[0] for d in docs], [d[3] for d in docs], [t for _, t in terms])}


def script(site) -> str:
    """``assets/search-index.js``: the index as one assignment (loads from ``file://`` too)."""
    data = json.dumps(index(site), ensure_ascii=False, separators=(",", ":"))
    return f"window.TONGBAN_SEARCH={data};\n"
