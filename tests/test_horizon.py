"""Decisions past the published holiday notices: provisional due dates, the command line's date
(today in China), TB705, and the holiday-measures file's own diagnostics."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

import tongban_rules.cli.decide as cli_decide
import tongban_rules.load.loader as loader
from tongban_rules.calendar.today import china_today
from tongban_rules.checks import check
from tongban_rules.cli.main import main
from tongban_rules.errors import DecisionError, RulesError
from tongban_rules.load.loader import load_rules
from tongban_rules.load.scope import validate

from .conftest import ROOT
from .patching import locate

RULES_DIR = ROOT / "rules"
RULES = load_rules(RULES_DIR)
ID_CARD = "id-card-renewal-replacement"
CHINA = ZoneInfo("Asia/Shanghai")


def _limits(on: date, item: str = ID_CARD, facts: dict | None = None) -> dict:
    return RULES.decide(item, facts or {}, region="510104", on=on).to_dict()["time_limits"]


# --- decisions ------------------------------------------------------------------------------


def test_due_date_past_the_notices_is_provisional_with_a_reason() -> None:
    legal = _limits(date(2026, 11, 30))["legal"]
    assert (legal["due"], legal["provisional"]) == ("2027-01-29", True)  # 60 自然日: Fri 2027-01-29
    reason = legal["provisional_reason"]
    assert "2027年" in reason["zh"] and "全国年节及纪念日放假办法" in reason["zh"]
    assert "2027" in legal["provisional_reason"]["en"]
    ext = legal["extension"]  # + 30 自然日 = Sun 2027-02-28 -> Mon 3/1
    assert (ext["due_if_extended"], ext["provisional"]) == ("2027-03-01", True) and ext["provisional_reason"]


def test_due_date_inside_the_notices_is_not_provisional() -> None:
    legal = _limits(date(2026, 6, 1))["legal"]
    assert (legal["due"], legal["provisional"]) == ("2026-07-31", False) and "provisional_reason" not in legal
    assert legal["extension"]["provisional"] is False


def test_extension_alone_may_run_past_the_notices() -> None:
    # From 2026-10-20: 60 days = Sat 12/19 -> Mon 12/21 (2026); + 30 = Wed 2027-01-20 (provisional).
    legal = _limits(date(2026, 10, 20))["legal"]
    assert (legal["due"], legal["provisional"]) == ("2026-12-21", False)
    assert (legal["extension"]["due_if_extended"], legal["extension"]["provisional"]) == ("2027-01-20", True)


def test_application_before_the_first_calendar_year_is_still_tb401() -> None:
    with pytest.raises(DecisionError) as caught:
        RULES.decide(ID_CARD, {}, region="510104", on=date(2018, 6, 4))
    assert caught.value.code == "TB401" and "2018-06-04" in caught.value.message


def _case_facts(item: str) -> dict:
    path = RULES_DIR / "cases" / f"{item}.yaml"
    if not path.exists():
        return {}
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    latest = max(cases, key=lambda case: str(case.get("date") or case.get("on") or ""))  # the version in force now
    return latest.get("facts") or {}


@pytest.fixture(scope="module")
def loaded_once():
    """``tongban decide`` loads the rules on every run; load them once for the 50 runs below."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loader, "load_rules", lambda path: RULES)  # what ``tongban decide`` calls
        yield


@pytest.mark.parametrize("on", ["2026-11-30", "2027-06-01"])
@pytest.mark.parametrize("item", RULES.item_ids())
def test_every_bundled_item_can_be_decided(loaded_once, capsys, tmp_path: Path, item: str, on: str) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(_case_facts(item), ensure_ascii=False, default=str), encoding="utf-8")
    code = main(["decide", item, "--facts", str(facts), "--on", on, "--rules", str(RULES_DIR)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    for limit in json.loads(out)["time_limits"].values():
        if limit is not None and limit["unit"] != "immediate":
            assert limit["provisional"] is (on == "2027-06-01" or limit["due"] > "2026-12-31")
            assert ("provisional_reason" in limit) is limit["provisional"]


def test_window_staff_text_shows_date_and_provisional_due(capsys, monkeypatch) -> None:
    monkeypatch.setattr(cli_decide, "china_today", lambda: date(2026, 11, 30))
    monkeypatch.setattr("sys.stdin", _stdin("{}"))
    assert main(["decide", ID_CARD, "--facts", "-", "--format", "text", "--rules", str(RULES_DIR)]) == 0
    out, err = capsys.readouterr()
    assert "受理日期: 2026-11-30（未指定 --on，取北京时间今日）" in out and err == ""
    assert "法定办结时限: 60个自然日，最迟 2027-01-29（暂定：2027年的国务院办公厅节假日安排通知尚未公布" in out


def test_json_default_date_goes_to_stderr(capsys, monkeypatch) -> None:
    monkeypatch.setattr(cli_decide, "china_today", lambda: date(2026, 11, 30))
    monkeypatch.setattr("sys.stdin", _stdin("{}"))
    assert main(["decide", ID_CARD, "--facts", "-", "--rules", str(RULES_DIR)]) == 0
    out, err = capsys.readouterr()
    assert "using today in China (Asia/Shanghai): 2026-11-30" in err
    assert json.loads(out)["provenance"]["on"] == "2026-11-30"


def _stdin(text: str):
    import io

    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")))


# --- today in China ---------------------------------------------------------------------------


def _clock(instant: datetime, machine_zone: str):
    """``datetime.now`` of a machine in ``machine_zone`` at ``instant``: naive local time without a
    zone argument, the instant in the zone asked for otherwise."""
    local = ZoneInfo(machine_zone)

    def now(tz=None) -> datetime:
        return instant.astimezone(tz) if tz is not None else instant.astimezone(local).replace(tzinfo=None)

    return now


@pytest.mark.parametrize(("zone", "local", "china"), [
    ("UTC", datetime(2026, 11, 30, 23, 30), date(2026, 12, 1)),
    ("America/Los_Angeles", datetime(2026, 11, 29, 23, 30), date(2026, 11, 30)),
    ("Asia/Shanghai", datetime(2026, 11, 30, 23, 30), date(2026, 11, 30)),
])
def test_today_at_2330_on_the_machine_is_chinas_date(zone: str, local: datetime, china: date) -> None:
    now = _clock(local.replace(tzinfo=ZoneInfo(zone)), zone)
    assert now().date() == local.date()  # what date.today() would say on that machine
    assert china_today(now) == china


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_decide_prints_chinas_date_whatever_the_machine_zone(tmp_path: Path, zone: str) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text("{}", encoding="utf-8")
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}
    before = datetime.now(CHINA).date()
    done = subprocess.run([sys.executable, "-m", "tongban_rules", "decide", ID_CARD, "--facts", str(facts),
                           "--rules", str(RULES_DIR)], capture_output=True, text=True, env=env, timeout=120)
    after = datetime.now(CHINA).date()
    assert done.returncode == 0, done.stderr
    printed = done.stderr.strip().rsplit(": ", 1)[-1]
    assert printed in (before.isoformat(), after.isoformat())
    assert json.loads(done.stdout)["provenance"]["on"] == printed


# --- TB705 ------------------------------------------------------------------------------------


def _tb705(rules: Path, as_of: date) -> list:
    return [d for d in check(rules, as_of, select="TB705")]


def test_tb705_fires_on_the_bundled_rules_late_in_the_year() -> None:
    found = _tb705(RULES_DIR, date(2026, 11, 30))
    text = (RULES_DIR / "calendar/2026.yaml").read_text(encoding="utf-8")
    assert [(d.code, d.severity.value, d.line, d.column) for d in found] == \
        [("TB705", "warning", *locate(text, "2026\n"))]
    assert f"{ID_CARD} 的法定时限（60个自然日，可延长30个自然日）到 2027-03-01" in found[0].message
    assert "2027" in found[0].message_en


def test_tb705_quiet_when_the_notices_reach_past_every_limit() -> None:
    assert _tb705(RULES_DIR, date(2026, 6, 1)) == []


def test_tb705_after_the_last_notice_and_without_measures(rules: Path) -> None:
    late = _tb705(rules, date(2027, 2, 1))  # the minimal rule set: 2025, 2026, no holiday measures
    assert len(late) == 1 and "检查日期 2027-02-01 已在其后" in late[0].message
    near = _tb705(rules, date(2026, 12, 15))  # 20 working days from 12/15 need 2027, which cannot be counted
    assert len(near) == 1 and "到期日无法计算" in near[0].message


def test_bundled_rules_check_exits_0_with_the_warning(capsys) -> None:
    assert main(["check", str(RULES_DIR), "--as-of", "2026-11-30", "--select", "TB705"]) == 0
    assert "TB705" in capsys.readouterr().out


# --- the holiday-measures file ----------------------------------------------------------------

MEASURES = (RULES_DIR / "calendar/holiday-measures.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "code", "at"), [
    ('    effective_from: 2025-01-01\n', '    effective_from: 2013-01-01\n', "TB204", "  - revision: 第三次修订"),
    ('          - date: "05-02"', '          - date: "02-30"', "TB204", 'date: "02-30"'),
    ('          - solar_term: 清明\n      - name: 劳动节\n        text: 放假2天',
     '          - solar_term: 谷雨\n      - name: 劳动节\n        text: 放假2天', "TB204", "谷雨"),
    ('          - lunar: "05-05"', '          - lunr: "05-05"', "TB201", "lunr"),
    ('          - lunar: "08-15"', '          - lunar: "08-15"\n            date: "08-15"', "TB204",
     'lunar: "08-15"\n   '),
    ('    decree: 国务院令第795号\n', '', "TB202", "  - revision: 第四次修订"),
])
def test_bad_measures_are_positioned(rules: Path, old: str, new: str, code: str, at: str) -> None:
    assert old in MEASURES
    text = MEASURES.replace(old, new, 1)
    (rules / "calendar/holiday-measures.yaml").write_text(text, encoding="utf-8")
    found = [(d.code, d.file.endswith("holiday-measures.yaml"), d.line, d.column) for d in validate(rules)]
    line, column = locate(text, at)
    assert [f for f in found if f[0] == code] and all(f[1] and f[2] == line for f in found if f[0] == code), found
    with pytest.raises(RulesError):
        load_rules(rules)


def test_measures_make_the_minimal_rules_count_past_their_notices(rules: Path) -> None:
    with pytest.raises(DecisionError):
        load_rules(rules).decide("demo-item", {}, region="510104", on=date(2026, 12, 15))
    shutil.copyfile(RULES_DIR / "calendar/holiday-measures.yaml", rules / "calendar/holiday-measures.yaml")
    limits = load_rules(rules).decide("demo-item", {}, region="510104", on=date(2026, 12, 15)).time_limits
    # 20 working days from Tue 2026-12-15: 12/16-12/31 (12), 1/1 元旦, 1/4-1/8 (17), 1/11-1/13 (20).
    assert (limits["legal"]["due"], limits["legal"]["provisional"]) == ("2027-01-13", True)
