"""The exception types callers of the library may see.

* ``RulesError`` — the rule files could not be loaded; ``.diagnostics`` lists every problem.
* ``DecisionError`` — a decision request was bad (unknown item, facts of the wrong type,
  undeclared facts, an invalid region, a date the calendar does not cover).  It carries a
  stable ``code`` (``TB4xx``) and a Chinese ``message`` with an English ``message_en``.
* ``BundleError`` — a rule bundle could not be written, or an item in it is damaged (TB04x).
* ``CodedError`` — what both ``DecisionError`` and ``render.RenderError`` are: ``code``,
  ``message`` and ``message_en`` formatted from the code table (``codes``) with ``params``.

Anything else escaping the package is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence

from .codes import lookup
from .diagnostics import Diagnostic


class RulesError(Exception):
    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        summary = f"{len(self.diagnostics)} 个问题" + (
            f"; 第一个: {first.file}:{first.line}:{first.column}: {first.code} {first.message}" if first else ""
        )
        super().__init__(summary)


class CodedError(Exception):
    """``CodedError("TB411", item="x")``: message ``variant`` of ``code`` with the parameters given."""

    def __init__(self, code: str, *, variant: str = "", **params: object):
        text = lookup(code).text(variant, "", params)
        self.code, self.variant, self.params = code, variant, params
        self.message, self.message_en = text.zh, text.en
        self.hint, self.hint_en = text.hint, text.hint_en
        super().__init__(code)

    def __str__(self) -> str:
        return f"{self.code} {self.message}"

    def __reduce__(self):  # pickled as its text (the parameters may be anything a caller passed)
        return _restore, (type(self), self.code, self.message, self.message_en)


def _restore(cls: type[CodedError], code: str, message: str, message_en: str) -> CodedError:
    error = cls.__new__(cls)
    Exception.__init__(error, code)
    error.code, error.variant, error.params, error.message, error.message_en = code, "", {}, message, message_en
    error.hint = error.hint_en = ""
    return error


class DecisionError(CodedError):
    pass


class BundleError(CodedError):
    """A rule bundle could not be written, or one of its items cannot be revived (TB04x)."""
