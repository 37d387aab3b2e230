"""The rule-file format as pydantic v2 models (frozen, ``extra="forbid"``, strict).

One model per file kind: ``Item`` (政务服务事项, ``rules/items/**``), the registries
(``rules/registries/*.yaml``), ``CalendarYear`` (``rules/calendar/<year>.yaml``), ``HolidayMeasures``
(``rules/calendar/holiday-measures.yaml``),
``TaskList`` (任务清单, ``rules/tasklist.yaml``), ``ImplementationList`` (实施清单,
``rules/regions/<code>.yaml``) and ``CaseFile`` (decision cases, ``rules/cases/<item>.yaml``).

Values arrive from ``source.py`` already typed (str, int, Decimal, bool, None, list, dict);
strict mode keeps pydantic from converting them behind the author's back.  Codes from the
GB/T 39046—2020 appendix A code sets are strings (``"01"``), never numbers.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)

# ------------------------------------------------------------------ primitives


def _iso_date(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"不是有效的日期: {value}") from exc
    return value


def _decimal(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return Decimal(value)
    return value


Day = Annotated[date, BeforeValidator(_iso_date)]
#: yuan, at most 2 decimals; the JSON Schema is spelled out so it does not vary with pydantic's version
Amount = Annotated[Decimal, BeforeValidator(_decimal), WithJsonSchema(
    {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string", "pattern": r"^\d{1,10}(\.\d{1,2})?$"}]})]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
#: ASCII digits only: ``\d`` would also take fullwidth and other Unicode digits (``51０104``)
RegionCode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]
#: Where an application is made or a window stands (cases, regional lists, offices): any text is
#: read, and the loader judges it against the registry, so that a made-up, fullwidth or abolished
#: code gets one diagnostic (TB414) everywhere; editors still see the code's pattern.
AcceptingRegion = Annotated[str, Field(min_length=1, max_length=40),
                            WithJsonSchema({"type": "string", "pattern": r"^[0-9]{6}$"})]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]
Phone = Annotated[str, Field(pattern=r"^(?:\d{3,4}-\d{7,8}(?:-\d{1,6})?|1\d{10}|12345|\d{5,6})$")]
#: 基本编码: GB/T 39046 an..10; real systems store up to 12 (``catalog_code varchar(12)``).
CatalogCode = Annotated[str, Field(pattern=r"^[0-9A-Z]{6,14}$")]
#: 实施编码: an..24 in GB/T 39046, longer dash-joined strings on the Sichuan platform.
ImplementationCode = Annotated[str, Field(pattern=r"^[0-9A-Za-z-]{6,64}$")]

#: GB/T 39046—2020 附录A A.1 事项类型代码
ITEM_TYPES: dict[str, str] = {
    "00": "行政权力事项", "01": "行政许可", "02": "行政处罚", "03": "行政强制", "04": "行政征收",
    "05": "行政给付", "06": "行政检查", "07": "行政确认", "08": "行政奖励", "09": "行政裁决",
    "10": "其他类别事项", "20": "公共服务事项",
}
#: A.2 行使层级代码
LEVELS: dict[str, str] = {
    "1": "国家级", "2": "省级", "3": "市级", "4": "县级", "5": "镇(乡、街道)级", "6": "村(社区)级", "7": "分级管理",
}
#: A.4 服务对象
SERVICE_OBJECTS: dict[str, str] = {
    "1": "自然人", "2": "企业法人", "3": "事业法人", "4": "社会组织法人", "5": "行政机关", "6": "其他组织",
}
#: A.3 实施主体性质
AUTHORITY_KINDS: dict[str, str] = {"1": "法定机关", "2": "授权组织", "3": "受委托组织", "9": "其他"}
#: Service themes (服务主题) used by the 跨省通办 programme.
THEMES: dict[str, str] = {
    "residence": "居住", "marriage": "婚姻", "birth": "生育", "employment": "就业",
    "social-insurance": "社保", "pension": "养老", "schooling": "子女入学", "hukou": "户籍",
    "id-card": "居民身份证", "medical-insurance": "医保", "housing-fund": "公积金",
    "market-entity": "市场主体", "education": "教育", "notary": "公证", "transport": "交通出行",
    "tax": "税务", "environment": "生态环境", "disability": "残疾人服务", "travel-documents": "出入境",
}
UNITS: dict[str, str] = {"working_days": "工作日", "calendar_days": "自然日", "immediate": "即办"}
MODES: dict[str, str] = {"online": "全程网办", "proxy": "异地代收代办", "joint": "多地联办", "direct": "就近办理"}
FACT_TYPES = ("bool", "int", "decimal", "string", "enum", "date", "region", "set")
DELIVERY: dict[str, str] = {
    "window": "窗口领取", "post": "邮政寄递", "online": "网上送达（电子证照/电子文书）", "self-service": "自助终端打印",
}



def labelled(labels: dict[str, str]) -> WithJsonSchema:
    """The JSON Schema of a coded field: its codes, each with its label (``20 公共服务事项``), which
    editors show on completion and hover (``enumDescriptions``, ``markdownEnumDescriptions``)."""
    return WithJsonSchema({"type": "string", "enum": list(labels),
                           "enumDescriptions": [f"{code} {label}" for code, label in labels.items()],
                           "markdownEnumDescriptions": [f"`{code}` {label}" for code, label in labels.items()]})


ItemType = Annotated[Literal["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "20"], labelled(ITEM_TYPES)]
Level = Annotated[Literal["1", "2", "3", "4", "5", "6", "7"], labelled(LEVELS)]
ServiceObject = Annotated[Literal["1", "2", "3", "4", "5", "6"], labelled(SERVICE_OBJECTS)]
AuthorityKind = Annotated[Literal["1", "2", "3", "9"], labelled(AUTHORITY_KINDS)]
Theme = Annotated[Literal[
    "residence", "marriage", "birth", "employment", "social-insurance", "pension", "schooling", "hukou",
    "id-card", "medical-insurance", "housing-fund", "market-entity", "education", "notary", "transport",
    "tax", "environment", "disability", "travel-documents",
], labelled(THEMES)]
Unit = Annotated[Literal["working_days", "calendar_days", "immediate"], labelled(UNITS)]
Mode = Annotated[Literal["online", "proxy", "joint", "direct"], labelled(MODES)]
FactType = Literal["bool", "int", "decimal", "string", "enum", "date", "region", "set"]
Delivery = Annotated[Literal["window", "post", "online", "self-service"], labelled(DELIVERY)]
Status = Literal["draft", "reviewed"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


# ------------------------------------------------------------------ shared parts


class Citation(Model):
    """A reference into the laws registry (设定依据), optionally to one article."""

    law: Slug
    """登记表 registries/laws 中的法律法规标识"""
    article: str | None = Field(default=None, max_length=60)
    """条款，如 第十二条；该法律登记了条款时必须是其中之一"""
    note: str | None = Field(default=None, max_length=500)
    """说明（如引用的具体内容）"""


#: How far a source can be relied on (issue 17): ``official`` — government and legislature sites and
#: gazettes (gov.cn, npc.gov.cn / 国家法律法规数据库, ministry and provincial government sites);
#: ``official-media`` — Xinhua, People's Daily, CCTV, 光明网 and their reposts citing the original;
#: ``secondary`` — everything else.
SOURCE_KINDS: dict[str, str] = {"official": "官方发布", "official-media": "官方媒体", "secondary": "其他来源"}
SourceKind = Annotated[Literal["official", "official-media", "secondary"], labelled(SOURCE_KINDS)]
#: the kinds a reviewed item may rest on
AUTHORITATIVE: frozenset[str] = frozenset({"official", "official-media"})
#: the Chinese label of every item field (guides, check messages)
FIELD_LABELS = {
    "id": "标识", "name": "事项名称", "catalog_code": "基本编码", "item_type": "事项类型", "levels": "行使层级",
    "department": "实施部门", "legal_basis": "设定依据", "facts": "申请人信息", "conditions": "受理条件",
    "materials": "申请材料", "legal_limit": "法定时限", "promised_limit": "承诺时限", "fees": "收费标准",
    "modes": "办理方式", "presence": "到现场要求", "scope": "通办范围", "routing": "业务属地", "results": "办理结果",
    "delivery": "送达方式", "process": "办理流程", "effective_from": "施行日期", "effective_until": "失效日期",
    "themes": "服务主题", "service_objects": "服务对象", "authority_kind": "实施主体性质",
}
#: the fields of an item a source may support (every field but id, sources, status and note)
ItemField = Literal[
    "catalog_code", "name", "item_type", "levels", "department", "authority_kind", "service_objects", "themes",
    "legal_basis", "facts", "conditions", "materials", "legal_limit", "promised_limit", "fees", "modes",
    "presence", "scope", "routing", "results", "delivery", "process", "effective_from", "effective_until",
]
#: the facts an item states to people — what a reviewer must find in an official or official-media
#: source before the item is ``reviewed`` (TB907).  Classification (name, codes, type, level,
#: department, themes) and modelling choices (facts, routing) are not among them.
FACT_FIELDS: tuple[str, ...] = (
    "legal_basis", "conditions", "materials", "legal_limit", "promised_limit", "fees", "modes", "presence",
    "scope", "results", "delivery", "process", "effective_from", "effective_until",
)


class Source(Model):
    """Where facts came from: a public page or document, and which facts it supports."""

    title: Name
    """出处标题"""
    url: Url | None = None
    """出处网址（http 或 https）"""
    document: str | None = Field(default=None, max_length=100)
    """文号，如 国办发〔2020〕35号"""
    kind: SourceKind | None = None
    """出处的可信程度：official 官方发布、official-media 官方媒体、secondary 其他来源"""
    #: the date the text itself bears (发布/成文日期), when the source states it
    published: Day | None = None
    """出处本身所载的发布或成文日期，YYYY-MM-DD"""
    accessed: Day | None = None
    """访问日期，YYYY-MM-DD"""
    supports: tuple[str, ...] = ()
    """该出处支持的内容"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class ItemSource(Source):
    """A source of an item: its authority (``kind``) is required, and ``supports`` names item fields."""

    kind: SourceKind
    """出处的可信程度（必填）：official 官方发布、official-media 官方媒体、secondary 其他来源"""
    supports: tuple[ItemField, ...] = ()
    """该出处载明的事项字段（如 legal_limit、fees）；审核状态依此判断"""


def _unique(field: str):
    def check(values: tuple) -> tuple:
        seen: set[str] = set()
        for value in values:
            key = getattr(value, field)
            if key in seen:
                raise ValueError(f"重复的 {field}: {key}")
            seen.add(key)
        return values

    return check


def _distinct(values: tuple) -> tuple:
    """Each value once: a repeated one is a slip (``["320981", "320981"]``)."""
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"重复的值: {', '.join(repeated)}")
    return values


# ------------------------------------------------------------------ item parts


class Fact(Model):
    """A declared, typed fact (申请人信息) that conditions may test."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
    """事实标识（小写字母开头，字母、数字和下划线），表达式中按此引用"""
    label: Name
    """表单上显示的中文名称"""
    type: FactType
    """事实类型：bool、int、decimal、string、enum、date、region（6位行政区划代码）、set"""
    values: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")], Name] | None = None
    """enum 和 set 类型的取值：取值标识 → 中文说明"""
    help: str | None = Field(default=None, max_length=500)
    """填写说明"""

    @model_validator(mode="after")
    def _values_match_type(self) -> Fact:
        if self.type in ("enum", "set") and not self.values:
            raise ValueError(f"{self.type} 类型的事实必须列出 values")
        if self.type not in ("enum", "set") and self.values is not None:
            raise ValueError(f"只有 enum 和 set 类型的事实可以有 values（此处为 {self.type}）")
        return self


class Condition(Model):
    """受理条件: the sentence people read, the machine expression, and its legal basis."""

    id: Slug
    """条件标识（小写字母、数字和连字符），在本事项内唯一"""
    text: Text
    """给办事人看的受理条件原文；表达式中的数字必须出现在句子里"""
    when: Annotated[str, Field(min_length=1, max_length=1000)]
    """机器可判定的条件表达式（见 docs/conditions.md），如 age >= 16"""
    basis: tuple[Citation, ...] = ()
    """该条件的法律依据"""


class SharedData(Model):
    """数据共享: the material can be replaced by data shared from another department."""

    department: Slug
    """提供共享数据的部门（登记表 registries/departments）"""
    data: Name
    """共享的数据名称"""


class MaterialUse(Model):
    """申请材料 as used by one item."""

    material: Slug
    """登记表 registries/materials 中的材料标识"""
    originals: int = Field(default=1, ge=0, le=20)
    """原件份数（默认 1）"""
    copies: int = Field(default=0, ge=0, le=20)
    """复印件份数（默认 0）"""
    required: bool = True
    """是否必须提交；按条件需要时写 false 并填写 required_when"""
    required_when: str | None = Field(default=None, max_length=1000)
    """需要提交该材料的条件表达式"""
    licences: tuple[Slug, ...] = ()
    """可代替该材料的电子证照类型（登记表 registries/licences）"""
    shared_data: SharedData | None = None
    """可通过部门间数据共享代替该材料"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""

    @model_validator(mode="after")
    def _required_when(self) -> MaterialUse:
        if self.required_when is not None and self.required:
            raise ValueError("有 required_when 的材料应写 required: false（按条件需要）")
        return self


class Extension(Model):
    value: int = Field(ge=1, le=3650)
    """可延长的期限数值"""
    unit: Unit
    """期限单位：working_days 工作日、calendar_days 自然日、immediate 即办"""
    when: str = Field(min_length=1, max_length=500)
    """可以延长的情形"""
    basis: Citation | None = None
    """延长的法律依据"""


class TimeLimit(Model):
    """法定/承诺办结时限: a number and a unit (工作日 / 自然日 / 即办)."""

    value: int = Field(ge=0, le=3650)
    """期限数值；即办时为 0"""
    unit: Unit
    """期限单位：working_days 工作日、calendar_days 自然日、immediate 即办"""
    extension: Extension | None = None
    """可延长的期限及情形"""
    basis: Citation | None = None
    """时限的法律依据"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""

    @model_validator(mode="after")
    def _immediate(self) -> TimeLimit:
        if self.unit == "immediate" and self.value != 0:
            raise ValueError("即办 (immediate) 的 value 必须为 0")
        if self.unit != "immediate" and self.value == 0:
            raise ValueError("0 天的时限请写 unit: immediate（即办）")
        return self


class PromisedLimit(TimeLimit):
    """承诺办结时限: a time limit an authority has promised, and where that authority is."""

    set_by: Annotated[tuple[RegionCode, ...], AfterValidator(_distinct)] = ()
    """公布该承诺的地方（GB/T 2260 代码），在本事项主管部门的地方以外找到的承诺须写明；省略时为主管部门自己的承诺"""


class FeeEntry(Model):
    id: Slug
    """收费项目标识，在本事项内唯一"""
    name: Name
    """收费项目名称"""
    amount: Amount = Field(gt=0, max_digits=12, decimal_places=2)
    """金额（元），最多两位小数，建议写成带引号的字符串，如 "20"。"""
    when: str | None = Field(default=None, max_length=1000)
    """收取该项费用的条件表达式；省略时总是收取"""
    basis: Citation
    """收费依据（价格主管部门文件等）"""


class Fees(Model):
    """收费标准: either explicitly free (不收费) with its basis, or a list of entries."""

    free: bool
    """是否不收费；true 时须写 basis，false 时须列出 entries"""
    basis: Citation | None = None
    """不收费的依据"""
    entries: tuple[FeeEntry, ...] = ()
    """收费项目"""

    @model_validator(mode="after")
    def _free_xor_entries(self) -> Fees:
        if self.free and self.entries:
            raise ValueError("free: true 时不能再列收费项目 entries")
        if not self.free and not self.entries:
            raise ValueError("收费事项必须列出 entries")
        return self


class Substitute(Model):
    """全程网办: the remote substitute for a step that used to need presence."""

    step: Name
    """以前需要到现场的环节"""
    by: Name
    """线上替代办法（如 人脸识别核验身份）"""


class OnlineMode(Model):
    """全程网办."""

    platforms: tuple[Name, ...] = ()
    """办理平台（如 国家政务服务平台）"""
    substitutes: tuple[Substitute, ...] = ()
    """以前需要到现场的环节及其线上替代办法"""
    scope: Scope | None = None
    """此方式的通办范围（与事项不同时填写）"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class ProxyMode(Model):
    """异地代收代办 (收受分离): who receives, what they check, how the file travels."""

    receivers: tuple[Name, ...] = Field(min_length=1)
    """异地收件的窗口或机关"""
    checks: tuple[Name, ...] = Field(min_length=1)
    """收件时的核验内容（如 身份核验、形式审查）"""
    transfer: Name
    """材料如何转交属地办理"""
    result_delivery: tuple[Delivery, ...] = Field(min_length=1)
    """办理结果如何送达"""
    tracing: str | None = Field(default=None, max_length=500)
    """办理进度如何查询"""
    scope: Scope | None = None
    """此方式的通办范围（与事项不同时填写）"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class JointMode(Model):
    """多地联办: one place accepts, the authorities of several places cooperate."""

    authorities: tuple[Name, ...] = Field(min_length=1)
    """参与联办的各地机关（至少一个）"""
    coordination: str | None = Field(default=None, max_length=500)
    """各地如何协同办理"""
    scope: Scope | None = None
    """此方式的通办范围（与事项不同时填写）"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class DirectMode(Model):
    """就近办理: the 属地 restriction is lifted — any office in scope accepts the application with the
    same procedure as the home office (e.g. 出入境证件“全国通办”: 申办手续与户籍地一致)."""

    windows: tuple[Name, ...] = Field(min_length=1)
    """受理窗口或机关（如 公安机关出入境管理窗口）"""
    scope: Scope | None = None
    """此方式的通办范围（与事项不同时填写）"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class Modes(Model):
    online: OnlineMode | None = None
    """全程网办：在网上完成申请、受理、审查和办结"""
    proxy: ProxyMode | None = None
    """异地代收代办：在异地窗口收件，转交属地办理（收受分离）"""
    joint: JointMode | None = None
    """多地联办：一地受理，多地机关协同办理"""
    direct: DirectMode | None = None
    """就近办理：不受户籍地、居住地限制，在通办范围内任一窗口按与属地相同的手续申请"""

    def offered(self) -> tuple[str, ...]:
        return tuple(m for m in MODES if getattr(self, m) is not None)


class Presence(Model):
    """是否需要到现场: only with a provision that requires it."""

    required: bool
    """是否需要到办事现场"""
    #: 到办事现场次数; None = no source states it
    visits: int | None = Field(default=None, ge=0, le=10)
    """到办事现场次数；没有出处时省略"""
    basis: Citation | None = None
    """需要到现场的法律依据（required: true 时必填）"""
    reason: str | None = Field(default=None, max_length=500)
    """需要到现场的原因（如 采集指纹）"""


class Scope(Model):
    """通办范围: 全国, a regional group (川渝, 西南五省…), named provinces, or 省内."""

    kind: Literal["nationwide", "group", "provinces", "intra_province"]
    """范围类型：nationwide 全国、group 区域组、provinces 指定省份、intra_province 省内"""
    group: Slug | None = None
    """区域组标识（kind: group 时），见 registries/regions"""
    provinces: tuple[RegionCode, ...] = ()
    """省级行政区划代码（kind: provinces 时）"""
    province: RegionCode | None = None
    """省级行政区划代码（kind: intra_province 时）"""

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Scope:
        need = {"group": self.group is not None, "provinces": bool(self.provinces), "intra_province": self.province is not None}
        for kind, present in need.items():
            if present != (self.kind == kind):
                raise ValueError(f"kind: {self.kind} 与字段 {kind if kind != 'intra_province' else 'province'} 不匹配")
        return self


class Result(Model):
    name: Name
    """办理结果名称（如 居民身份证）"""
    licence: Slug | None = None
    """对应的电子证照类型（登记表 registries/licences）"""


class Step(Model):
    """办理流程 step."""

    name: Name
    """环节名称（如 受理、审核、办结）"""
    actor: Name | None = None
    """办理该环节的机关或人员"""
    limit: TimeLimit | None = None
    """该环节的时限"""
    description: str | None = Field(default=None, max_length=1000)
    """环节说明"""
    presence: bool = False
    """该环节是否需要到现场"""


class Routing(Model):
    """业务属地: which fact names the handling jurisdiction (e.g. 户籍地, 参保地)."""

    handling_region_fact: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    """确定业务属地的 region 类型事实标识（如 hukou_region 户籍地）；受理地自行办理时省略"""
    note: str | None = Field(default=None, max_length=500)
    """说明"""


class Item(Model):
    """一个政务服务事项 (one version of it)."""

    id: Slug
    """事项标识：小写字母、数字和连字符组成的稳定短名，与文件名相同（如 id-card-renewal-replacement）"""
    catalog_code: CatalogCode | None = None
    """基本编码（GB/T 39046，6–14 位数字或大写字母）；没有出处时省略"""
    name: Name
    """事项名称；四级四同：各地名称一致"""
    item_type: ItemType
    """事项类型代码（GB/T 39046 附录A A.1），带引号的两位数字，如 "20" 公共服务事项"""
    levels: tuple[Level, ...] = Field(min_length=1)
    """行使层级代码（GB/T 39046 附录A A.2），如 ["4"] 县级"""
    department: Slug
    """实施部门：登记表 registries/departments 中的部门标识"""
    authority_kind: AuthorityKind = "1"
    """实施主体性质代码（GB/T 39046 附录A A.3），默认 "1" 法定机关"""
    service_objects: tuple[ServiceObject, ...] = Field(min_length=1)
    """服务对象代码（GB/T 39046 附录A A.4），如 ["1"] 自然人"""
    themes: tuple[Theme, ...] = Field(min_length=1)
    """服务主题（如 id-card 居民身份证、hukou 户籍）；第一个主题决定文件所在目录 rules/items/<主题>/"""
    legal_basis: tuple[Citation, ...] = Field(min_length=1)
    """设定依据：引用登记表 registries/laws 中的法律法规，可指明条款"""
    facts: Annotated[tuple[Fact, ...], AfterValidator(_unique("id"))] = ()
    """申请人信息：受理条件、材料和收费表达式可以使用的事实，每个带类型"""
    conditions: Annotated[tuple[Condition, ...], AfterValidator(_unique("id"))] = ()
    """受理条件：给办事人看的句子、机器可判定的表达式和依据"""
    materials: tuple[MaterialUse, ...] = ()
    """申请材料：引用登记表 registries/materials 中的材料，写明原件、复印件份数和何时需要"""
    #: None = not known from a source (a reviewed item must state both; see the checks)
    legal_limit: TimeLimit | None = None
    """法定办结时限；没有出处时省略"""
    promised_limit: PromisedLimit | None = None
    """承诺办结时限（不得长于法定时限）；没有出处时省略"""
    fees: Fees | None = None
    """收费标准：不收费（free: true 及依据）或收费项目列表；没有出处时省略"""
    modes: Modes
    """办理方式：online 全程网办、proxy 异地代收代办、joint 多地联办"""
    presence: Presence
    """是否需要到办事现场；需要时必须写明法律依据"""
    scope: Scope
    """通办范围：全国、区域组（如川渝）、指定省份或省内"""
    routing: Routing = Routing()
    """业务属地：由哪个事实确定办理地（户籍地、参保地等），据此判断是否跨省"""
    results: tuple[Result, ...] = ()
    """办理结果（证件、批文等），可关联电子证照类型"""
    delivery: tuple[Delivery, ...] = ()
    """结果送达方式"""
    process: tuple[Step, ...] = ()
    """办理流程：依次列出各环节"""
    effective_from: Day
    """本版本施行日期，YYYY-MM-DD"""
    effective_until: Day | None = None
    """本版本失效日期（不含当日），YYYY-MM-DD；现行版本省略"""
    sources: tuple[ItemSource, ...] = Field(min_length=1)
    """出处：每条事实来自哪个公开页面或文件，以及其可信程度"""
    status: Status
    """审核状态：draft 草稿；reviewed 已审核（每项事实都有官方或官方媒体出处，TB907）"""
    note: str | None = Field(default=None, max_length=2000)
    """备注（不显示给办事人）"""

    @model_validator(mode="after")
    def _dates(self) -> Item:
        if self.effective_until is not None and self.effective_until <= self.effective_from:
            raise ValueError("effective_until 必须晚于 effective_from")
        return self

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def stated_facts(self) -> tuple[str, ...]:
        """The ``FACT_FIELDS`` this version states (a field left out, empty or ``modes: {}`` states nothing)."""
        return tuple(f for f in FACT_FIELDS if _states(getattr(self, f)))

    def supporting(self, field: str) -> tuple[int, ...]:
        """Indexes of the sources that name ``field`` in their ``supports``."""
        return tuple(i for i, s in enumerate(self.sources) if field in s.supports)


def _states(value: object) -> bool:
    if isinstance(value, Modes):
        return bool(value.offered())
    return value is not None and value != ()


# ------------------------------------------------------------------ registries


class Article(Model):
    id: str = Field(min_length=1, max_length=60)
    """条款，如 第十二条"""
    text: str | None = Field(default=None, max_length=2000)
    """条款原文（摘录）"""
    presence: bool = False
    """该条款是否规定须到现场办理"""


class Law(Model):
    """法律法规、规章或规范性文件 (the pricing documents included)."""

    id: Slug
    """法律法规标识（小写字母、数字和连字符），事项按此引用"""
    title: Name
    """标题（全称）"""
    document: str | None = Field(default=None, max_length=100)
    """文号或令号，如 国务院令第795号"""
    kind: Literal["law", "administrative-regulation", "rule", "normative-document", "standard", "local-regulation"]
    """类别：法律、行政法规、规章、规范性文件、标准或地方性法规"""
    issued_by: str | None = Field(default=None, max_length=200)
    """制定或发布机关"""
    effective_from: Day | None = None
    """施行日期，YYYY-MM-DD"""
    repealed_on: Day | None = None
    """废止日期，YYYY-MM-DD"""
    articles: Annotated[tuple[Article, ...], AfterValidator(_unique("id"))] = ()
    """登记的条款；登记后引用必须指向其中之一"""
    sources: tuple[Source, ...] = Field(min_length=1)
    """出处"""


class Material(Model):
    id: Slug
    """材料标识，事项按此引用"""
    name: Name
    """材料名称"""
    issuer: str | None = Field(default=None, max_length=200)
    """出具单位"""
    kind: Literal["certificate", "form", "statement", "proof", "contract", "other"] = "other"
    """类别：certificate 证照、form 表格、statement 声明、proof 证明、contract 合同、other 其他"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class Licence(Model):
    """电子证照 type."""

    id: Slug
    """电子证照类型标识"""
    name: Name
    """电子证照名称"""
    issuer: Slug
    """发证部门（登记表 registries/departments）"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class Department(Model):
    id: Slug
    """部门标识，事项按此引用"""
    name: Name
    """部门名称"""
    level: Literal["national", "provincial", "municipal", "county"] = "provincial"
    """层级：national 国家、provincial 省、municipal 市、county 县"""
    note: str | None = Field(default=None, max_length=500)
    """说明"""


def _days_in_order(valid_from: date | None, valid_until: date | None) -> None:
    if valid_from and valid_until and valid_until < valid_from:
        raise ValueError(f"valid_until {valid_until} 早于 valid_from {valid_from}")


class Region(Model):
    """One GB/T 2260 code, with the days it is in use (both ends inclusive; None: open)."""

    code: RegionCode
    """6 位 GB/T 2260 行政区划代码"""
    name: Name
    """名称"""
    level: Literal["province", "prefecture", "county"]
    """层级：province 省级、prefecture 地级、county 县级"""
    parent: RegionCode | None = None
    """上级行政区划代码"""
    valid_from: Day | None = None
    """启用日期（含），YYYY-MM-DD"""
    valid_until: Day | None = None
    """停用前最后一日（含），YYYY-MM-DD"""

    @model_validator(mode="after")
    def _span(self) -> Region:
        _days_in_order(self.valid_from, self.valid_until)
        return self


class RegionDays(Model):
    """A code of a registry's compact ``codes`` with its name and the days it is in use."""

    name: Name
    """名称"""
    valid_from: Day | None = None
    """启用日期（含），YYYY-MM-DD"""
    valid_until: Day | None = None
    """停用前最后一日（含），YYYY-MM-DD"""

    @model_validator(mode="after")
    def _span(self) -> RegionDays:
        _days_in_order(self.valid_from, self.valid_until)
        return self


#: ``"110101": 东城区``, or with the code's days of use ``"500157": {name: 两江新区, valid_from: …}``
#: (the tags are bracketed so that error locations keep only the file's own keys)
CodeEntry = Annotated[Annotated[Name, Tag("[name]")] | Annotated[RegionDays, Tag("[days]")],
                      Discriminator(lambda value: "[days]" if isinstance(value, (dict, RegionDays)) else "[name]")]


class RegionDataset(Model):
    """The public dataset a generated region registry was written from (name, version, licence)."""

    name: Name
    """数据集名称"""
    url: Url
    """数据集网址"""
    licence: Annotated[str, Field(min_length=1, max_length=100)]
    """数据集许可协议"""
    version: Annotated[str, Field(min_length=1, max_length=500)]
    """数据集版本"""
    #: the data is current to this day (its newest recorded change)
    date: Day
    """数据截至日期（最新一次变更），YYYY-MM-DD"""
    retrieved: Day
    """获取日期，YYYY-MM-DD"""
    #: the registry holds every code in use on any day from this one on
    since: Day
    """自此日起使用过的代码均已登记，YYYY-MM-DD"""
    generator: Annotated[str, Field(min_length=1, max_length=200)]
    """生成本文件的工具"""
    note: Text | None = None
    """说明"""


class RegionGroup(Model):
    id: Slug
    """区域组标识（如 chuanyu），通办范围按此引用"""
    name: Name
    """区域组名称（如 川渝）"""
    members: tuple[RegionCode, ...] = Field(min_length=1)
    """成员的行政区划代码"""
    sources: tuple[Source, ...] = Field(min_length=1)
    """出处"""


class LawRegistry(Model):
    laws: Annotated[tuple[Law, ...], AfterValidator(_unique("id"))]
    """法律法规、规章和规范性文件的登记"""


class MaterialRegistry(Model):
    materials: Annotated[tuple[Material, ...], AfterValidator(_unique("id"))]
    """申请材料的登记"""


class LicenceRegistry(Model):
    licences: Annotated[tuple[Licence, ...], AfterValidator(_unique("id"))]
    """电子证照类型的登记"""


class DepartmentRegistry(Model):
    departments: Annotated[tuple[Department, ...], AfterValidator(_unique("id"))]
    """部门的登记"""


class RegionRegistry(Model):
    """One file of the regions registry: codes (with their sources or dataset) and/or groups.

    Codes come written out (``regions``: level and parent explicit) or compact (``codes``: code →
    name, or name and days of use; level and parent follow from the code, see ``regions.py``) —
    the compact form reads some twenty times faster, which matters for thousands of codes.
    """

    dataset: RegionDataset | None = None
    """生成本文件所依据的公开数据集"""
    sources: tuple[Source, ...] = ()
    """出处（登记了行政区划时必填）"""
    regions: Annotated[tuple[Region, ...], AfterValidator(_unique("code"))] = ()
    """逐条写出的行政区划（含层级和上级）"""
    codes: dict[RegionCode, CodeEntry] = {}
    """简写的行政区划：代码 → 名称，或名称及启用、停用日期"""
    groups: Annotated[tuple[RegionGroup, ...], AfterValidator(_unique("id"))] = ()
    """区域组（如 川渝）"""

    @model_validator(mode="after")
    def _sourced(self) -> RegionRegistry:
        if (self.regions or self.codes) and not self.sources:
            raise ValueError("登记了行政区划的文件需要 sources（出处）")
        if not (self.regions or self.codes or self.groups):
            raise ValueError("regions、codes、groups 至少要有一项")
        twice = sorted({r.code for r in self.regions} & set(self.codes))
        if twice:
            raise ValueError(f"代码同时写在 regions 和 codes 中: {', '.join(twice)}")
        return self


# ------------------------------------------------------------------ calendar


class HolidayPeriod(Model):
    name: Name
    """节日名称"""
    from_: Day = Field(alias="from")
    """放假首日，YYYY-MM-DD"""
    to: Day
    """放假末日（含），YYYY-MM-DD"""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)


class MakeUpDay(Model):
    date: Day
    """调休上班日期，YYYY-MM-DD"""
    name: Name
    """因哪个节日调休"""


class CalendarSource(Model):
    title: Name
    """通知标题"""
    document: str | None = Field(default=None, max_length=100)
    """文号，如 国办发明电〔2024〕12号"""
    issued: Day | None = None
    """发布日期，YYYY-MM-DD"""
    url: Url | None = None
    """网址"""


class CalendarYear(Model):
    """One year of the working-day calendar: holiday periods and 调休 workdays."""

    year: int = Field(ge=2000, le=2100)
    """年份"""
    source: CalendarSource
    """国务院办公厅放假安排通知"""
    amended_by: tuple[CalendarSource, ...] = ()
    """后来改变本年安排的通知（如延长春节假期）；holidays、workdays 写改变后的安排"""
    holidays: tuple[HolidayPeriod, ...] = Field(min_length=1)
    """放假期间"""
    workdays: tuple[MakeUpDay, ...] = ()
    """调休上班日"""


# 《全国年节及纪念日放假办法》: the statutory holidays of each version, for years without a notice

MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|30|31)$")]


class StatutoryDay(Model):
    """One statutory day: a Gregorian ``date`` (MM-DD), a ``lunar`` date (MM-DD, ``offset`` days
    from it: -1 for 农历除夕, the day before 正月初一) or a ``solar_term`` (清明)."""

    date: MonthDay | None = None
    """公历日期，MM-DD"""
    lunar: MonthDay | None = None
    """农历日期，MM-DD"""
    offset: int = Field(default=0, ge=-1, le=1)
    """相对农历日期的天数偏移（-1 表示前一日，如 农历除夕）"""
    solar_term: Literal["清明"] | None = None
    """节气（清明）"""

    @model_validator(mode="after")
    def _one_kind(self) -> StatutoryDay:
        if sum(x is not None for x in (self.date, self.lunar, self.solar_term)) != 1:
            raise ValueError("每个法定假日须且只能写 date、lunar、solar_term 中的一项")
        if self.offset and self.lunar is None:
            raise ValueError("offset 只用于农历日期 (lunar)")
        if self.date is not None:
            month, day = (int(x) for x in self.date.split("-"))
            _valid_month_day(month, day)
        if self.lunar is not None and int(self.lunar[3:]) > 30:
            raise ValueError(f"农历每月最多30日: {self.lunar}")
        return self


def _valid_month_day(month: int, day: int) -> None:
    try:
        date(2000, month, day)  # a leap year: 02-29 exists
    except ValueError:
        raise ValueError(f"不是有效的月日: {month:02d}-{day:02d}") from None


class StatutoryHoliday(Model):
    name: Name
    """节日名称"""
    text: Name  # the words of 第二条, e.g. 放假4天（农历除夕、正月初一至初三）
    """第二条原文，如 放假4天（农历除夕、正月初一至初三）"""
    days: tuple[StatutoryDay, ...] = Field(min_length=1, max_length=7)
    """放假的各日"""


class MakeUpRule(Model):
    """第六条: a statutory day on a Saturday or Sunday is made up on a working day."""

    article: Name
    """条款（第六条）"""
    text: Text
    """条款原文"""
    rule: Literal["first-working-days-after"]
    """补假规则：first-working-days-after 节后第一个工作日起补假"""


class MeasuresSource(Model):
    title: Name
    """出处标题"""
    url: Url
    """网址"""
    publisher: Name  # who published this copy (中国政府网, 新华社 …)
    """发布这一文本的网站或媒体（如 中国政府网、新华社）"""
    primary: bool  # the issuing authority's own publication, or a copy
    """是否为制定机关自己的发布（否则为转载）"""
    supports: tuple[str, ...] = ()
    """该出处支持的内容"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class MeasuresVersion(Model):
    revision: Name
    """修订次数（如 第四次修订）"""
    decree: Name
    """国务院令号"""
    promulgated: Day
    """公布日期，YYYY-MM-DD"""
    effective_from: Day
    """施行日期，YYYY-MM-DD"""
    holidays: Annotated[tuple[StatutoryHoliday, ...], AfterValidator(_unique("name"))] = Field(min_length=1)
    """第二条规定的全体公民放假的节日"""
    make_up: MakeUpRule | None = None
    """第六条的补假规则"""
    sources: tuple[MeasuresSource, ...] = Field(min_length=1)
    """出处"""


def _in_force_order(versions: tuple) -> tuple:
    starts = [v.effective_from for v in versions]
    if starts != sorted(set(starts)):
        raise ValueError("各版本须按施行日期 (effective_from) 从早到晚排列，且日期互不相同")
    return versions


class HolidayMeasures(Model):
    """《全国年节及纪念日放假办法》 in each version (``rules/calendar/holiday-measures.yaml``)."""

    title: Name
    """标题：全国年节及纪念日放假办法"""
    issued_by: Name
    """发布机关"""
    versions: Annotated[tuple[MeasuresVersion, ...], AfterValidator(_in_force_order)] = Field(min_length=1)
    """各版本，按施行日期从早到晚"""


# ------------------------------------------------------------------ task list


class Task(Model):
    """One row of the 任务清单."""

    id: Slug
    """任务标识"""
    name: Name
    """任务名称（清单原文）"""
    batch: Slug
    """所属批次标识"""
    deadline: Day | None = None
    """完成时限，YYYY-MM-DD"""
    department: Slug | None = None
    """牵头部门（登记表 registries/departments）"""
    modes: tuple[Mode, ...] = ()
    """要求的办理方式：online 全程网办、proxy 异地代收代办、joint 多地联办"""
    items: tuple[Slug, ...] = ()
    """落实该任务的事项标识"""
    sources: tuple[Source, ...] = Field(min_length=1)
    """出处"""
    note: str | None = Field(default=None, max_length=1000)
    """说明"""


class Batch(Model):
    id: Slug
    """批次标识"""
    name: Name
    """批次名称"""
    deadline: Day | None = None
    """完成时限，YYYY-MM-DD"""
    document: str | None = Field(default=None, max_length=100)
    """文号"""
    planned_count: int | None = Field(default=None, ge=0)
    """计划事项数"""
    sources: tuple[Source, ...] = Field(min_length=1)
    """出处"""


class TaskList(Model):
    title: Name
    """任务清单标题"""
    document: str | None = None
    """文号"""
    batches: Annotated[tuple[Batch, ...], AfterValidator(_unique("id"))]
    """批次"""
    tasks: Annotated[tuple[Task, ...], AfterValidator(_unique("id"))]
    """任务"""


# ------------------------------------------------------------------ implementation lists


class Office(Model):
    """A 跨省通办 window or service hall: only local facts."""

    id: Slug
    """窗口标识，在本文件内唯一"""
    name: Name
    """窗口或服务中心名称"""
    region: AcceptingRegion
    """所在行政区划代码（6 位，使用中的代码）"""
    address: str | None = Field(default=None, max_length=300)
    """地址"""
    hours: str | None = Field(default=None, max_length=300)
    """办公时间"""
    consult_phone: Phone | None = None
    """咨询电话"""
    complaint_phone: Phone | None = None
    """投诉电话"""
    booking: str | None = Field(default=None, max_length=300)
    """预约方式"""
    accessibility: tuple[Name, ...] = ()
    """无障碍设施和服务"""
    sources: tuple[Source, ...] = ()
    """出处"""


class ImplementedItem(Model):
    """One item as implemented locally: a reference plus local facts only."""

    item: Slug
    """事项标识（rules/items 中的 id）"""
    implementation_code: ImplementationCode | None = None
    """实施编码"""
    offices: tuple[Slug, ...] = ()
    """受理该事项的窗口标识（本文件 offices 中的 id）"""
    promised_limit: TimeLimit | None = None
    """本地承诺办结时限（不得长于法定时限）"""
    notes: str | None = Field(default=None, max_length=1000)
    """本地说明"""
    # Elements a region may NOT change; present here only so that a file naming them can be
    # compared with the canonical item (四级四同).  Any mismatch is an error.
    name: Name | None = None
    """事项名称；写出时必须与事项一致（四级四同）"""
    catalog_code: CatalogCode | None = None
    """基本编码；写出时必须与事项一致（四级四同）"""
    item_type: ItemType | None = None
    """事项类型代码；写出时必须与事项一致（四级四同）"""


class ImplementationList(Model):
    """实施清单 of one region."""

    region: AcceptingRegion
    """本实施清单所属行政区划代码"""
    name: Name
    """清单名称"""
    offices: Annotated[tuple[Office, ...], AfterValidator(_unique("id"))] = ()
    """本地的跨省通办窗口或政务服务中心"""
    items: Annotated[tuple[ImplementedItem, ...], AfterValidator(_unique("item"))]
    """本地实施的事项（只写本地信息）"""
    sources: tuple[Source, ...] = ()
    """出处"""


# ------------------------------------------------------------------ decision cases


def _legacy_on(data: object) -> object:
    """The key ``on`` (read as ``true`` by YAML 1.1 loaders) is the old name of ``date``: still
    read for one release (TB060 warns); both at once is an error."""
    if isinstance(data, dict) and "on" in data:
        if "date" in data:
            raise ValueError("date 与已弃用的 on 只能写一个（请删去 on）")
        return {("date" if key == "on" else key): value for key, value in data.items()} | {"on": data["on"]}
    return data


def _case_schema(schema: dict) -> None:
    schema["required"] = [key for key in schema["required"] if key != "date"]
    schema["oneOf"] = [{"required": ["date"]}, {"required": ["on"]}]


class Case(Model):
    """One decision case: the facts of an application on a day at a region, and what to expect."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, json_schema_extra=_case_schema)

    name: Name
    """用例名称：一句话说明这个用例"""
    date: Day
    """申请日期，YYYY-MM-DD：按当日施行的版本判定，到期日从此日起算"""
    #: the key ``on``, the old name of ``date`` (deprecated: TB060); set only when the file used it
    legacy_on: Annotated[Day | None, WithJsonSchema({"type": "string", "format": "date", "deprecated": True})] = \
        Field(default=None, alias="on")
    """已弃用：请改写为 date（YAML 1.1 解析器会把 on 读成 true，TB060）"""
    region: AcceptingRegion
    """受理地：6 位行政区划代码（带引号），须在 date 当日使用中"""
    facts: dict[str, object] = {}
    """申请人信息：事实标识 → 值；未写的事实视为未知"""
    expect: dict[str, object]
    """期望的判定结果，只比较写出的项（outcome、missing_facts、conditions、fee 等，见 docs/cases.md）"""

    _legacy = model_validator(mode="before")(_legacy_on)

    @property
    def on(self) -> Day:
        """The date of application (``date``), by the name code used before."""
        return self.date


class CaseFile(Model):
    item: Slug
    """被测事项的标识；文件名与之相同"""
    cases: tuple[Case, ...] = Field(min_length=1)
    """判定用例（见 docs/cases.md）"""


OnlineMode.model_rebuild()
ProxyMode.model_rebuild()
JointMode.model_rebuild()

#: file kind -> root model
KINDS: dict[str, type[Model]] = {
    "item": Item,
    "laws": LawRegistry,
    "materials": MaterialRegistry,
    "licences": LicenceRegistry,
    "departments": DepartmentRegistry,
    "regions": RegionRegistry,
    "calendar": CalendarYear,
    "holiday-measures": HolidayMeasures,
    "tasklist": TaskList,
    "implementation": ImplementationList,
    "cases": CaseFile,
}
