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
MODES: dict[str, str] = {"online": "全程网办", "proxy": "异地代收代办", "joint": "多地联办"}
FACT_TYPES = ("bool", "int", "decimal", "string", "enum", "date", "region", "set")
DELIVERY: dict[str, str] = {
    "window": "窗口领取", "post": "邮政寄递", "online": "网上送达（电子证照/电子文书）", "self-service": "自助终端打印",
}

ItemType = Literal["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "20"]
Level = Literal["1", "2", "3", "4", "5", "6", "7"]
ServiceObject = Literal["1", "2", "3", "4", "5", "6"]
Theme = Literal[
    "residence", "marriage", "birth", "employment", "social-insurance", "pension", "schooling", "hukou",
    "id-card", "medical-insurance", "housing-fund", "market-entity", "education", "notary", "transport",
    "tax", "environment", "disability", "travel-documents",
]
Unit = Literal["working_days", "calendar_days", "immediate"]
FactType = Literal["bool", "int", "decimal", "string", "enum", "date", "region", "set"]
Delivery = Literal["window", "post", "online", "self-service"]
Status = Literal["draft", "reviewed"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


# ------------------------------------------------------------------ shared parts


class Citation(Model):
    """A reference into the laws registry (设定依据), optionally to one article."""

    law: Slug
    article: str | None = Field(default=None, max_length=60)
    note: str | None = Field(default=None, max_length=500)


#: How far a source can be relied on (issue 17): ``official`` — government and legislature sites and
#: gazettes (gov.cn, npc.gov.cn / 国家法律法规数据库, ministry and provincial government sites);
#: ``official-media`` — Xinhua, People's Daily, CCTV, 光明网 and their reposts citing the original;
#: ``secondary`` — everything else.
SourceKind = Literal["official", "official-media", "secondary"]
SOURCE_KINDS: dict[str, str] = {"official": "官方发布", "official-media": "官方媒体", "secondary": "其他来源"}
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
    url: Url | None = None
    document: str | None = Field(default=None, max_length=100)
    kind: SourceKind | None = None
    #: the date the text itself bears (发布/成文日期), when the source states it
    published: Day | None = None
    accessed: Day | None = None
    supports: tuple[str, ...] = ()
    note: str | None = Field(default=None, max_length=1000)


class ItemSource(Source):
    """A source of an item: its authority (``kind``) is required, and ``supports`` names item fields."""

    kind: SourceKind
    supports: tuple[ItemField, ...] = ()


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


# ------------------------------------------------------------------ item parts


class Fact(Model):
    """A declared, typed fact (申请人信息) that conditions may test."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
    label: Name
    type: FactType
    values: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")], Name] | None = None
    help: str | None = Field(default=None, max_length=500)

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
    text: Text
    when: Annotated[str, Field(min_length=1, max_length=1000)]
    basis: tuple[Citation, ...] = ()


class SharedData(Model):
    """数据共享: the material can be replaced by data shared from another department."""

    department: Slug
    data: Name


class MaterialUse(Model):
    """申请材料 as used by one item."""

    material: Slug
    originals: int = Field(default=1, ge=0, le=20)
    copies: int = Field(default=0, ge=0, le=20)
    required: bool = True
    required_when: str | None = Field(default=None, max_length=1000)
    licences: tuple[Slug, ...] = ()
    shared_data: SharedData | None = None
    note: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _required_when(self) -> MaterialUse:
        if self.required_when is not None and self.required:
            raise ValueError("有 required_when 的材料应写 required: false（按条件需要）")
        return self


class Extension(Model):
    value: int = Field(ge=1, le=3650)
    unit: Unit
    when: str = Field(min_length=1, max_length=500)
    basis: Citation | None = None


class TimeLimit(Model):
    """法定/承诺办结时限: a number and a unit (工作日 / 自然日 / 即办)."""

    value: int = Field(ge=0, le=3650)
    unit: Unit
    extension: Extension | None = None
    basis: Citation | None = None
    note: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _immediate(self) -> TimeLimit:
        if self.unit == "immediate" and self.value != 0:
            raise ValueError("即办 (immediate) 的 value 必须为 0")
        if self.unit != "immediate" and self.value == 0:
            raise ValueError("0 天的时限请写 unit: immediate（即办）")
        return self


class FeeEntry(Model):
    id: Slug
    name: Name
    amount: Amount = Field(gt=0, max_digits=12, decimal_places=2)
    when: str | None = Field(default=None, max_length=1000)
    basis: Citation


class Fees(Model):
    """收费标准: either explicitly free (不收费) with its basis, or a list of entries."""

    free: bool
    basis: Citation | None = None
    entries: tuple[FeeEntry, ...] = ()

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
    by: Name


class OnlineMode(Model):
    """全程网办."""

    platforms: tuple[Name, ...] = ()
    substitutes: tuple[Substitute, ...] = ()
    scope: Scope | None = None
    note: str | None = Field(default=None, max_length=1000)


class ProxyMode(Model):
    """异地代收代办 (收受分离): who receives, what they check, how the file travels."""

    receivers: tuple[Name, ...] = Field(min_length=1)
    checks: tuple[Name, ...] = Field(min_length=1)
    transfer: Name
    result_delivery: tuple[Delivery, ...] = Field(min_length=1)
    tracing: str | None = Field(default=None, max_length=500)
    scope: Scope | None = None
    note: str | None = Field(default=None, max_length=1000)


class JointMode(Model):
    """多地联办: one place accepts, the authorities of several places cooperate."""

    authorities: tuple[Name, ...] = Field(min_length=1)
    coordination: str | None = Field(default=None, max_length=500)
    scope: Scope | None = None
    note: str | None = Field(default=None, max_length=1000)


class Modes(Model):
    online: OnlineMode | None = None
    proxy: ProxyMode | None = None
    joint: JointMode | None = None

    def offered(self) -> tuple[str, ...]:
        return tuple(m for m in MODES if getattr(self, m) is not None)


class Presence(Model):
    """是否需要到现场: only with a provision that requires it."""

    required: bool
    #: 到办事现场次数; None = no source states it
    visits: int | None = Field(default=None, ge=0, le=10)
    basis: Citation | None = None
    reason: str | None = Field(default=None, max_length=500)


class Scope(Model):
    """通办范围: 全国, a regional group (川渝, 西南五省…), named provinces, or 省内."""

    kind: Literal["nationwide", "group", "provinces", "intra_province"]
    group: Slug | None = None
    provinces: tuple[RegionCode, ...] = ()
    province: RegionCode | None = None

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Scope:
        need = {"group": self.group is not None, "provinces": bool(self.provinces), "intra_province": self.province is not None}
        for kind, present in need.items():
            if present != (self.kind == kind):
                raise ValueError(f"kind: {self.kind} 与字段 {kind if kind != 'intra_province' else 'province'} 不匹配")
        return self


class Result(Model):
    name: Name
    licence: Slug | None = None


class Step(Model):
    """办理流程 step."""

    name: Name
    actor: Name | None = None
    limit: TimeLimit | None = None
    description: str | None = Field(default=None, max_length=1000)
    presence: bool = False


class Routing(Model):
    """业务属地: which fact names the handling jurisdiction (e.g. 户籍地, 参保地)."""

    handling_region_fact: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    note: str | None = Field(default=None, max_length=500)


class Item(Model):
    """一个政务服务事项 (one version of it)."""

    id: Slug
    catalog_code: CatalogCode | None = None
    name: Name
    item_type: ItemType
    levels: tuple[Level, ...] = Field(min_length=1)
    department: Slug
    authority_kind: Literal["1", "2", "3", "9"] = "1"
    service_objects: tuple[ServiceObject, ...] = Field(min_length=1)
    themes: tuple[Theme, ...] = Field(min_length=1)
    legal_basis: tuple[Citation, ...] = Field(min_length=1)
    facts: Annotated[tuple[Fact, ...], AfterValidator(_unique("id"))] = ()
    conditions: Annotated[tuple[Condition, ...], AfterValidator(_unique("id"))] = ()
    materials: tuple[MaterialUse, ...] = ()
    #: None = not known from a source (a reviewed item must state both; see the checks)
    legal_limit: TimeLimit | None = None
    promised_limit: TimeLimit | None = None
    fees: Fees | None = None
    modes: Modes
    presence: Presence
    scope: Scope
    routing: Routing = Routing()
    results: tuple[Result, ...] = ()
    delivery: tuple[Delivery, ...] = ()
    process: tuple[Step, ...] = ()
    effective_from: Day
    effective_until: Day | None = None
    sources: tuple[ItemSource, ...] = Field(min_length=1)
    status: Status
    note: str | None = Field(default=None, max_length=2000)

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
    text: str | None = Field(default=None, max_length=2000)
    presence: bool = False


class Law(Model):
    """法律法规、规章或规范性文件 (the pricing documents included)."""

    id: Slug
    title: Name
    document: str | None = Field(default=None, max_length=100)
    kind: Literal["law", "administrative-regulation", "rule", "normative-document", "standard", "local-regulation"]
    issued_by: str | None = Field(default=None, max_length=200)
    effective_from: Day | None = None
    repealed_on: Day | None = None
    articles: Annotated[tuple[Article, ...], AfterValidator(_unique("id"))] = ()
    sources: tuple[Source, ...] = Field(min_length=1)


class Material(Model):
    id: Slug
    name: Name
    issuer: str | None = Field(default=None, max_length=200)
    kind: Literal["certificate", "form", "statement", "proof", "contract", "other"] = "other"
    note: str | None = Field(default=None, max_length=1000)


class Licence(Model):
    """电子证照 type."""

    id: Slug
    name: Name
    issuer: Slug
    note: str | None = Field(default=None, max_length=1000)


class Department(Model):
    id: Slug
    name: Name
    level: Literal["national", "provincial", "municipal", "county"] = "provincial"
    note: str | None = Field(default=None, max_length=500)


def _days_in_order(valid_from: date | None, valid_until: date | None) -> None:
    if valid_from and valid_until and valid_until < valid_from:
        raise ValueError(f"valid_until {valid_until} 早于 valid_from {valid_from}")


class Region(Model):
    """One GB/T 2260 code, with the days it is in use (both ends inclusive; None: open)."""

    code: RegionCode
    name: Name
    level: Literal["province", "prefecture", "county"]
    parent: RegionCode | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None

    @model_validator(mode="after")
    def _span(self) -> Region:
        _days_in_order(self.valid_from, self.valid_until)
        return self


class RegionDays(Model):
    """A code of a registry's compact ``codes`` with its name and the days it is in use."""

    name: Name
    valid_from: Day | None = None
    valid_until: Day | None = None

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
    url: Url
    licence: Annotated[str, Field(min_length=1, max_length=100)]
    version: Annotated[str, Field(min_length=1, max_length=500)]
    #: the data is current to this day (its newest recorded change)
    date: Day
    retrieved: Day
    #: the registry holds every code in use on any day from this one on
    since: Day
    generator: Annotated[str, Field(min_length=1, max_length=200)]
    note: Text | None = None


class RegionGroup(Model):
    id: Slug
    name: Name
    members: tuple[RegionCode, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)


class LawRegistry(Model):
    laws: Annotated[tuple[Law, ...], AfterValidator(_unique("id"))]


class MaterialRegistry(Model):
    materials: Annotated[tuple[Material, ...], AfterValidator(_unique("id"))]


class LicenceRegistry(Model):
    licences: Annotated[tuple[Licence, ...], AfterValidator(_unique("id"))]


class DepartmentRegistry(Model):
    departments: Annotated[tuple[Department, ...], AfterValidator(_unique("id"))]


class RegionRegistry(Model):
    """One file of the regions registry: codes (with their sources or dataset) and/or groups.

    Codes come written out (``regions``: level and parent explicit) or compact (``codes``: code →
    name, or name and days of use; level and parent follow from the code, see ``regions.py``) —
    the compact form reads some twenty times faster, which matters for thousands of codes.
    """

    dataset: RegionDataset | None = None
    sources: tuple[Source, ...] = ()
    regions: Annotated[tuple[Region, ...], AfterValidator(_unique("code"))] = ()
    codes: dict[RegionCode, CodeEntry] = {}
    groups: Annotated[tuple[RegionGroup, ...], AfterValidator(_unique("id"))] = ()

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
    from_: Day = Field(alias="from")
    to: Day

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)


class MakeUpDay(Model):
    date: Day
    name: Name


class CalendarSource(Model):
    title: Name
    document: str | None = Field(default=None, max_length=100)
    issued: Day | None = None
    url: Url | None = None


class CalendarYear(Model):
    """One year of the working-day calendar: holiday periods and 调休 workdays."""

    year: int = Field(ge=2000, le=2100)
    source: CalendarSource
    holidays: tuple[HolidayPeriod, ...] = Field(min_length=1)
    workdays: tuple[MakeUpDay, ...] = ()


# 《全国年节及纪念日放假办法》: the statutory holidays of each version, for years without a notice

MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|30|31)$")]


class StatutoryDay(Model):
    """One statutory day: a Gregorian ``date`` (MM-DD), a ``lunar`` date (MM-DD, ``offset`` days
    from it: -1 for 农历除夕, the day before 正月初一) or a ``solar_term`` (清明)."""

    date: MonthDay | None = None
    lunar: MonthDay | None = None
    offset: int = Field(default=0, ge=-1, le=1)
    solar_term: Literal["清明"] | None = None

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
    text: Name  # the words of 第二条, e.g. 放假4天（农历除夕、正月初一至初三）
    days: tuple[StatutoryDay, ...] = Field(min_length=1, max_length=7)


class MakeUpRule(Model):
    """第六条: a statutory day on a Saturday or Sunday is made up on a working day."""

    article: Name
    text: Text
    rule: Literal["first-working-days-after"]


class MeasuresSource(Model):
    title: Name
    url: Url
    publisher: Name  # who published this copy (中国政府网, 新华社 …)
    primary: bool  # the issuing authority's own publication, or a copy
    supports: tuple[str, ...] = ()
    note: str | None = Field(default=None, max_length=1000)


class MeasuresVersion(Model):
    revision: Name
    decree: Name
    promulgated: Day
    effective_from: Day
    holidays: Annotated[tuple[StatutoryHoliday, ...], AfterValidator(_unique("name"))] = Field(min_length=1)
    make_up: MakeUpRule | None = None
    sources: tuple[MeasuresSource, ...] = Field(min_length=1)


def _in_force_order(versions: tuple) -> tuple:
    starts = [v.effective_from for v in versions]
    if starts != sorted(set(starts)):
        raise ValueError("各版本须按施行日期 (effective_from) 从早到晚排列，且日期互不相同")
    return versions


class HolidayMeasures(Model):
    """《全国年节及纪念日放假办法》 in each version (``rules/calendar/holiday-measures.yaml``)."""

    title: Name
    issued_by: Name
    versions: Annotated[tuple[MeasuresVersion, ...], AfterValidator(_in_force_order)] = Field(min_length=1)


# ------------------------------------------------------------------ task list


class Task(Model):
    """One row of the 任务清单."""

    id: Slug
    name: Name
    batch: Slug
    deadline: Day | None = None
    department: Slug | None = None
    modes: tuple[Literal["online", "proxy", "joint"], ...] = ()
    items: tuple[Slug, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    note: str | None = Field(default=None, max_length=1000)


class Batch(Model):
    id: Slug
    name: Name
    deadline: Day | None = None
    document: str | None = Field(default=None, max_length=100)
    planned_count: int | None = Field(default=None, ge=0)
    sources: tuple[Source, ...] = Field(min_length=1)


class TaskList(Model):
    title: Name
    document: str | None = None
    batches: Annotated[tuple[Batch, ...], AfterValidator(_unique("id"))]
    tasks: Annotated[tuple[Task, ...], AfterValidator(_unique("id"))]


# ------------------------------------------------------------------ implementation lists


class Office(Model):
    """A 跨省通办 window or service hall: only local facts."""

    id: Slug
    name: Name
    region: AcceptingRegion
    address: str | None = Field(default=None, max_length=300)
    hours: str | None = Field(default=None, max_length=300)
    consult_phone: Phone | None = None
    complaint_phone: Phone | None = None
    booking: str | None = Field(default=None, max_length=300)
    accessibility: tuple[Name, ...] = ()
    sources: tuple[Source, ...] = ()


class ImplementedItem(Model):
    """One item as implemented locally: a reference plus local facts only."""

    item: Slug
    implementation_code: ImplementationCode | None = None
    offices: tuple[Slug, ...] = ()
    promised_limit: TimeLimit | None = None
    notes: str | None = Field(default=None, max_length=1000)
    # Elements a region may NOT change; present here only so that a file naming them can be
    # compared with the canonical item (四级四同).  Any mismatch is an error.
    name: Name | None = None
    catalog_code: CatalogCode | None = None
    item_type: ItemType | None = None


class ImplementationList(Model):
    """实施清单 of one region."""

    region: AcceptingRegion
    name: Name
    offices: Annotated[tuple[Office, ...], AfterValidator(_unique("id"))] = ()
    items: Annotated[tuple[ImplementedItem, ...], AfterValidator(_unique("item"))]
    sources: tuple[Source, ...] = ()


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
    date: Day
    #: the old name of ``date`` (deprecated: TB060); set only when the file used it
    on: Annotated[Day | None, WithJsonSchema({"type": "string", "format": "date", "deprecated": True})] = None
    region: AcceptingRegion
    facts: dict[str, object] = {}
    expect: dict[str, object]

    _legacy = model_validator(mode="before")(_legacy_on)


class CaseFile(Model):
    item: Slug
    cases: tuple[Case, ...] = Field(min_length=1)


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
