"""tongban-rules: rules as code for 政务服务“跨省通办”.

Public API::

    from tongban_rules import load_rules, validate, RulesError, Diagnostic
    rules = load_rules("rules")          # RuleSet, or RulesError with .diagnostics
    problems = validate("rules")         # list[Diagnostic], sorted
    findings = check("rules", as_of=None)  # validation + decision cases + the consistency checks
"""

from .diagnostics import Diagnostic, Severity
from .errors import DecisionError, RulesError
from .checks import check
from .load.loader import load_rules, validate
from .load.ruleset import RuleSet

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Severity", "DecisionError", "RulesError", "RuleSet", "check", "load_rules", "validate",
           "__version__"]
