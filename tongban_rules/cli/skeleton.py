"""The text of a new item and its case file (``tongban new``): valid at once, with comments in
Chinese saying what each key holds and what to replace.  Text, not a YAML dump, so the comments
sit beside their keys; the values filled in are ids and codes only, which need no quoting
beyond what is written here."""

from __future__ import annotations

from datetime import date

ITEM = """\
# yaml-language-server: $schema=../../../schema/item.schema.json
# 新事项骨架（由 tongban new 生成）。每个值都要按公开出处核实、改写；出处没有写明的内容不要填。
# 编辑器悬停在键上可看说明；完整示例见 README 的 “Authoring a rule file” 一节；改完运行 tongban validate 和 tongban test。
id: <ID>                          # 事项标识：与文件名相同，其他文件按此引用，定下后不要再改
name: 待填写事项名称（<ID>）        # 事项名称：与各地一致（四级四同）
# catalog_code: "..."             # 基本编码（GB/T 39046），有出处时填写
item_type: "20"                   # 事项类型（GB/T 39046 A.1）：20 公共服务事项、01 行政许可……（待核实）
levels: ["4"]                     # 行使层级（A.2）：1 国家级、2 省级、3 市级、4 县级……（待核实）
department: <DEPARTMENT>          # 实施部门：registries/departments 中的标识（同主题事项最常用的部门，待核实）
service_objects: ["1"]            # 服务对象（A.4）：1 自然人、2 企业法人……（待核实）
themes: [<THEME>]                 # 服务主题：<THEME_LABEL>；第一个主题决定文件所在目录
legal_basis:                      # 设定依据：registries/laws 中的法律法规，可写 article（条款）
  - law: <LAW>                    # 同主题事项最常用的依据，待核实
facts: []                         # 申请人信息，如 - {id: hukou_region, label: 户籍地, type: region}
conditions: []                    # 受理条件，如 - {id: ..., text: 给办事人看的句子, when: 表达式, basis: [{law: ...}]}
materials: []                     # 申请材料，如 - {material: resident-id-card}（registries/materials 中的标识）
# legal_limit: {value: 20, unit: working_days}     # 法定办结时限：有出处时填写
# promised_limit: {value: 10, unit: working_days}  # 承诺办结时限：不长于法定时限
# fees: {free: true, basis: {law: ...}}            # 收费标准：有出处时填写
modes: {}                         # 办理方式：online 全程网办 / proxy 异地代收代办 / joint 多地联办
presence: {required: false}       # 是否需要到现场：需要时写 required: true 和 basis（法律依据）（待核实）
scope: {kind: nationwide}         # 通办范围：nationwide 全国 / group 区域组 / provinces 指定省份 / intra_province 省内
effective_from: <TODAY>           # 施行日期（YYYY-MM-DD）：改为本事项规定的施行日期
sources:                          # 出处：每条事实来自哪个公开页面或文件
  - title: 待补充本事项的出处
    # url: https://...              # 出处网址
    kind: secondary               # official 官方发布 / official-media 官方媒体 / secondary 其他来源
    supports: []                  # 该出处载明的字段，如 [conditions, materials, legal_limit]
status: draft                     # 草稿；每条事实都有官方出处后才可改为 reviewed
"""

CASES = """\
# yaml-language-server: $schema=../../schema/cases.schema.json
# 判定用例（格式见 docs/cases.md）：给出申请人信息，写明期望的判定结果；tongban test 逐个核对。
# 每个受理条件都应有通过和不通过的用例，另有信息不全（undetermined）和跨省受理的用例。
item: <ID>
cases:
  - name: 尚无受理条件时可以受理（骨架用例：添加条件后改写）
    date: <TODAY>                 # 申请日期（YYYY-MM-DD）
    region: "<REGION>"            # 受理地：6 位行政区划代码，带引号
    facts: {}                     # 申请人信息：事实标识 → 值
    expect:
      outcome: eligible           # eligible 可以受理 / ineligible 不予受理 / undetermined 信息不全
"""


def skeleton(ruleset, item_id: str, theme: str, department: str | None, law: str | None,
             today: date) -> tuple[str, str] | None:
    """(item text, case text), or None when the rule set has no department, law or region to name."""
    from ..model.items import THEMES

    region = _region(ruleset, today)
    if department is None or law is None or region is None:
        return None
    values = {"<ID>": item_id, "<THEME_LABEL>": THEMES[theme], "<THEME>": theme, "<DEPARTMENT>": department,
              "<LAW>": law, "<TODAY>": today.isoformat(), "<REGION>": region}
    return _fill(ITEM, values), _fill(CASES, values)


def _fill(text: str, values: dict[str, str]) -> str:
    """``text`` with the values put in, each line's comment kept at its column where it fits."""
    return "".join(_fill_line(line, values) for line in text.splitlines(keepends=True))


def _fill_line(line: str, values: dict[str, str]) -> str:
    code, sep, comment = line.partition("  # ")
    for key, value in values.items():
        code, comment = code.replace(key, value), comment.replace(key, value)
    if not sep or not code.strip():
        return code + sep + comment
    return code.rstrip().ljust(len(line) - len(comment) - 3) + " # " + comment


def _region(ruleset, today: date) -> str | None:
    """An accepting region in use today: a regional list's, else the first county-level code."""
    listed = [code for code in ruleset.implementations if ruleset.regions.refusal(code, today) is None]
    if listed:
        return min(listed)
    counties = (r.code for r in ruleset.regions if r is not None and r.level == "county")
    return next((code for code in counties if ruleset.regions.refusal(code, today) is None), None)
