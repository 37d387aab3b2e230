"""Tests for the condition language (tongban_rules.lang.expr)."""

from __future__ import annotations

import ast
import itertools
import warnings
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongban_rules.errors import DecisionError
from tongban_rules.lang.expr import (
    MAX_DEPTH,
    Condition,
    ExprError,
    check,
    compile_all,
    evaluate_slow,
    validate_fact_value,
)

# ---------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class Fact:
    id: str
    type: str
    values: tuple[str, ...] | None = None


class FakeRegions:
    """A tiny RegionIndex: each code knows its parent."""

    PARENT = {
        "510000": None, "510100": "510000", "510104": "510100", "510107": "510100",
        "511300": "510000", "511302": "511300",
        "500000": None, "500100": "500000", "500101": "500100",
        "110000": None, "110101": "110000",
    }
    GROUPS = {"chuanyu": frozenset({"510000", "500000"}), "chengdu_plain": frozenset({"510100"})}

    def is_known(self, code, on=None):
        return code in self.PARENT

    def refusal(self, code, on=None, where=("", "")):
        return None if code in self.PARENT else ("", {"region": code, "where": where[0], "where_en": where[1]})

    def within(self, code, ancestor):
        while code is not None:
            if code == ancestor:
                return True
            code = self.PARENT.get(code)
        return False

    def province_of(self, code):
        while self.PARENT[code] is not None:
            code = self.PARENT[code]
        return code

    def group(self, name):
        return self.GROUPS.get(name)


REGIONS = FakeRegions()
MARITAL = ("unmarried", "married", "divorced", "widowed")
CATEGORY = ("retired_resident", "long_term_worker", "student")
REASONS = ("lost", "damaged", "expired", "丢失")
FACTS = {
    f.id: f
    for f in [
        Fact("age", "int"), Fact("flag", "bool"), Fact("other_flag", "bool"),
        Fact("income", "decimal"), Fact("name", "string"),
        Fact("marital_status", "enum", MARITAL), Fact("category", "enum", CATEGORY),
        Fact("birth_date", "date"), Fact("insured_region", "region"), Fact("home", "region"),
        Fact("reasons", "set", REASONS), Fact("年龄", "int"),
    ]
}
ON = date(2025, 5, 10)


def ok(text: str, facts=FACTS) -> Condition:
    cond, errors = check(text, facts, REGIONS)
    assert errors == [], [(e.code, e.message) for e in errors]
    assert cond is not None
    return cond


def run(text: str, on: date = ON, **facts):
    """Evaluate through all three paths and insist they agree."""
    cond = ok(text)
    results = {cond.evaluate(facts, on), evaluate_slow(cond, facts, on), compile_all([cond])(facts, on)[0]}
    assert len(results) == 1, (text, facts, results)
    return results.pop()


def errors(text: str, regions=REGIONS) -> list[tuple[str, int, int]]:
    cond, errs = check(text, FACTS, regions)
    assert cond is None and errs
    for e in errs:
        assert isinstance(e, ExprError) and e.message and e.message_en
    return [(e.code, e.line, e.col_offset) for e in errs]


# ---------------------------------------------------------------- the examples of the brief


@pytest.mark.parametrize(
    "text, facts, expected",
    [
        ('age >= 16 and marital_status == "unmarried"', {"age": 16, "marital_status": "unmarried"}, True),
        ('age >= 16 and marital_status == "unmarried"', {"age": 15, "marital_status": "unmarried"}, False),
        ('insured_region not in province("510000")', {"insured_region": "510104"}, False),
        ('insured_region not in province("510000")', {"insured_region": "500101"}, True),
        ('category in {"retired_resident", "long_term_worker"}', {"category": "student"}, False),
        ('category in {"retired_resident", "long_term_worker"}', {"category": "long_term_worker"}, True),
        ("age(birth_date) >= 22", {"birth_date": date(2003, 5, 10)}, True),
        ("age(birth_date) >= 22", {"birth_date": date(2003, 5, 11)}, False),
        ('"lost" in reasons', {"reasons": frozenset({"lost"})}, True),
        ('"lost" in reasons', {"reasons": frozenset()}, False),
        ('"丢失" in reasons', {"reasons": frozenset({"丢失"})}, True),
    ],
)
def test_examples(text, facts, expected):
    assert run(text, **facts) is expected


def test_facts_in_order_of_first_appearance():
    cond = ok('marital_status == "married" and age > 1 and (age < 9 or flag) and "lost" in reasons')
    assert cond.facts == ("marital_status", "age", "flag", "reasons")
    assert cond.text.startswith("marital_status")
    assert ok('decision_date() >= date("2025-01-01")').facts == ()


# ---------------------------------------------------------------- errors: codes and positions


@pytest.mark.parametrize(
    "text, expected",
    [
        # TB402 syntax, and constructs outside the whitelist
        ("age >=", [("TB402", 1, 6)]),
        ("x ==", [("TB402", 1, 4)]),
        ("a) or (b", [("TB402", 1, 1)]),
        ("(age > 1", [("TB402", 1, 0)]),
        ("", [("TB402", 1, 0)]),
        ("   ", [("TB402", 1, 0)]),
        ("age >= 16 and foo.bar", [("TB402", 1, 14)]),
        ("age[0] > 1", [("TB402", 1, 0)]),
        ("age + 1 > 2", [("TB402", 1, 0)]),
        ("age ** 2 > 2", [("TB402", 1, 0)]),
        ("-age < 0", [("TB402", 1, 0)]),
        ("flag is True", [("TB402", 1, 0)]),
        ("age > 1 if flag else flag", [("TB402", 1, 0)]),
        ('f"{age}" == "1"', [("TB402", 1, 0)]),
        ("(x := 1) > 0", [("TB402", 1, 1)]),
        ("age in [1, 2]", [("TB402", 1, 7)]),
        ("age in {1, age}", [("TB402", 1, 11)]),
        ("age == None", [("TB402", 1, 7)]),
        ("age == 1j", [("TB402", 1, 7)]),
        ('age(*x) > 1', [("TB402", 1, 4)]),
        ("age > 99999999999999999999", [("TB402", 1, 6)]),
        # TB403 unknown fact
        ("agee >= 16", [("TB403", 1, 0)]),
        ('"中文" == 名字', [("TB403", 1, 8)]),
        ("decision_date > date('2020-01-01')", [("TB403", 1, 0)]),
        # TB404 type mismatch
        ('age == "x"', [("TB404", 1, 0)]),
        ('marital_status == "single"', [("TB404", 1, 18)]),
        ('"single" != marital_status', [("TB404", 1, 0)]),
        ("flag < other_flag", [("TB404", 1, 0)]),
        ('category > "student"', [("TB404", 1, 0)]),
        ("insured_region <= home", [("TB404", 1, 0)]),
        ('name < "x"', [("TB404", 1, 0)]),
        ('birth_date < "2000-01-01"', [("TB404", 1, 0)]),
        ("age == True", [("TB404", 1, 0)]),
        ('age in {"a"}', [("TB404", 1, 0)]),
        ('category in {"retired_resident", "nope"}', [("TB404", 1, 33)]),
        ('"stolen" in reasons', [("TB404", 1, 0)]),
        ('insured_region in {"510000"}', [("TB404", 1, 0)]),
        ("age in reasons", [("TB404", 1, 0)]),
        ('age in {1, "a"}', [("TB404", 1, 7)]),
        ("flag and age", [("TB404", 1, 9)]),
        ("not age", [("TB404", 1, 4)]),
        ("birth_date in province('510000')", [("TB404", 1, 0)]),
        # TB405 functions
        ("foo(1)", [("TB405", 1, 0)]),
        ("open('f')", [("TB405", 1, 0)]),
        ("age() > 1", [("TB405", 1, 0)]),
        ("age(birth_date, birth_date) > 1", [("TB405", 1, 0)]),
        ("age(x=birth_date) > 1", [("TB405", 1, 0)]),
        ("age(age) > 1", [("TB405", 1, 4)]),
        ('date("2025-13-01") > birth_date', [("TB405", 1, 5)]),
        ('date("2025/01/01") > birth_date', [("TB405", 1, 5)]),
        ("date(20250101) > birth_date", [("TB405", 1, 5)]),
        ("insured_region in province(home)", [("TB405", 1, 27)]),
        ("today() > birth_date", [("TB405", 1, 0)]),
        ("len(age) > 1", [("TB405", 1, 4)]),
        ("province_of(age) == home", [("TB405", 1, 12)]),
        # TB406 regions
        ('insured_region in province("510100")', [("TB406", 1, 27)]),
        ('insured_region in region("999999")', [("TB406", 1, 25)]),
        ('insured_region in group("xinan")', [("TB406", 1, 24)]),
        ('insured_region == "999999"', [("TB406", 1, 18)]),
        ('"510199" == home', [("TB406", 1, 0)]),
        # TB407 not boolean
        ("age", [("TB407", 1, 0)]),
        ("age(birth_date)", [("TB407", 1, 0)]),
        ('province("510000")', [("TB407", 1, 0)]),
        ('"yes"', [("TB407", 1, 0)]),
        ("(\n  age\n)", [("TB407", 2, 2)]),
    ],
)
def test_error_codes_and_positions(text, expected):
    assert errors(text) == expected


def test_all_errors_are_reported():
    text = 'agee > 1 and marital_status == "single" and foo() and bar.baz'
    assert errors(text) == [("TB403", 1, 0), ("TB404", 1, 31), ("TB405", 1, 44), ("TB402", 1, 54)]


def test_positions_are_characters_on_their_line():
    text = '"丢失" in reasons and\n    年龄 > 1 and\n    agee < 60'
    assert errors(text) == [("TB403", 3, 4)]
    assert errors('年龄 == "甲"') == [("TB404", 1, 0)]
    assert errors('"丢失" in reasons and agee') == [("TB403", 1, 20)]


def test_syntax_error_positions_are_clamped_into_the_text():
    (code, line, col), = errors("age >= 16 and\n")
    assert code == "TB402" and (line, col) <= (2, 0)
    (code, line, col), = errors("age >=\n  16 and")
    assert code == "TB402" and 1 <= line <= 2


def test_hints():
    _, errs = check("agee >= 16", FACTS, REGIONS)
    assert "age" in errs[0].hint and "age" in errs[0].hint_en
    _, errs = check('marital_status == "unmaried"', FACTS, REGIONS)
    assert "unmarried" in errs[0].hint
    _, errs = check("today() > birth_date", FACTS, REGIONS)
    assert "decision_date" in errs[0].hint
    _, errs = check('birth_date < "2000-01-01"', FACTS, REGIONS)
    assert "date(" in errs[0].hint


def test_region_functions_need_a_registry():
    assert errors('insured_region in province("510000")', regions=None) == [("TB406", 1, 18)]
    assert errors('insured_region == "510104"', regions=None) == [("TB406", 1, 18)]
    assert errors("province_of(home) == home", regions=None) == [("TB406", 1, 0)]


def test_limits():
    assert errors("flag and " * 300 + "flag")[0][0] == "TB402"  # too long
    deep = "not " * (MAX_DEPTH + 5) + "flag"
    assert errors(deep)[0][0] == "TB402"
    ok("(" * 10 + "not " * 10 + "flag" + ")" * 10)
    ok(" or ".join(f"age == {i}" for i in range(150)))


def test_not_a_string():
    cond, errs = check(42, FACTS, REGIONS)  # type: ignore[arg-type]
    assert cond is None and errs[0].code == "TB402"


def test_values_may_be_a_mapping():
    facts = {"status": Fact("status", "enum", {"single": "未婚", "married": "已婚"})}  # type: ignore[arg-type]
    cond, errs = check('status == "single"', facts, REGIONS)
    assert errs == [] and cond.evaluate({"status": "single"}, ON) is True
    _, errs = check('status == "widowed"', facts, REGIONS)
    assert [e.code for e in errs] == ["TB404"]
    assert validate_fact_value(facts["status"], "married") == "married"


def test_unknown_fact_type():
    cond, errs = check("x > 1", {"x": Fact("x", "float")}, REGIONS)
    assert cond is None and errs[0].code == "TB404"


# ---------------------------------------------------------------- security


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('touch {p}')",
        "().__class__",
        "().__class__.__bases__[0].__subclasses__()",
        "open('{p}', 'w')",
        "[x for x in y]",
        "lambda: 1",
        "exec('open(\"{p}\", \"w\")')",
        "eval('1')",
        "__builtins__",
        "{{x: 1 for x in flag}}",
        "(yield)",
        "globals()",
        "flag and __import__('os').system('touch {p}')",
    ],
)
def test_dangerous_input_is_rejected_and_never_runs(text, tmp_path):
    marker = tmp_path / "pwned"
    cond, errs = check(text.format(p=marker), FACTS, REGIONS)
    assert cond is None and errs and {e.code for e in errs} <= {"TB402", "TB403", "TB405"}
    assert not marker.exists()


def test_string_literals_cannot_inject_code(tmp_path):
    marker = tmp_path / "pwned"
    payload = f"x'); __import__('os').system('touch {marker}'); ('"
    cond = ok(f"name == {payload!r}")
    assert cond.evaluate({"name": payload}, ON) is True
    assert cond.evaluate({"name": "x"}, ON) is False
    assert not marker.exists()
    assert "__import__" not in cond.source.replace(repr(payload), "")


# ---------------------------------------------------------------- three-valued logic

K = [True, False, None]


def kleene_and(a, b):
    return False if False in (a, b) else None if None in (a, b) else True


def kleene_or(a, b):
    return True if True in (a, b) else None if None in (a, b) else False


def bools(a, b):
    return {k: v for k, v in (("flag", a), ("other_flag", b)) if v is not None}


@pytest.mark.parametrize("a, b", list(itertools.product(K, K)))
def test_truth_tables(a, b):
    assert run("flag and other_flag", **bools(a, b)) is kleene_and(a, b)
    assert run("flag or other_flag", **bools(a, b)) is kleene_or(a, b)
    assert run("not flag", **bools(a, b)) is (None if a is None else not a)
    assert run("not (flag and other_flag)", **bools(a, b)) is (
        None if kleene_and(a, b) is None else not kleene_and(a, b))
    assert run("flag == other_flag", **bools(a, b)) is (None if None in (a, b) else a == b)


def test_short_circuit_and_unknown_operands():
    assert run("flag and age >= 16", flag=False) is False
    assert run("age >= 16 and flag", flag=False) is False
    assert run("flag or age >= 16", flag=True) is True
    assert run("age >= 16 or flag", flag=True) is True
    assert run("flag and age >= 16", flag=True) is None
    assert run("age >= 16") is None
    assert run('insured_region in province("510000")') is None
    assert run("age(birth_date) > 1 or not flag", flag=True) is None
    assert run('"lost" not in reasons') is None
    assert run("16 <= age < 60") is None
    assert run("province_of(home) == province_of(insured_region)", home="510104") is None


def test_none_values_count_as_missing():
    cond = ok("flag and age > 1")
    assert cond.evaluate({"flag": True, "age": None}, ON) is None
    assert cond.evaluate({"flag": False, "age": None}, ON) is False


def test_missing_facts_never_default():
    for text in ["not flag", "age != 0", 'marital_status != "married"', '"lost" not in reasons',
                 "len(reasons) == 0", "income != 0"]:
        assert run(text) is None, text


# ---------------------------------------------------------------- functions


@pytest.mark.parametrize(
    "birth, on, years",
    [
        (date(2009, 5, 10), date(2025, 5, 9), 15),
        (date(2009, 5, 10), date(2025, 5, 10), 16),  # the birthday itself completes the year
        (date(2009, 5, 10), date(2025, 5, 11), 16),
        (date(2008, 2, 29), date(2024, 2, 28), 15),
        (date(2008, 2, 29), date(2024, 2, 29), 16),  # leap year: on 29 Feb
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2007, 2, 28), date(2025, 2, 28), 18),
        (date(2008, 2, 29), date(2027, 2, 28), 18),  # common year: not yet on 28 Feb …
        (date(2008, 2, 29), date(2027, 3, 1), 19),  # … but on 1 Mar
        (date(2025, 5, 10), date(2025, 5, 10), 0),
        (date(2025, 5, 11), date(2025, 5, 10), -1),  # a future date
    ],
)
def test_age_and_years_since(birth, on, years):
    assert run(f"age(birth_date) == {years}", on=on, birth_date=birth) is True
    assert run(f"years_since(birth_date) == {years}", on=on, birth_date=birth) is True


@pytest.mark.parametrize(
    "d, on, months, days",
    [
        (date(2025, 1, 10), date(2025, 2, 9), 0, 30),
        (date(2025, 1, 10), date(2025, 2, 10), 1, 31),
        (date(2025, 1, 31), date(2025, 2, 28), 0, 28),  # no 31 Feb: the month completes on 1 Mar
        (date(2025, 1, 31), date(2025, 3, 1), 1, 29),
        (date(2024, 1, 31), date(2024, 2, 29), 0, 29),
        (date(2023, 5, 10), date(2025, 5, 10), 24, 731),
        (date(2025, 5, 10), date(2025, 5, 10), 0, 0),
        (date(2025, 6, 10), date(2025, 5, 10), -1, -31),
    ],
)
def test_months_and_days_since(d, on, months, days):
    assert run(f"months_since(birth_date) == {months}", on=on, birth_date=d) is True
    assert run(f"days_since(birth_date) == {days}", on=on, birth_date=d) is True


def test_dates():
    assert run('decision_date() >= date("2025-05-10")') is True
    assert run('decision_date() > date("2025-05-10")') is False
    assert run('decision_date() == date("2025-05-11")', on=date(2025, 5, 11)) is True
    assert run('birth_date < date("2000-02-29")', birth_date=date(2000, 2, 28)) is True
    assert run("birth_date <= decision_date()", birth_date=ON) is True


def test_region_functions():
    assert run('insured_region in region("510100")', insured_region="510104") is True
    assert run('insured_region in region("510100")', insured_region="510100") is True
    assert run('insured_region in region("510100")', insured_region="511302") is False
    assert run('insured_region in province("510000")', insured_region="510000") is True
    assert run('insured_region in group("chuanyu")', insured_region="500101") is True
    assert run('insured_region in group("chuanyu")', insured_region="110101") is False
    assert run('insured_region not in group("chuanyu")', insured_region="110101") is True
    assert run('insured_region in group("chengdu_plain")', insured_region="510107") is True
    same = "province_of(home) == province_of(insured_region)"
    assert run(same, home="510104", insured_region="511302") is True
    assert run(same, home="510104", insured_region="500101") is False
    assert run('province_of(home) == "510000"', home="511302") is True
    assert run('home == "510104"', home="510104") is True
    assert run('home != "510104"', home="510107") is True


def test_sets_and_len():
    assert run("len(reasons) >= 2", reasons=frozenset({"lost", "damaged"})) is True
    assert run("len(reasons) == 0", reasons=frozenset()) is True
    assert run('"expired" not in reasons', reasons=frozenset({"lost"})) is True
    assert run("category in {\"student\"}", category="student") is True
    assert run("age in {16, 18, -1}", age=-1) is True
    assert run("income in {1.5, 2}", income=Decimal("2")) is True


def test_decimal_literals_are_exact():
    assert run("income >= 1.1", income=Decimal("1.1")) is True
    assert run("income == 0.1", income=Decimal("0.1")) is True
    assert run("income == 0.10", income=Decimal("0.1")) is True
    assert run("income < 3000", income=Decimal("2999.99")) is True
    assert run("income > -0.5", income=Decimal("0")) is True
    assert run("age < 16.5", age=16) is True
    assert run("income == 1_000.25", income=Decimal("1000.25")) is True
    assert "float" not in ok("income >= 1.1").source


def test_chained_comparison():
    assert run("16 <= age < 60", age=16) is True
    assert run("16 <= age < 60", age=60) is False
    assert run("16 <= age < 60", age=15) is False
    assert run("1 < 2 < age", age=3) is True


def test_strings_and_enums():
    assert run('name == "张三"', name="张三") is True
    assert run('marital_status != "married"', marital_status="divorced") is True
    assert run("marital_status == category", marital_status="x", category="x") is True


def test_line_breaks():
    assert run('age >= 16\n  and marital_status == "unmarried"', age=16, marital_status="married") is False
    assert run("not\n  flag", flag=False) is True
    assert run("(age >= 16 or\n flag)\n", flag=True) is True
    assert run("age >= 16 \\\n and flag", flag=False) is False


def test_comments_are_rejected():
    # a folded YAML scalar joins lines: the comment would silently swallow "and flag"
    assert errors("age >= 16  # 满十六周岁 and flag") == [("TB402", 1, 11)]
    assert errors("age >= 16  # 满十六周岁\n and flag") == [("TB402", 1, 11)]
    assert run('name == "#1"', name="#1") is True


def test_backslash_errors_stay_inside_the_line():
    (code, line, col), = errors("age\\\n\\age")
    assert code == "TB402" and line == 2 and col <= 4


def test_compile_all():
    conds = [ok(t) for t in ["age >= 16", 'marital_status == "unmarried"', "flag", "not flag",
                             '"lost" in reasons', 'insured_region in province("510000")']]
    fn = compile_all(conds)
    assert fn({"age": 16, "flag": True}, ON) == (True, None, True, False, None, None)
    facts = {"age": 3, "flag": False, "marital_status": "married", "reasons": frozenset(),
             "insured_region": "510104"}
    assert fn(facts, ON) == (False, False, False, True, False, True)
    assert compile_all([])({}, ON) == ()


# ---------------------------------------------------------------- fact values


def test_validate_fact_value():
    v = validate_fact_value
    assert v(FACTS["age"], 3) == 3
    assert v(FACTS["flag"], False) is False
    assert v(FACTS["income"], "12.50") == Decimal("12.50")
    assert v(FACTS["income"], 12) == Decimal(12)
    assert v(FACTS["income"], Decimal("0.1")) == Decimal("0.1")
    assert v(FACTS["birth_date"], "2000-02-29") == date(2000, 2, 29)
    assert v(FACTS["birth_date"], date(2000, 2, 29)) == date(2000, 2, 29)
    assert v(FACTS["marital_status"], "married") == "married"
    assert v(FACTS["reasons"], ["lost", "lost"]) == frozenset({"lost"})
    assert v(FACTS["insured_region"], "510104", REGIONS) == "510104"
    assert v(FACTS["name"], "张三") == "张三"


@pytest.mark.parametrize(
    "fact, value",
    [
        ("age", True), ("age", 1.0), ("age", "3"), ("flag", 1), ("income", 1.5), ("income", "1e3"),
        ("income", Decimal("NaN")), ("income", True), ("birth_date", "2000-02-30"),
        ("birth_date", "20000101"), ("birth_date", date(2000, 1, 1).isoformat() + "T00:00"),
        ("marital_status", "single"), ("reasons", "lost"), ("reasons", ["stolen"]),
        ("insured_region", 510104),
        ("name", None), ("age", None),
    ],
)
def test_validate_fact_value_rejects(fact, value):
    with pytest.raises(DecisionError) as e:
        validate_fact_value(FACTS[fact], value, REGIONS)
    assert e.value.code == "TB410" and fact in e.value.message and fact in e.value.message_en


@pytest.mark.parametrize("value", ["999999", "5101", "51０104", "510199", ""])
def test_validate_fact_value_refuses_unknown_region_codes(value):
    """A region given as text that the registry does not know is TB414, naming the fact."""
    with pytest.raises(DecisionError) as e:
        validate_fact_value(FACTS["insured_region"], value, REGIONS)
    assert e.value.code == "TB414" and "insured_region" in e.value.message and repr(value) in e.value.message_en


def test_validate_fact_value_without_registry_wants_six_ascii_digits():
    assert validate_fact_value(FACTS["insured_region"], "123456") == "123456"
    with pytest.raises(DecisionError) as e:
        validate_fact_value(FACTS["insured_region"], "12345６")
    assert e.value.code == "TB414"


def test_validate_rejects_datetime():
    from datetime import datetime

    with pytest.raises(DecisionError):
        validate_fact_value(FACTS["birth_date"], datetime(2000, 1, 1))


# ---------------------------------------------------------------- an independent reference evaluator
# Written over Python's ast, separately from expr.py's IR, with its own date arithmetic.


def ref_anniversary(d: date, year: int, month: int) -> date:
    """The day the period from ``d`` completes in year/month (1st of next month if no such day)."""
    try:
        return date(year, month, d.day)
    except ValueError:
        return date(year + month // 12, month % 12 + 1, 1)


def ref_months(d: date, on: date) -> int:
    months = (on.year - d.year) * 12 + on.month - d.month
    return months - 1 if on < ref_anniversary(d, on.year, on.month) else months


def ref_years(d: date, on: date) -> int:
    years = on.year - d.year
    return years - 1 if on < ref_anniversary(d, on.year, d.month) else years


class Regions(tuple):
    pass


def ref_eval(node, facts, on):
    if isinstance(node, ast.Expression):
        return ref_eval(node.body, facts, on)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return facts.get(node.id)
    if isinstance(node, ast.Set):
        return frozenset(ref_eval(e, facts, on) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        v = ref_eval(node.operand, facts, on)
        if isinstance(node.op, ast.USub):
            return -v
        return None if v is None else not v
    if isinstance(node, ast.BoolOp):
        vals = []
        for n in node.values:  # short-circuit like the real thing
            vals.append(ref_eval(n, facts, on))
            if vals[-1] is isinstance(node.op, ast.Or):
                return vals[-1]
        return None if None in vals else isinstance(node.op, ast.And)
    if isinstance(node, ast.Compare):
        items = [ref_eval(n, facts, on) for n in [node.left, *node.comparators]]
        result = True
        for op, a, b in zip(node.ops, items, items[1:]):
            result = kleene_and(result, ref_compare(op, a, b))
        return result
    assert isinstance(node, ast.Call)
    name = node.func.id
    args = [ref_eval(a, facts, on) for a in node.args]
    if name in ("province", "region", "group"):
        return Regions(REGIONS.group(args[0]) if name == "group" else [args[0]])
    if name == "date":
        return date.fromisoformat(args[0])
    if name == "decision_date":
        return on
    if None in args:
        return None
    fns = {"age": ref_years, "years_since": ref_years, "months_since": ref_months,
           "days_since": lambda d, on: (on - d).days}
    if name in fns:
        return fns[name](args[0], on)
    return {"len": len, "province_of": REGIONS.province_of}[name](args[0])


def ref_compare(op, a, b):
    if a is None or b is None:
        return None
    if isinstance(op, (ast.In, ast.NotIn)):
        inside = any(REGIONS.within(a, m) for m in b) if isinstance(b, Regions) else a in b
        return inside if isinstance(op, ast.In) else not inside
    if isinstance(a, float) or isinstance(b, float):
        raise AssertionError("binary float in a comparison")
    return {ast.Eq: a == b, ast.NotEq: a != b, ast.Lt: a < b, ast.LtE: a <= b, ast.Gt: a > b,
            ast.GtE: a >= b}[type(op)]


def ref(text, facts, on):
    tree = ast.parse("(\n" + text + "\n)", mode="eval")
    for n in ast.walk(tree):  # the reference reads decimals the way authors mean them
        if isinstance(n, ast.Constant) and isinstance(n.value, float):
            n.value = Decimal(ast.get_source_segment("(\n" + text + "\n)", n))
    return ref_eval(tree, facts, on)


# ---------------------------------------------------------------- hypothesis

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
leap_heavy_dates = st.one_of(dates, st.sampled_from([date(2000, 2, 29), date(2024, 2, 29), date(2023, 2, 28),
                                                     date(2023, 3, 1), date(2024, 1, 31), date(2025, 5, 10)]))
region_codes = st.sampled_from(sorted(FakeRegions.PARENT))
ints = st.integers(-3, 130)
decimals = st.decimals(min_value=-10000, max_value=10000, places=2, allow_nan=False, allow_infinity=False)
cmp = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
eq = st.sampled_from(["==", "!="])
member = st.sampled_from(["in", "not in"])


def lit_date(d):
    return f'date("{d.isoformat()}")'


def subset(values):
    return st.sets(st.sampled_from(values), min_size=1).map(lambda s: "{" + ", ".join(map(repr, sorted(s))) + "}")


leaves = st.one_of(
    st.sampled_from(["flag", "other_flag", "True", "False"]),
    st.builds("age {} {}".format, cmp, ints),
    st.builds("{} <= age < {}".format, ints, ints),
    st.builds("income {} {}".format, cmp, decimals.map(str)),
    st.builds("income {} {}".format, cmp, ints),
    st.builds('marital_status {} "{}"'.format, eq, st.sampled_from(MARITAL)),
    st.builds("category {} {}".format, member, subset(CATEGORY)),
    st.builds("age {} {}".format, member, st.sets(ints, min_size=1).map(lambda s: "{" + ", ".join(map(str, s)) + "}")),
    st.builds('"{}" {} reasons'.format, st.sampled_from(REASONS), member),
    st.builds("len(reasons) {} {}".format, cmp, st.integers(0, 4)),
    st.builds("birth_date {} {}".format, cmp, dates.map(lit_date)),
    st.builds("{}(birth_date) {} {}".format, st.sampled_from(["age", "years_since", "months_since", "days_since"]),
              cmp, st.integers(-50, 2000)),
    st.builds("decision_date() {} {}".format, cmp, dates.map(lit_date)),
    st.builds('insured_region {} {}("{}")'.format, member, st.just("province"),
              st.sampled_from(["510000", "500000", "110000"])),
    st.builds('insured_region {} region("{}")'.format, member, region_codes),
    st.builds('home {} group("{}")'.format, member, st.sampled_from(sorted(FakeRegions.GROUPS))),
    st.builds("province_of(insured_region) {} province_of(home)".format, eq),
    st.builds('home {} "{}"'.format, eq, region_codes),
    st.builds('name {} "{}"'.format, eq, st.sampled_from(["张三", "x", ""])),
    st.builds("flag {} other_flag".format, eq),
)

expressions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map("not {}".format),
        inner.map("({})".format),
        st.builds("{} and {}".format, inner, inner),
        st.builds("{} or {}".format, inner, inner),
        st.builds("({} or {}) and not {}".format, inner, inner, inner),
    ),
    max_leaves=12,
)

fact_values = {
    "age": ints, "flag": st.booleans(), "other_flag": st.booleans(), "income": decimals,
    "name": st.sampled_from(["张三", "x", "y"]), "marital_status": st.sampled_from(MARITAL),
    "category": st.sampled_from(CATEGORY), "birth_date": leap_heavy_dates,
    "insured_region": region_codes, "home": region_codes,
    "reasons": st.frozensets(st.sampled_from(REASONS)),
}


@st.composite
def fact_dicts(draw):
    out = {}
    for key, values in fact_values.items():
        choice = draw(st.integers(0, 5))
        if choice == 0:
            continue  # missing
        out[key] = None if choice == 1 else draw(values)
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.lists(fact_dicts(), min_size=1, max_size=4), leap_heavy_dates)
def test_compiled_agrees_with_reference(text, fact_sets, on):
    cond = ok(text)
    for facts in fact_sets:
        expected = ref(text, facts, on)
        assert cond.evaluate(facts, on) is expected, (text, facts, cond.source)
        assert evaluate_slow(cond, facts, on) is expected
        full = {k: v for k, v in facts.items() if v is not None}
        assert cond.evaluate(full, on) is expected


@settings(max_examples=100, deadline=None)
@given(st.lists(expressions, min_size=1, max_size=6), fact_dicts(), leap_heavy_dates)
def test_compile_all_agrees(texts, facts, on):
    conds = [ok(t) for t in texts]
    assert compile_all(conds)(facts, on) == tuple(c.evaluate(facts, on) for c in conds)


def check_never_raises(text):
    cond, errs = check(text, FACTS, REGIONS)
    assert (cond is None) == bool(errs)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for e in errs:
        assert e.code in {"TB402", "TB403", "TB404", "TB405", "TB406", "TB407"}
        assert 1 <= e.line <= len(lines) and 0 <= e.col_offset <= len(lines[e.line - 1])
    if cond is not None:
        cond.evaluate({}, ON)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80))
def test_random_text_never_raises(text):
    check_never_raises(text)


TOKENS = ["age", "flag", "reasons", "home", "insured_region", "birth_date", "income", "marital_status",
          "(", ")", "{", "}", "[", "]", ",", ".", ":", "and", "or", "not", "in", "is", "==", "<", ">=",
          "!=", "+", "-", "*", "**", "1", "1.5", "-2", "0x1f", "1e400", '"lost"', '"510000"', "'x'",
          "True", "None", "age(", "date(", '"2024-02-29"', "province(", "group(", '"chuanyu"',
          "region(", "province_of(", "len(", "decision_date()", "lambda", "for", "if", "else", ":=",
          "__class__", "\n", " ", "#", "\\", '"""', "f'", "年龄", "丢失"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_token_soup_never_raises(tokens):
    check_never_raises(" ".join(tokens))
    check_never_raises("".join(tokens))


@settings(max_examples=200, deadline=None)
@given(expressions, st.integers(0, 5))
def test_valid_expressions_survive_damage(text, cut):
    check_never_raises(text[: len(text) - cut])
    check_never_raises(text.replace("(", "", cut))


def test_generated_source_is_recompilable_for_edge_shapes():
    wide = " and ".join(f'(age > {i} or "lost" in reasons)' for i in range(40))
    cond = ok(wide)
    assert cond.evaluate({"age": 100, "reasons": frozenset()}, ON) is True
    assert cond.evaluate({"reasons": frozenset()}, ON) is None
    assert cond.evaluate({"age": 0}, ON) is None
    assert cond.evaluate({"age": 0, "reasons": frozenset()}, ON) is False
    deep = "(" * 15 + "not " * 15 + "flag" + ")" * 15
    assert ok(deep).evaluate({}, ON) is None
    assert ok(deep).evaluate({"flag": True}, ON) is False


# ---------------------------------------------------------------- source segments

_SEGMENT_TEXTS = st.lists(st.sampled_from(["age", "ａｇｅ", "年龄", "1.50", "1_0.5", " ", "\n", "\r\n", "\r",
                                           "(", ")", "and", "<", "'成都'", "x", "\t", "# c"]),
                          min_size=1, max_size=12).map("".join)


@given(_SEGMENT_TEXTS)
def test_a_node_reads_as_the_standard_library_reads_it(text: str) -> None:
    """The checker cuts each node out of its wrapped source as ``ast.get_source_segment`` does
    (byte columns, several lines, CR and CRLF made LF, wide characters)."""
    from tongban_rules.lang.expr import _Checker

    checker = _Checker(text, {}, None)
    try:
        with warnings.catch_warnings():  # "1.50and" warns, as the checker's own parse does not let it
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(checker.src, mode="eval")
    except (SyntaxError, ValueError):
        return
    for node in ast.walk(tree):
        assert checker.segment(node) == ast.get_source_segment(checker.src, node)
