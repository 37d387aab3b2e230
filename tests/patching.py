"""Small text patches on a copy of ``tests/fixtures/minimal``, the one rule set tests start from.

The minimal rule set (one item, its registries, one regional list, a task list, cases and two
calendars) loads, decides and passes ``tongban check`` clean, so a patch shows exactly the change
a test is about.  A patch replaces the first occurrence of ``old`` in a file by ``new``; ``old``
must be there, so a patch that stopped applying fails loudly instead of testing the base.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .conftest import MINIMAL  # noqa: F401  (re-exported: the base every patch applies to)

ITEM = "items/demo/demo-item.yaml"


def put(rules: Path, rel: str, content: str | bytes) -> Path:
    """Write ``content`` to ``rules/rel`` (folders created as needed)."""
    path = rules / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Patch:
    """Replace ``old`` by ``new`` in ``file`` of a rule set; the result goes to ``to`` if given.

    ``to`` makes a new file from an existing one (a second version of the item, another item);
    a ``file`` that does not exist reads as empty, so ``Patch(new_file, "", text)`` creates it.
    """

    file: str
    old: str
    new: str
    to: str | None = None

    def apply(self, rules: Path) -> str:
        path = rules / self.file
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert self.old in text, f"{self.file} does not contain {self.old!r}"
        text = text.replace(self.old, self.new, 1)
        put(rules, self.to or self.file, text)
        return text


def patch(rules: Path, file: str, old: str, new: str, *, to: str | None = None) -> str:
    """Apply one patch to ``rules`` and return the patched text."""
    return Patch(file, old, new, to).apply(rules)


def with_item(rules: Path, old: str, new: str) -> str:
    """Patch the demo item of ``rules``; returns its new text."""
    return patch(rules, ITEM, old, new)


def locate(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def text_at(text: str, line: int, column: int) -> str:
    """The rest of line ``line`` of ``text`` from 1-based ``column`` on."""
    return text.split("\n")[line - 1][column - 1:]
