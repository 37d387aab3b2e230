"""tongban-rules: rules as code for 政务服务“跨省通办”.

Public API::

    from tongban_rules import load_rules, validate, RulesError, Diagnostic
    rules = load_rules("rules")          # RuleSet, or RulesError with .diagnostics
    problems = validate("rules")         # list[Diagnostic], sorted
    findings = check("rules", as_of=None)  # validation + decision cases + the consistency checks

``load_rules``, ``validate``, ``check`` and ``RuleSet`` are imported on first use (PEP 562), so
that ``import tongban_rules`` — and ``tongban --help`` — do not load the models and every check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Severity
from .errors import DecisionError, RulesError

if TYPE_CHECKING:
    from .checks import check
    from .load.loader import load_rules
    from .load.ruleset import RuleSet
    from .load.scope import validate

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Severity", "DecisionError", "RulesError", "RuleSet", "check", "load_rules", "validate",
           "__version__"]


def __getattr__(name: str) -> object:
    found: object
    if name == "check":
        from .checks import check as found
    elif name == "load_rules":
        from .load.loader import load_rules as found
    elif name == "validate":
        from .load.scope import validate as found
    elif name == "RuleSet":
        from .load.ruleset import RuleSet as found
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = found
    return found
