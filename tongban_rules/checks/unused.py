"""TB31x — registry entries nothing refers to (laws, materials, licences, departments)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .base import Context, Finding, rule


def _used(ctx: Context, kind: str) -> set[str]:
    """The ids of registry ``kind`` that some item version (or another registry file) refers to."""
    used = {ref for versions in ctx.summaries.values() for v in versions for ref in v.refs[kind]}
    if kind == "departments":
        rs = ctx.ruleset
        used |= {lic.issuer for lic in rs.licences.values()}
        if rs.tasklist is not None:
            used |= {t.department for t in rs.tasklist.tasks if t.department}
    return used


#: which file kinds may refer to entries of each registry
_REFERRERS = {"laws": {"item"}, "materials": {"item"}, "licences": {"item"},
              "departments": {"item", "licences", "tasklist"}}


def _unused(ctx: Context, kind: str, table: Iterable[str]) -> Iterator[Finding]:
    if ctx.broken & (_REFERRERS[kind] | {kind}):
        return  # a file that might refer to the entry did not load: cannot judge
    used = _used(ctx, kind)
    for key in sorted(set(table) - used):
        found = ctx.registry_entry(kind, key)
        if found is None:
            continue
        source, path = found
        yield Finding(target=source, path=path, params={"key": key})


@rule("TB310")
def unused_law(ctx: Context) -> Iterator[Finding]:
    """A law in the laws registry is cited by no item.

    What: every entry of ``registries/laws*.yaml`` should be cited somewhere: an item's
    ``legal_basis``, a condition's ``basis``, a time limit, a fee or the presence ``basis``.
    Why: 川办发〔2020〕76号 三（九）: the legal clean-up works from the provisions the rules
    actually rely on; an uncited law is either dead weight or a citation someone forgot.
    Example:
        laws:
          - id: old-regulation        # no item cites old-regulation
            title: 某某暂行办法
    Fix: cite the law where it applies, or delete the entry.
    """
    return _unused(ctx, "laws", ctx.ruleset.laws)


@rule("TB311")
def unused_material(ctx: Context) -> Iterator[Finding]:
    """A material in the materials registry is required by no item.

    What: every entry of ``registries/materials*.yaml`` should appear in some item's
    ``materials``.
    Why: 川办发〔2020〕76号 二（一）: 申请材料 are part of the unified business rules; a material no
    item needs is either obsolete or a sign that an item lost a material by mistake.
    Example:
        materials:
          - {id: household-register-copy, name: 户口簿复印件}   # no item uses it
    Fix: add the material to the item that needs it, or delete the entry.
    """
    return _unused(ctx, "materials", ctx.ruleset.materials)


@rule("TB312")
def unused_licence(ctx: Context) -> Iterator[Finding]:
    """An 电子证照 type is neither accepted nor issued by any item.

    What: every entry of ``registries/licences*.yaml`` should be accepted instead of a material
    (``materials[].licences``) or issued as a result (``results[].licence``) by some item.
    Why: 川办发〔2020〕76号 二（五）: 电子证照 are listed so that they can be used across regions
    (跨地区互认互信); the 电子证照清单 derived from the rules would list a licence nothing uses.
    Example:
        licences:
          - {id: e-driving-licence, name: 电子驾驶证, issuer: police}   # referenced nowhere
    Fix: reference the licence where an item accepts or issues it, or delete the entry.
    """
    return _unused(ctx, "licences", ctx.ruleset.licences)


@rule("TB313")
def unused_department(ctx: Context) -> Iterator[Finding]:
    """A department is referred to by no item, licence or task.

    What: every entry of ``registries/departments*.yaml`` should be an item's ``department``,
    the source of shared data (``shared_data.department``), a licence ``issuer`` or a task's
    ``department``.
    Why: 川办发〔2020〕76号 二（六）: the 数据共享需求清单 and the department indexes are derived
    from the rules; an unreferenced department is noise in them.
    Example:
        departments:
          - {id: tax, name: 税务局}      # no item, licence or task names tax
    Fix: reference the department where it belongs, or delete the entry.
    """
    return _unused(ctx, "departments", ctx.ruleset.departments)


CHECKS = (unused_law, unused_material, unused_licence, unused_department)
