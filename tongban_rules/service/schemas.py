"""The service's requests and answers as pydantic models: requests are validated with them and
``openapi`` turns all of them into the OpenAPI document's schemas.

The answer models describe ``Decision.to_dict()`` (plus ``decision_id``); they are documentation
and contract, not a second serialiser: the service writes ``to_dict()`` as it is.  They allow
members they do not name, so a new member of a decision does not break a client that validates.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

#: most cases one ``decide-batch`` request may carry
MAX_BATCH = 1000

_DATE: JsonDict = {"format": "date"}
_ON = ("date of application (YYYY-MM-DD); default: today in China (Asia/Shanghai). A bad date "
       "is a 400 (TB412), a date the working-day calendar does not cover a 400 (TB401)")
_REGION = "accepting region (受理地), a GB/T 2260 code known to the rule set; unknown: 400 (TB414)"
_FACTS = "fact id → value, as declared by the item (see GET /v1/items/{item_id}: facts_schema)"


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DecideRequest(_Request):
    facts: dict[str, Any] = Field(default_factory=dict, description=_FACTS)
    region: str = Field(description=_REGION)
    on: str | None = Field(default=None, description=_ON, json_schema_extra=_DATE)


class Case(_Request):
    facts: dict[str, Any] = Field(default_factory=dict, description=_FACTS)


class DecideBatchRequest(_Request):
    region: str = Field(description=_REGION)
    on: str | None = Field(default=None, description=_ON, json_schema_extra=_DATE)
    cases: list[Case] = Field(max_length=MAX_BATCH, description=f"at most {MAX_BATCH} cases")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class Citation(_Answer):
    law: str
    title: str
    article: str | None
    document: str | None = None


class Words(_Answer):
    zh: str
    en: str


_RESIDUAL = "what is still open, in words: the condition with the known facts folded in (only while unknown)"


class ConditionResult(_Answer):
    id: str
    status: Literal["passed", "failed", "unknown"]
    text: str
    basis: list[Citation]
    residual: Words | None = Field(default=None, description=_RESIDUAL)


class Named(_Answer):
    id: str
    name: str


class SharedData(_Answer):
    department: str
    department_name: str
    data: str


class MaterialRow(_Answer):
    id: str
    name: str
    originals: int
    copies: int
    required: bool | None = Field(description="true needed, false optional, null depends on a missing fact")
    licences: list[Named]
    shared_data: SharedData | None = None
    residual: Words | None = Field(default=None, description=_RESIDUAL)


class Office(Named):
    region: str


class Routing(_Answer):
    accepting_region: str
    accepting_region_name: str | None
    offices: list[Office]
    handling_region: str | None
    handling_region_name: str | None
    handling_region_fact: str | None
    cross_province: bool | None
    in_scope: bool
    transfer: str | None = None


class Extension(_Answer):
    value: int
    unit: str
    when: str | None
    due_if_extended: str = Field(json_schema_extra=_DATE)


class Place(_Answer):
    code: str
    name: str


class TimeLimit(_Answer):
    value: int
    unit: Literal["working_days", "calendar_days", "immediate"]
    unit_name: str
    due: str = Field(json_schema_extra=_DATE)
    basis: Citation | None
    extension: Extension | None = None
    set_by: list[Place] | None = None


class TimeLimits(_Answer):
    legal: TimeLimit | None
    promised: TimeLimit | None


class StepLimit(_Answer):
    step: str
    value: int
    unit: Literal["working_days", "calendar_days", "immediate"]
    unit_name: str
    due: str = Field(json_schema_extra=_DATE)
    basis: Citation | None
    from_: str = Field(alias="from", json_schema_extra=_DATE)


class FeeEntry(_Answer):
    id: str
    name: str
    amount: str = Field(description="yuan, as a decimal string")
    basis: Citation | None
    residual: Words | None = Field(default=None, description=_RESIDUAL)


class Fee(_Answer):
    known: bool
    free: bool | None = None
    total: str | None = Field(description="yuan; null while a fee depends on a missing fact or fees are unknown")
    entries: list[FeeEntry]
    pending: list[FeeEntry]
    basis: Citation | None = None


class Provenance(_Answer):
    rules_digest: str
    item: str
    effective_from: str = Field(json_schema_extra=_DATE)
    effective_until: str | None
    status: Literal["draft", "reviewed"]
    engine_version: str
    on: str = Field(json_schema_extra=_DATE)


class Decision(_Answer):
    """``Decision.to_dict()`` plus the id the decision log records it under."""

    item: str
    outcome: Literal["eligible", "ineligible", "undetermined"]
    conditions: list[ConditionResult]
    missing_facts: list[str]
    materials: list[MaterialRow]
    modes: list[Literal["online", "proxy", "joint", "direct"]]
    routing: Routing
    time_limits: TimeLimits
    step_limits: list[StepLimit] = Field(default_factory=list, description="process steps with limits (离婚冷静期 …)")
    fee: Fee
    provenance: Provenance
    decision_id: str = Field(description="UUID of this decision (the decision log's key)")


class Decisions(_Answer):
    decisions: list[Decision]


class Health(_Answer):
    status: Literal["ok"]


class Version(_Answer):
    rules_digest: str
    engine_version: str
    package_version: str
    loaded_at: str = Field(description="when the rule set in force was loaded (UTC, ISO 8601)")
    items: int = Field(description="number of items in the rule set")


class VersionSpan(_Answer):
    effective_from: str = Field(json_schema_extra=_DATE)
    effective_until: str | None
    status: Literal["draft", "reviewed"]


class ItemSummary(_Answer):
    id: str
    name: str
    catalog_code: str | None
    status: Literal["draft", "reviewed"] | None = Field(description="status of the version in force; null if none")
    version: VersionSpan | None = Field(description="the version in force on the date asked (default today)")


class ItemList(_Answer):
    on: str = Field(json_schema_extra=_DATE)
    items: list[ItemSummary]


class ItemDetail(_Answer):
    id: str
    on: str = Field(json_schema_extra=_DATE)
    version: VersionSpan
    name: str
    catalog_code: str | None
    item_type: str
    levels: list[str]
    department: str
    legal_basis: list[Citation]
    facts_schema: dict[str, Any] = Field(description="JSON Schema (2020-12) of the facts this version declares")
    versions: list[VersionSpan]


class Problem(_Answer):
    """RFC 9457 problem details, with our code."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(pattern=r"^TB[0-9]{3}$")
    errors: list[dict[str, Any]] | None = Field(default=None, description="TB430: where the body is wrong")
    case: int | None = Field(default=None, description="decide-batch: the index of the bad case")


REQUESTS = (DecideRequest, DecideBatchRequest)
ANSWERS = (Decision, Decisions, Health, Version, ItemList, ItemDetail, Problem)
