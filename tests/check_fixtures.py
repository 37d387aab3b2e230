"""The check fixtures: for every check, patches on ``tests/fixtures/minimal`` that trigger it, and
near misses that must not.

Each fixture lists *every* diagnostic ``check`` gives on the patched rule set, as
(code, file, line, column, text at that position), so a fixture shows both where its finding is
and that the patch causes nothing else.  A fixture written ``about`` a code fails for it when it
lists that code and passes for it when it does not.  ``tests/test_checks.py`` runs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .patching import ITEM, Patch

P = Patch
LAWS, MATERIALS = "registries/laws.yaml", "registries/materials.yaml"
LICENCES, DEPARTMENTS = "registries/licences.yaml", "registries/departments.yaml"
LIST, CASES, TASKS = "regions/510104.yaml", "cases/demo-item.yaml", "tasklist.yaml"
V2, OTHER = "items/demo/demo-item@2025-06-01.yaml", "items/demo/other-item.yaml"


class Finding(NamedTuple):
    code: str
    file: str
    line: int
    column: int
    text: str  # what the rule file says at line:column


@dataclass(frozen=True)
class Fixture:
    about: tuple[str, ...]
    patches: tuple[Patch, ...]
    findings: tuple[Finding, ...]

    @property
    def id(self) -> str:
        return "+".join(self.about) + ("-fails" if self.fails() else "-passes")

    def fails(self) -> set[str]:
        return set(self.about) & {f.code for f in self.findings}


def fx(about: str, *patches: Patch, found: Iterable[tuple] = ()) -> Fixture:
    """A fixture about the codes in ``about`` (space-separated)."""
    return Fixture(tuple(about.split()), patches, tuple(Finding(*f) for f in found))


#: codes whose near miss is the minimal rule set itself (it passes ``check`` clean)
BASE_PASSES = {
    "TB621": "the proxy mode states its tracing",
    "TB802": "the office lies in the list's own county",
    "TB803": "the office publishes both phones",
    "TB804": "the office publishes two different phones",
    "TB902": "the reviewed item states its fees and its promised limit",
    "TB910": "the cases make the only condition pass and fail",
    "TB911": "the item has cases",
}

PRESENCE = "presence:\n  required: true\n  visits: 1\n  basis: {law: demo-law, article: 第二条}\n"
PRESENCE_BASIS = "  basis: {law: demo-law, article: 第二条}\n"
PROXY_CHECKS = "checks: [形式审查, 身份核验]"
TRACING = "    tracing: 寄递单号全程留痕\n"
MODES = "modes:\n  proxy:\n    receivers: [跨省通办窗口]\n    checks: [形式审查, 身份核验]\n    transfer: 邮政寄递\n" \
        "    result_delivery: [post]\n" + TRACING
PROMISED = "promised_limit: {value: 10, unit: working_days}\n"
FEES = "fees:\n  free: false\n  entries:\n" \
       '    - {id: renew, name: 换领工本费, amount: 20, when: reason == "expired", basis: {law: demo-pricing}}\n' \
       '    - {id: lost, name: 补领工本费, amount: 40, when: reason == "lost", basis: {law: demo-pricing}}\n'
IN_LIST = "    offices: [hall]\n"
FOREIGN_PROMISE = ("promised_limit: {value: 10, unit: working_days}",
                   'promised_limit: {value: 10, unit: working_days, set_by: ["110000"]}')
PHONES = '    consult_phone: "028-12345678"\n    complaint_phone: "12345"\n'
LEGAL = "legal_limit: {value: 20, unit: working_days,"
CONDITION_BASIS = "    basis: [{law: demo-law, article: 第一条}]\n"
MINOR_CASE = '  - name: 未成年人\n    date: 2025-06-02\n    region: "510104"\n' \
             '    facts: {age: 10, reason: expired, hukou_region: "500112"}\n    expect: {outcome: ineligible}\n'
#: (line, key) of each fact the demo item states (TB907 reports at the key, column 1)
STATED_FACTS = ((9, "legal_basis"), (23, "conditions"), (28, "materials"), (35, "legal_limit"),
                (36, "promised_limit"), (37, "fees"), (42, "modes"), (49, "presence"), (53, "scope"),
                (55, "effective_from"))
OFFICIAL_MEDIA_FEES = "  - {title: 新华社报道, kind: official-media, supports: [fees], document: 新华社北京1月2日电}\n"
SECONDARY_FEES = "  - {title: 转载, kind: secondary, supports: [fees]}\n"
REPOST = "  - {title: 转载, kind: official, supports: [fees], url: http://repost.example.com/a}\n"
AT_URL = REPOST.index("url: ") + 6  # the column of the repost's url
#: (line, column) of the item's citations of demo-law: legal_basis, the condition, legal_limit, presence
DEMO_LAW_CITED = ((10, 10), (27, 19), (35, 59), (52, 16))

ONLINE = P(ITEM, "modes:\n", "modes:\n  online:\n    platforms: [天府通办]\n")
NOT_REQUIRED = P(ITEM, PRESENCE, "presence: {required: false}\n")
NO_VISITS = P(ITEM, PRESENCE, "presence: {required: false, visits: 0}\n")
NO_FEE_EXPECTED = P(CASES, 'expect: {outcome: eligible, fee: "20"}', "expect: {outcome: eligible}")
ADD_MATERIAL = P(MATERIALS, "kind: form}\n", "kind: form}\n  - {id: photo, name: 证件照片}\n")
ADD_LICENCE = P(LICENCES, "issuer: police}\n", "issuer: police}\n  - {id: e-photo, name: 电子证件照, issuer: police}\n")
ADD_DEPARTMENT = P(DEPARTMENTS, "示例民政厅}\n", "示例民政厅}\n  - {id: tax, name: 示例税务局}\n")
STEP_ON_SITE = P(ITEM, "effective_from:", "process:\n  - {name: 领取证件, presence: true}\neffective_from:")
DRAFT = P(ITEM, "status: reviewed", "status: draft")
SECOND_VERSION = P(ITEM, "effective_from: 2025-01-01\n", "effective_from: 2025-06-01\n", to=V2)
OTHER_ITEM = P(ITEM, "id: demo-item\n", "id: other-item\n", to=OTHER)


def add_law(law: str, kind: str) -> Patch:
    end = "      - title: 测试用的收费文件\n"
    return P(LAWS, end, end + f"  - {{id: {law}, title: 另一文件, kind: {kind}, sources: [{{title: 测试}}]}}\n")


def until(day: str) -> Patch:
    return P(ITEM, "effective_from: 2025-01-01\n", f"effective_from: 2025-01-01\neffective_until: {day}\n")


def steps(first: int, second: int) -> Patch:
    return P(ITEM, "effective_from:", f"process:\n  - {{name: 审核, limit: {{value: {first}, unit: working_days}}}}\n"
             f"  - {{name: 决定, limit: {{value: {second}, unit: working_days}}}}\neffective_from:")


def promise(days: int) -> Patch:
    return P(ITEM, PROMISED, f"promised_limit: {{value: {days}, unit: working_days}}\n")


def implemented_in(county: str) -> Patch:
    code = f"511A0116400001-{county}000000-000-11511300008778693M-1-00"
    return P(LIST, IN_LIST, IN_LIST + f"    implementation_code: {code}\n")


def repealed(day: str) -> Patch:
    kind = "    kind: administrative-regulation\n"
    return P(LAWS, kind, kind + f"    repealed_on: {day}\n")


FIXTURES = [
    # TB31x: registry entries nothing refers to
    fx("TB310", add_law("extra-law", "rule"), found=[("TB310", LAWS, 16, 10, "extra-law")]),
    fx("TB310", add_law("extra-law", "rule"), P(ITEM, "legal_basis:\n", "legal_basis:\n  - {law: extra-law}\n")),
    fx("TB311", ADD_MATERIAL, found=[("TB311", MATERIALS, 4, 10, "photo")]),
    fx("TB311", ADD_MATERIAL, P(ITEM, "materials:\n", "materials:\n  - material: photo\n")),
    fx("TB312", ADD_LICENCE, found=[("TB312", LICENCES, 3, 10, "e-photo")]),
    fx("TB312", ADD_LICENCE, P(ITEM, "licences: [e-id-card]", "licences: [e-id-card, e-photo]")),
    fx("TB313", ADD_DEPARTMENT, found=[("TB313", DEPARTMENTS, 4, 10, "tax")]),
    fx("TB313", ADD_DEPARTMENT, P(LICENCES, "issuer: police", "issuer: tax")),  # a licence issuer counts
    # TB50x: identity, 四级四同 (the cases, all on 2025-06-02, cover one version only: TB910)
    fx("TB501", SECOND_VERSION, found=[("TB501", V2, 55, 17, "2025-06-01"), ("TB910", V2, 24, 9, "adult")]),
    fx("TB501 TB503", SECOND_VERSION, until("2025-06-01"), found=[("TB910", ITEM, 24, 9, "adult")]),
    fx("TB502", SECOND_VERSION, until("2025-03-01"),
       found=[("TB502", V2, 55, 17, "2025-06-01"), ("TB910", ITEM, 24, 9, "adult")]),
    fx("TB502", SECOND_VERSION, until("2025-03-01"),
       P(V2, "status: reviewed\n", "status: reviewed\nnote: 2025-03-01至2025-05-31期间暂停办理（测试）。\n"),
       found=[("TB910", ITEM, 24, 9, "adult")]),
    fx("TB503", OTHER_ITEM, found=[("TB503", OTHER, 2, 15, '"0000000001"'), ("TB911", OTHER, 1, 5, "other-item")]),
    fx("TB503 TB911", OTHER_ITEM, P(OTHER, '"0000000001"', '"0000000002"'),
       found=[("TB911", OTHER, 1, 5, "other-item")]),
    fx("TB504", P(LIST, IN_LIST, IN_LIST + "    name: 示例事项（锦江区）\n"),
       found=[("TB504", LIST, 12, 11, "示例事项（锦江区）")]),
    fx("TB504", P(LIST, IN_LIST, IN_LIST + '    name: 示例事项\n    catalog_code: "0000000001"\n'
                                           '    item_type: "01"\n')),
    # TB60x: presence on site
    fx("TB601", P(ITEM, PRESENCE_BASIS, ""), found=[("TB601", ITEM, 50, 13, "true")]),
    fx("TB601 TB604", ONLINE, NO_VISITS),
    fx("TB602", P(ITEM, PRESENCE_BASIS, "  basis: {law: demo-law}\n"), found=[("TB602", ITEM, 52, 16, "demo-law}")]),
    fx("TB602", ONLINE, P(ITEM, PRESENCE, "presence: {required: false, visits: 0, basis: {law: demo-law}}\n")),
    fx("TB603", P(ITEM, "article: 第二条}", "article: 第一条}"), found=[("TB603", ITEM, 52, 35, "第一条}")]),
    fx("TB603", ONLINE,
       P(ITEM, PRESENCE, "presence: {required: false, visits: 0, basis: {law: demo-law, article: 第一条}}\n")),
    fx("TB604", P(ITEM, PRESENCE, "presence: {required: false, visits: 1}\n"),
       found=[("TB604", ITEM, 49, 37, "1}"), ("TB651", ITEM, 42, 1, "modes:")]),
    fx("TB604", P(ITEM, "  visits: 1\n", "  visits: 0\n"), found=[("TB604", ITEM, 50, 13, "true")]),
    # TB61x-TB65x: handling modes
    fx("TB610", ONLINE, found=[("TB610", ITEM, 43, 3, "online:")]),
    fx("TB610", ONLINE, NOT_REQUIRED),
    fx("TB611", ONLINE, NOT_REQUIRED, STEP_ON_SITE, found=[("TB611", ITEM, 55, 28, "true}")]),
    fx("TB611", ONLINE, NOT_REQUIRED, STEP_ON_SITE,
       P(ITEM, "    platforms: [天府通办]\n",
         "    platforms: [天府通办]\n    substitutes: [{step: 领取证件, by: 快递送达}]\n")),
    fx("TB620", P(ITEM, PROXY_CHECKS, "checks: [形式审查]"), found=[("TB620", ITEM, 45, 13, "[形式审查]")]),
    fx("TB620", P(ITEM, PROXY_CHECKS, "checks: [材料形式审查, 申请人身份核验]")),  # containing the words counts
    fx("TB621", P(ITEM, TRACING, ""), found=[("TB621", ITEM, 43, 3, "proxy:")]),
    fx("TB630", P(ITEM, "modes:\n", "modes:\n  joint: {authorities: [迁入地公安机关]}\n"),
       found=[("TB630", ITEM, 43, 24, "[迁入地公安机关]")]),
    fx("TB630", P(ITEM, "modes:\n", "modes:\n  joint: {authorities: [迁入地公安机关, 迁出地公安机关]}\n")),
    fx("TB640", P(ITEM, TRACING, TRACING + "    scope: {kind: nationwide}\n"),
       found=[("TB640", ITEM, 49, 12, "{kind: nationwide}")]),
    fx("TB640", P(ITEM, TRACING, TRACING + '    scope: {kind: provinces, provinces: ["510000"]}\n')),
    fx("TB650", P(ITEM, MODES, "modes: {}\n"), found=[("TB650", ITEM, 42, 1, "modes:")]),
    fx("TB650", P(ITEM, MODES, "modes:\n  joint: {authorities: [迁入地公安机关, 迁出地公安机关]}\n")),
    fx("TB650", P(ITEM, MODES, "modes:\n  direct: {windows: [公安机关出入境管理窗口]}\n")),
    fx("TB651", NOT_REQUIRED, found=[("TB651", ITEM, 42, 1, "modes:")]),
    fx("TB651", NOT_REQUIRED, P(ITEM, TRACING, TRACING + "    note: 证件须由业务属地制发，暂不能全程网办。\n")),
    # TB70x-TB71x: time limits (legal 20 working days, promised 10) and fees
    fx("TB701", promise(30), found=[("TB701", ITEM, 36, 25, "30")]),
    fx("TB701", promise(20)),
    fx("TB702", promise(3), P(ITEM, LEGAL, "legal_limit: {value: 4, unit: calendar_days,"),
       found=[("TB702", ITEM, 36, 34, "working_days}")]),
    fx("TB702", promise(3), P(ITEM, LEGAL, "legal_limit: {value: 20, unit: calendar_days,")),
    fx("TB703", steps(15, 10), found=[("TB703", ITEM, 35, 22, "20")]),
    fx("TB703", steps(10, 10)),
    fx("TB704", P(ITEM, LEGAL + " basis: {law: demo-law, article: 第一条}}",
                  "legal_limit: {value: 30, unit: working_days}"),
       found=[("TB704", ITEM, 35, 22, "30")]),
    fx("TB704", P(ITEM, LEGAL, "legal_limit: {value: 30, unit: working_days,")),
    # TB705: from 2026-06-01 148 working days end on 2026-12-31, the last day of the last notice
    fx("TB705", P(ITEM, LEGAL, "legal_limit: {value: 149, unit: working_days,"),
       found=[("TB705", "calendar/2026.yaml", 4, 7, "2026")]),
    fx("TB705", P(ITEM, LEGAL, "legal_limit: {value: 148, unit: working_days,")),
    fx("TB710", add_law("demo-standard", "standard"), P(ITEM, "law: demo-pricing}", "law: demo-standard}"),
       found=[("TB710", ITEM, 40, 84, "demo-standard")]),
    fx("TB710", add_law("demo-rule", "rule"), P(ITEM, "law: demo-pricing}", "law: demo-rule}")),
    fx("TB711", P(ITEM, FEES, "fees: {free: true}\n"), NO_FEE_EXPECTED,
       found=[("TB711", ITEM, 37, 14, "true"), ("TB310", LAWS, 11, 9, "demo-pricing")]),
    fx("TB711", P(ITEM, FEES, "fees: {free: true, basis: {law: demo-pricing}}\n"), NO_FEE_EXPECTED),
    # TB80x: regional lists; TB850: the task list
    fx("TB801", P(LIST, IN_LIST, IN_LIST + "    promised_limit: {value: 15, unit: working_days}\n"),
       found=[("TB801", LIST, 12, 29, "15")]),
    fx("TB801", P(LIST, IN_LIST, IN_LIST + "    promised_limit: {value: 10, unit: working_days}\n")),
    # a promise another place made (set_by) binds no region here: only the legal limit (20) does
    fx("TB801", P(ITEM, FOREIGN_PROMISE[0], FOREIGN_PROMISE[1]),
       P(LIST, IN_LIST, IN_LIST + "    promised_limit: {value: 15, unit: working_days}\n")),
    fx("TB801", P(ITEM, FOREIGN_PROMISE[0], FOREIGN_PROMISE[1]),
       P(LIST, IN_LIST, IN_LIST + "    promised_limit: {value: 25, unit: working_days}\n"),
       found=[("TB801", LIST, 12, 29, "25")]),
    fx("TB802", P(LIST, '    region: "510104"\n', '    region: "500112"\n'),
       found=[("TB802", LIST, 6, 13, '"500112"')]),
    fx("TB803", P(LIST, PHONES, ""), found=[("TB803", LIST, 4, 9, "hall")]),
    fx("TB804", P(LIST, 'complaint_phone: "12345"', 'complaint_phone: "028-12345678"'),
       found=[("TB804", LIST, 8, 22, '"028-12345678"')]),
    fx("TB805", P("regions/110000.yaml", "", 'region: "110000"\nname: 北京市实施清单\nitems:\n  - item: demo-item\n'),
       found=[("TB805", "regions/110000.yaml", 4, 11, "demo-item")]),
    fx("TB805", P("regions/500000.yaml", "", 'region: "500000"\nname: 重庆市实施清单\nitems:\n  - item: demo-item\n')),
    fx("TB806", implemented_in("511602"), found=[("TB806", LIST, 12, 26, "511A0116400001-511602000000")]),
    fx("TB806", implemented_in("510104")),
    fx("TB850 TB903", DRAFT, found=[("TB850", TASKS, 8, 9, "t1")]),
    fx("TB850", DRAFT, P(TASKS, "deadline: 2020-12-31", "deadline: 2026-06-01")),  # not passed on its day
    # TB90x: content; TB91x: cases
    fx("TB901", P(ITEM, CONDITION_BASIS, ""), found=[("TB901", ITEM, 24, 9, "adult")]),
    fx("TB901", P(ITEM, CONDITION_BASIS, "    basis: [{law: demo-law}]\n")),
    fx("TB902", P(ITEM, PROMISED, ""), found=[("TB902", ITEM, 57, 9, "reviewed")]),
    fx("TB903", DRAFT, P(ITEM, PROMISED, ""), found=[("TB903", ITEM, 57, 9, "draft"), ("TB850", TASKS, 8, 9, "t1")]),
    fx("TB904", P(ITEM, "text: 年满16周岁", "text: 年满18周岁"), found=[("TB904", ITEM, 25, 11, "年满18周岁")]),
    fx("TB904", P(ITEM, "text: 年满16周岁", "text: 年满十六周岁")),
    fx("TB905", repealed("2025-01-01"), found=[("TB905", ITEM, *at, "demo-law") for at in DEMO_LAW_CITED]),
    fx("TB905 TB906", repealed("2025-07-01"), found=[("TB906", ITEM, *at, "demo-law") for at in DEMO_LAW_CITED]),
    fx("TB906", repealed("2025-07-01"), until("2025-07-01")),
    fx("TB907", P(ITEM, "kind: official", "kind: secondary"),
       found=[("TB907", ITEM, line, 1, key) for line, key in STATED_FACTS]),
    fx("TB907", P(ITEM, " fees,", ""), found=[("TB907", ITEM, 37, 1, "fees")]),  # named by no source
    fx("TB907", P(ITEM, " fees,", ""), P(ITEM, "status:", SECONDARY_FEES + "status:"),
       found=[("TB907", ITEM, 37, 1, "fees")]),  # named by a secondary source only
    fx("TB907", DRAFT, P(ITEM, "kind: official", "kind: secondary"), found=[("TB850", TASKS, 8, 9, "t1")]),
    fx("TB907", P(ITEM, " fees,", ""), P(ITEM, "status:", SECONDARY_FEES + OFFICIAL_MEDIA_FEES + "status:")),
    fx("TB909", P(ITEM, ", document: 示例〔2025〕1号}", "}"), found=[("TB909", ITEM, 57, 26, "official")]),
    fx("TB909", P(ITEM, "status:", REPOST + "status:"), found=[("TB909", ITEM, 58, AT_URL, "http://repost.example.com/a")]),
    fx("TB909", P(ITEM, "status:", REPOST.replace("kind: official", "kind: official-media") + "status:"),
       found=[("TB909", ITEM, 58, AT_URL + 6, "http://repost.example.com/a")]),
    fx("TB909", P(ITEM, "status:", REPOST.replace("}", ", document: 新华社北京6月28日电}") + "status:"),
       found=[("TB909", ITEM, 58, AT_URL, "http://repost.example.com/a")]),  # the original's date is missing too
    fx("TB909", P(ITEM, "status:", REPOST.replace("}", ", document: 国函〔2021〕48号, published: 2021-05-12}")
                  + "status:")),
    fx("TB909", P(ITEM, "status:", REPOST.replace("repost.example.com", "www.gov.cn") + "status:")),
    fx("TB909", P(ITEM, "status:", REPOST.replace("repost.example.com", "sc.people.com.cn")
                  .replace("kind: official", "kind: official-media") + "status:")),
    fx("TB909", P(ITEM, "status:", REPOST.replace("repost.example.com", "www.gov.cn.example.com") + "status:"),
       found=[("TB909", ITEM, 58, AT_URL, "http://www.gov.cn.example.com/a")]),  # only gov.cn itself and its subdomains
    fx("TB909", P(ITEM, "status:", REPOST.replace("repost.example.com", "www.gov.cn@repost.example.com") + "status:"),
       found=[("TB909", ITEM, 58, AT_URL, "http://www.gov.cn@repost.example.com/a")]),  # the host is after the @
    fx("TB909", P(ITEM, "status:", REPOST.replace("repost.example.com", "news.cn") + "status:"),
       found=[("TB909", ITEM, 58, AT_URL, "http://news.cn/a")]),  # a media site does not publish official texts
    fx("TB909", P(ITEM, "status:", REPOST.replace("kind: official", "kind: secondary") + "status:")),
    fx("TB909", DRAFT, P(ITEM, "status:", REPOST + "status:"), found=[("TB850", TASKS, 8, 9, "t1")]),
    fx("TB910", P(CASES, MINOR_CASE, ""), found=[("TB910", ITEM, 24, 9, "adult")]),
]
