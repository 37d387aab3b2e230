"""Synthetic rule sets for benchmarks: N item files of ~100 lines of Chinese text each.

The registries, calendar and regions come from ``tests/fixtures/minimal`` so every generated
item links cleanly.  ``regional_lists`` adds implementation lists for the check benchmark.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"

ITEM = """\
# yaml-language-server: $schema=../../../schema/item.schema.json
# 合成事项 {n}：用于基准测试的规则文件，内容为随机组合的中文文本。
id: synthetic-{n}
catalog_code: "{code}"
name: 合成政务服务事项第{n}号（跨省通办基准测试）
item_type: "{item_type}"
levels: ["3", "4"]
department: police
service_objects: ["1"]
themes: [hukou, residence]
legal_basis:
  - law: demo-law
    article: 第一条
    note: 依据示例条例第一条设定，适用于全部受理地区。
facts:
  - id: age
    label: 申请人年龄
    type: int
  - id: reason
    label: 申请原因
    type: enum
    values: {{expired: 有效期满换领, lost: 丢失补领, damaged: 损坏换领}}
  - id: hukou_region
    label: 户籍地行政区划
    type: region
  - id: is_resident
    label: 是否持有居住证
    type: bool
  - id: income
    label: 月收入（元）
    type: decimal
conditions:
  - id: adult
    text: 申请人年满{age}周岁
    when: age >= {age}
    basis: [{{law: demo-law, article: 第一条}}]
  - id: resident
    text: 申请人在受理地持有有效居住证
    when: is_resident
    basis: [{{law: demo-law}}]
  - id: known-reason
    text: 申请原因为有效期满、丢失或损坏
    when: reason in {{"expired", "lost", "damaged"}}
    basis: [{{law: demo-law}}]
materials:
  - material: id-card
    originals: 1
    copies: 1
    licences: [e-id-card]
    note: 本人有效居民身份证原件，可用电子证照代替。
  - material: application-form
    required: false
    required_when: reason == "lost"
    shared_data: {{department: civil, data: 申请人基本信息}}
    note: 丢失补领时填写的申请表，可通过数据共享获取。
legal_limit:
  value: 20
  unit: working_days
  basis: {{law: demo-law, article: 第一条}}
  note: 自受理之日起二十个工作日内作出决定。
promised_limit:
  value: {promised}
  unit: working_days
  note: 承诺在{promised}个工作日内办结。
fees:
  free: false
  entries:
    - {{id: renew, name: 换领工本费, amount: 20, when: reason == "expired", basis: {{law: demo-pricing}}}}
    - {{id: lost, name: 补领工本费, amount: 40, when: reason != "expired", basis: {{law: demo-pricing}}}}
modes:
  proxy:
    receivers: [跨省通办窗口, 政务服务中心综合窗口]
    checks: [形式审查, 身份核验]
    transfer: 邮政寄递至户籍地业务部门
    result_delivery: [post, window]
    tracing: 寄递单号全程留痕，收件和办理责任可追溯。
presence:
  required: true
  visits: 1
  basis: {{law: demo-law, article: 第二条}}
  reason: 需要现场采集人像和指纹信息。
scope: {{kind: group, group: chuanyu}}
routing: {{handling_region_fact: hukou_region}}
results:
  - name: 合成事项办理结果
delivery: [post, window]
process:
  - name: 受理
    actor: 受理地窗口
    presence: true
    description: 受理地窗口进行形式审查和身份核验，收取材料。
  - name: 审核
    actor: 户籍地业务部门
    limit: {{value: 10, unit: working_days}}
    description: 户籍地业务部门审核材料并作出决定。
  - name: 送达
    actor: 受理地窗口
    description: 通过邮政寄递或窗口领取的方式送达结果。
effective_from: 2025-01-01
sources:
  - title: 合成数据（基准测试）
    kind: secondary
    note: 本文件由 benchmarks/synthetic.py 生成，不代表真实事项。
status: draft
note: 合成事项第{n}号，仅用于测量加载、校验、检查和渲染的速度。
"""


def item_text(n: int) -> str:
    return ITEM.format(n=n, code=f"{n:010d}", item_type=("01", "07", "20")[n % 3], age=16 + n % 3,
                       promised=5 + n % 5)


def make_rules(target: Path, count: int, regional_lists: int = 0) -> Path:
    """Write a rule set of ``count`` synthetic items (and lists) into ``target``."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("items", "cases", "regions", "tasklist.yaml"))
    for n in range(count):
        folder = target / "items" / f"group-{n // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"synthetic-{n}.yaml").write_text(item_text(n), encoding="utf-8")
    (target / "regions").mkdir(exist_ok=True)
    for r in range(regional_lists):
        code = f"51{r // 100 + 1:02d}{r % 100:02d}"
        lines = [f'region: "{code}"', f"name: 合成实施清单{r}", "offices:", "  - id: hall",
                 f"    name: 合成政务服务中心{r}", f'    region: "{code}"', '    consult_phone: "028-12345678"',
                 '    complaint_phone: "12345"', "items:"]
        lines += [f"  - item: synthetic-{n}\n    offices: [hall]" for n in range(r % 50, count, max(1, count // 50))]
        (target / "regions" / f"{code}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
