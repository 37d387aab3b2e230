"""Write ``rules/registries/regions/gb2260.yaml`` from the areacodes dataset's yearly tables.

The dataset (yescallop/areacodes, CC0 1.0) keeps one table per year, ``data/<year>.txt``, each
line ``<code> <name>``: every province-, prefecture- and county-level code of the People's
Republic as the Ministry of Civil Affairs published it, as of 31 December of that year (the
newest table: as of its last recorded change).  It writes the registry's compact form, code →
name (or name and days of use); level and parent follow from the code (``regions.py``).  Usage::

    python tools/regions_from_dataset.py <checkout>/data -o rules/registries/regions/gb2260.yaml

Which codes: every code in use on any day from ``--since`` (1 January) on, i.e. every code of
the tables from ``since - 1`` (in use on 1 January of ``since``) to the newest.

Dates from years — the tables say in which year a code appeared or went, not the day, so the
mapping keeps every code valid on every day it may have been in use:

* a code first listed in the table of year Y (and not in Y - 1) gets ``valid_from: Y-01-01``;
  a code already in the first table read gets no ``valid_from`` (in use before the range);
* a code last listed in the table of year Y (and not in Y + 1) gets
  ``valid_until: (Y+1)-12-31``, the last day of the year it went; a code in the newest table
  gets none (still in use).

In the year of a change both the old and the new code are therefore accepted.  A code whose
name changed keeps its newest name.

The output is a function of the tables and the arguments only (sorted, no clock), so two runs
give identical bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

LINE = re.compile(r"^([0-9]{6}) (\S.*)$")
#: names YAML reads as plain text; anything else is written quoted
PLAIN_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·]+$")

DEFAULTS = {
    "name": "areacodes 中华人民共和国县级以上行政区划代码历史数据（yescallop/areacodes）",
    "url": "https://github.com/yescallop/areacodes",
    "licence": "CC0-1.0",
    "version": ("data/2019.txt–2024.txt: commit eed219a0678d36bacaa717f62443b10e869f0291 (2025-11-04); "
                "data/2025.txt: commit 2da87e7648f0da7e10dea39e8a613107ed3fe273"),
    "date": "2025-11-07",
    "retrieved": "2026-11-30",
}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    first: int  # first table listing the code
    last: int  # last table listing the code


def read_tables(folder: Path, first: int) -> dict[int, dict[str, str]]:
    """``{year: {code: name}}`` for every ``<year>.txt`` in ``folder`` from ``first`` on."""
    tables = {}
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9].txt")):
        year = int(path.stem)
        if year >= first:
            tables[year] = read_table(path)
    years = sorted(tables)
    if not years or years[0] != first or years != list(range(first, years[-1] + 1)):
        raise SystemExit(f"{folder}: need the tables of every year from {first} on, found {years}")
    return tables


def read_table(path: Path) -> dict[str, str]:
    table = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        found = LINE.match(line.strip())
        if not found or found.group(1) in table:
            raise SystemExit(f"{path}:{number}: not a '<code> <name>' line, or a code listed twice: {line!r}")
        table[found.group(1)] = found.group(2).strip()
    return table


def entries(tables: dict[int, dict[str, str]]) -> list[Entry]:
    """One entry per code, from the years it is listed in (which must be consecutive)."""
    years: dict[str, list[int]] = {}
    for year in sorted(tables):
        for code in tables[year]:
            years.setdefault(code, []).append(year)
    out = []
    for code in sorted(years):
        listed = years[code]
        if listed != list(range(listed[0], listed[-1] + 1)):
            raise SystemExit(f"code {code} is listed in {listed}: a reused code needs an entry per period")
        out.append(Entry(code, tables[listed[-1]][code], listed[0], listed[-1]))
    return out


def quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entry_lines(entry: Entry, first: int, last: int) -> list[str]:
    """``"110101": 东城区``, or a block mapping with the code's days of use."""
    name = entry.name if PLAIN_NAME.match(entry.name) else quoted(entry.name)
    days = ([f"    valid_from: {entry.first}-01-01"] if entry.first > first else []) + (
        [f"    valid_until: {entry.last + 1}-12-31"] if entry.last < last else [])
    if not days:
        return [f'  "{entry.code}": {name}']
    return [f'  "{entry.code}":', f"    name: {name}", *days]


ORIGIN = "数据集原始来源：民政部《中华人民共和国县级以上行政区划代码》、县级以上行政区划变更情况、国务院公报。"
NOTE = ("{first}—{last} 年各年数据表（截至当年 12 月 31 日；{last} 年截至 {date}）中 {since} 起任何一天在用的代码。"
        "数据表只记年份，换算为日期时取宽：某代码首见于 Y 年表则 valid_from 为 Y-01-01（首张表即有者不写）；"
        "末见于 Y 年表则 valid_until 为 (Y+1)-12-31，即其停用那一年的最后一天（最新表仍有者不写）。"
        "变更当年新旧代码都接受，任何一个代码在其可能在用的日子都不被拒绝。名称取最新。")


def header(args, count: int, first: int, last: int) -> list[str]:
    since = f"{first + 1}-01-01"
    note = NOTE.format(first=first, last=last, date=args.date, since=since)
    return [
        "# yaml-language-server: $schema=../../../schema/regions.schema.json",
        "# 生成文件，请勿手工修改：python tools/regions_from_dataset.py <areacodes>/data -o 本文件",
        f"# 全国省级、地级、县级行政区划代码（GB/T 2260 的 6 位代码）{count} 个，来源与换算见 dataset。",
        "# 区域组（川渝等）在同目录的 groups.yaml。",
        "dataset:",
        f"  name: {quoted(args.name)}",
        f"  url: {args.url}",
        f"  licence: {args.licence}",
        f"  version: {quoted(args.version)}",
        f"  date: {args.date}",
        f"  retrieved: {args.retrieved}",
        f"  since: {since}",
        "  generator: tools/regions_from_dataset.py",
        f"  note: {quoted(note)}",
        "sources:",
        "  - title: 中华人民共和国县级以上行政区划代码（民政部），yescallop/areacodes 汇编",
        f"    url: {args.url}",
        f"    accessed: {args.retrieved}",
        "    supports: [regions]",
        f"    note: {quoted(ORIGIN)}",
        "codes:",
    ]


def render(tables: dict[int, dict[str, str]], args) -> str:
    first, last = min(tables), max(tables)
    found = entries(tables)
    lines = header(args, len(found), first, last)
    for entry in found:
        if entry.code.endswith("0000"):
            lines.append(f"  # ---- {entry.name}")
        lines.extend(entry_lines(entry, first, last))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the dataset's data/ folder (<year>.txt tables)")
    parser.add_argument("-o", "--output", type=Path, help="write here (default: standard output)")
    parser.add_argument("--since", type=int, default=2020, help="first year of use covered (default 2020)")
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key}", default=value, help=f"dataset {key} recorded in the file")
    args = parser.parse_args(argv)
    text = render(read_tables(args.data, args.since - 1), args)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
