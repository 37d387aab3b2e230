"""Did-you-mean for registry ids (TB301): close ids and names are offered, unrelated ones never."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tongban_rules import validate
from tongban_rules.load.suggest import closest, distance

from .patching import with_item


@dataclass(frozen=True)
class Entry:
    name: str


MATERIALS = {
    "resident-id-card": Entry("居民身份证"), "household-register": Entry("居民户口簿"),
    "marriage-certificate": Entry("结婚证"), "referral-certificate": Entry("转诊证明"),
    "motor-vehicle-driving-licence": Entry("机动车驾驶证"), "business-licence-copy": Entry("营业执照复印件"),
    "pension-contribution-certificate": Entry("养老保险缴费凭证"),
}
LAWS = {"notary-law": Entry("中华人民共和国公证法"), "hukou-registration-regulation": Entry("中华人民共和国户口登记条例"),
        "passport-law": Entry("中华人民共和国护照法")}


@pytest.mark.parametrize(("ref", "table", "meant"), [
    ("resident-id-cards", MATERIALS, "resident-id-card"),       # one letter more
    ("resdient-id-card", MATERIALS, "resident-id-card"),        # two letters swapped
    ("residentid-card", MATERIALS, "resident-id-card"),         # a hyphen left out
    ("household-registr", MATERIALS, "household-register"),     # one word misspelt
    ("id-card-resident", MATERIALS, "resident-id-card"),        # words in another order
    ("driving-licence", MATERIALS, "motor-vehicle-driving-licence"),  # words left out
    ("hukou-regulaton", LAWS, "hukou-registration-regulation"),
    ("户口簿", MATERIALS, "household-register"),                  # the name, not the id
    ("护照法", LAWS, "passport-law"),
    ("中华人民共和国公证法", LAWS, "notary-law"),
])
def test_near_misspellings_are_suggested(ref: str, table: dict, meant: str) -> None:
    assert closest(ref, table) == meant


@pytest.mark.parametrize(("ref", "table"), [
    ("police-certificate", MATERIALS),    # difflib offered marriage-certificate
    ("death-certificate", MATERIALS),     # difflib offered referral-certificate
    ("tax-law", LAWS),                    # difflib offered notary-law
    ("land-certificate", MATERIALS),
    ("photo", MATERIALS),
    ("婚姻法", LAWS),
    ("", MATERIALS),
])
def test_far_misspellings_get_no_suggestion(ref: str, table: dict) -> None:
    assert closest(ref, table) is None


def test_ids_rank_by_edit_distance_then_name_then_order() -> None:
    table = {"abcd-efgh": Entry("甲"), "abcd-efgx": Entry("乙"), "abcd-efxx": Entry("丙")}
    assert closest("abcd-efgy", table) == "abcd-efgh"          # a tie at one edit: the first in order
    assert closest("abcd-efxy", table) == "abcd-efxx"          # one edit beats two
    assert closest("乙", {**table, "zzzz": Entry("乙")}) == "abcd-efgx"
    assert closest("abcd-efgh", {"abcd-efgh-x": Entry("x"), "q": Entry("abcd-efgh-")}) == "abcd-efgh-x"
    assert closest("resident-id-card", set(MATERIALS)) is None  # the id itself is not a suggestion of itself


def test_distance_counts_swaps_as_one_and_stops_over_the_limit() -> None:
    assert distance("abcdef", "abdcef", 3) == 1
    assert distance("kitten", "sitting", 3) == 3
    assert distance("kitten", "sitting", 2) == 3  # over the limit: limit + 1
    assert distance("ab", "abcdefgh", 2) == 3


def test_tb301_hint_names_the_close_id_or_nothing(rules: Path) -> None:
    with_item(rules, "department: police", "department: polcie")
    [d] = validate(rules)
    assert d.code == "TB301" and "police" in d.hint


def test_tb301_far_reference_has_the_usual_hint(rules: Path) -> None:
    with_item(rules, "department: police", "department: tax-bureau")
    [d] = validate(rules)
    assert d.code == "TB301" and "tax-bureau" in d.message and "police" not in d.hint and d.hint
