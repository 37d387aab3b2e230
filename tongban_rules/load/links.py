"""Cross-references between files resolve by id; a dangling one is a TB3xx diagnostic.

Each function takes the parsed registries and one model and yields ``Finding`` s with key
paths inside that model's file; the loader places them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import date

from ..diagnostics import Finding, KeyPath
from ..model import items as m
from ..regions import Regions
from .suggest import closest

_KIND_ZH = {
    "law": "法律法规", "material": "材料", "licence": "电子证照类型", "department": "部门",
    "region": "行政区划", "group": "区域组", "item": "事项", "office": "窗口", "batch": "批次",
}


def dangling(kind: str, ref: str, known: Mapping[str, object] | Collection[str], path: KeyPath) -> Finding:
    close = closest(ref, known)
    return Finding(code="TB301", path=path, hint_key="suggest" if close else "",
                   params={"kind": kind, "kind_zh": _KIND_ZH[kind], "ref": ref, "close": close or ""})


_REGISTRY_OF = {"law": "laws", "material": "materials", "licence": "licences", "department": "departments",
                "group": "regions", "region": "regions"}


class Linker:
    """Resolves references against the registries of one rule set."""

    def __init__(self, laws: Mapping[str, m.Law], materials: Mapping, licences: Mapping, departments: Mapping,
                 regions: Regions, items: Mapping[str, tuple[m.Item, ...]], broken: frozenset[str] | set[str] = frozenset()):
        self.laws, self.materials, self.licences = laws, materials, licences
        self.departments, self.regions, self.items = departments, regions, items
        #: registry kinds with a broken file: references into them cannot be judged
        self.broken = broken

    def citation(self, cite: m.Citation, path: KeyPath) -> Iterator[Finding]:
        law = self.laws.get(cite.law)
        if "laws" in self.broken and law is None:
            return
        if law is None:
            yield dangling("law", cite.law, self.laws, path + ("law",))
        elif cite.article and law.articles and cite.article not in {a.id for a in law.articles}:
            yield Finding(code="TB302", path=path + ("article",), params={"title": law.title, "article": cite.article})

    def ref(self, kind: str, table: Collection[str], ref: str | None, path: KeyPath) -> Iterator[Finding]:
        if _REGISTRY_OF.get(kind) in self.broken:
            return
        if ref is not None and ref not in table:
            yield dangling(kind, ref, table, path)

    def region(self, code: str | None, path: KeyPath, at_key: bool = False) -> Iterator[Finding]:
        """A code the rules refer to (scopes, group members, parents): listed, or TB303."""
        if "regions" in self.broken:
            return
        if code is not None and not self.regions.is_listed(code):
            yield Finding(code="TB303", path=path, at_key=at_key, params={"code": code})

    def accepting(self, code: str, path: KeyPath, on: date | None = None) -> Iterator[Finding]:
        """Where an application is made (a case, on its day) or a window stands (a regional list,
        an office: now, so a code no longer in use is refused whatever the day): else TB414."""
        if "regions" in self.broken:
            return
        why = self.regions.refusal(code, on)
        until = self.regions.span(code)[1] if why is None and on is None else None
        if until is not None:
            why = "abolished", {"region": code, "where": "", "where_en": "", "name": self.regions.name(code),
                                "until": until}
        if why is not None:
            yield Finding(code="TB414", path=path, variant=why[0], params=why[1])

    def registry(self, registry: m.RegionRegistry) -> Iterator[Finding]:
        """The regions registry itself: parents and group members are listed codes."""
        for i, region in enumerate(registry.regions):
            yield from self.region(region.parent, ("regions", i, "parent"))
        for code in registry.codes:  # a compact code's parent is its prefecture if listed, else its province
            yield from self.region(None if code.endswith("0000") else code[:2] + "0000", ("codes", code), True)
        for i, group in enumerate(registry.groups):
            for j, code in enumerate(group.members):
                yield from self.region(code, ("groups", i, "members", j))

    def scope(self, scope: m.Scope | None, path: KeyPath) -> Iterator[Finding]:
        if scope is None:
            return
        if scope.group is not None and self.regions.group(scope.group) is None:
            yield dangling("group", scope.group, self.regions.groups(), path + ("group",))
        for i, code in enumerate(scope.provinces):
            yield from self.region(code, path + ("provinces", i))
        yield from self.region(scope.province, path + ("province",))

    def item(self, item: m.Item) -> Iterator[Finding]:
        yield from self.ref("department", self.departments, item.department, ("department",))
        for i, cite in enumerate(item.legal_basis):
            yield from self.citation(cite, ("legal_basis", i))
        for i, cond in enumerate(item.conditions):
            for j, cite in enumerate(cond.basis):
                yield from self.citation(cite, ("conditions", i, "basis", j))
        for i, use in enumerate(item.materials):
            yield from self._material(use, ("materials", i))
        yield from self._limits_and_fees(item)
        yield from self.scope(item.scope, ("scope",))
        for mode in item.modes.offered():
            yield from self.scope(getattr(item.modes, mode).scope, ("modes", mode, "scope"))
        if item.presence.basis:
            yield from self.citation(item.presence.basis, ("presence", "basis"))
        for i, result in enumerate(item.results):
            yield from self.ref("licence", self.licences, result.licence, ("results", i, "licence"))

    def _material(self, use: m.MaterialUse, path: KeyPath) -> Iterator[Finding]:
        yield from self.ref("material", self.materials, use.material, path + ("material",))
        for j, lic in enumerate(use.licences):
            yield from self.ref("licence", self.licences, lic, path + ("licences", j))
        if use.shared_data:
            yield from self.ref("department", self.departments, use.shared_data.department,
                                path + ("shared_data", "department"))

    def _limits_and_fees(self, item: m.Item) -> Iterator[Finding]:
        for name in ("legal_limit", "promised_limit"):
            limit = getattr(item, name)
            if limit is not None and limit.basis:
                yield from self.citation(limit.basis, (name, "basis"))
            if limit is not None and limit.extension and limit.extension.basis:
                yield from self.citation(limit.extension.basis, (name, "extension", "basis"))
        for i, code in enumerate(item.promised_limit.set_by if item.promised_limit else ()):
            yield from self.region(code, ("promised_limit", "set_by", i))
        if item.fees is None:
            return
        if item.fees.basis:
            yield from self.citation(item.fees.basis, ("fees", "basis"))
        for i, entry in enumerate(item.fees.entries):
            yield from self.citation(entry.basis, ("fees", "entries", i, "basis"))

    def licence(self, lic: m.Licence, path: KeyPath) -> Iterator[Finding]:
        yield from self.ref("department", self.departments, lic.issuer, path + ("issuer",))

    def tasklist(self, tasks: m.TaskList) -> Iterator[Finding]:
        batches = {b.id for b in tasks.batches}
        for i, task in enumerate(tasks.tasks):
            if task.batch not in batches:
                yield dangling("batch", task.batch, batches, ("tasks", i, "batch"))
            yield from self.ref("department", self.departments, task.department, ("tasks", i, "department"))
            for j, item_id in enumerate(task.items):
                yield from self.ref("item", self.items, item_id, ("tasks", i, "items", j))

    def implementation(self, impl: m.ImplementationList) -> Iterator[Finding]:
        yield from self.accepting(impl.region, ("region",))
        offices = {o.id for o in impl.offices}
        for i, office in enumerate(impl.offices):
            yield from self.accepting(office.region, ("offices", i, "region"))
        for i, entry in enumerate(impl.items):
            yield from self.ref("item", self.items, entry.item, ("items", i, "item"))
            for j, office_id in enumerate(entry.offices):
                yield from self.ref("office", offices, office_id, ("items", i, "offices", j))

    def cases(self, cases: m.CaseFile) -> Iterator[Finding]:
        yield from self.ref("item", self.items, cases.item, ("item",))
        for i, case in enumerate(cases.cases):
            if case.legacy_on is not None:
                yield Finding(code="TB060", path=("cases", i, "on"), at_key=True)
            yield from self.accepting(case.region, ("cases", i, "region"), case.date)
