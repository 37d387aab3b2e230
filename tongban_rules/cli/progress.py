"""A progress bar on stderr for a long run, from tqdm.

``tracker()`` is what the loader and the check runner are given to wrap the files and checks
they go through (``load.loader.Track``): a bar that appears only once a run has taken a second
(tqdm's ``delay``), is cleared when done, and is never drawn when stderr is not a terminal — a
CI log or a pipe gets not one byte of it.  tqdm is imported only when a bar may be drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the loader (and the models) load only when a command reads rules
    from ..load.loader import Track

#: seconds a run goes on before its bar appears
DELAY = 1.0


def tracker(stream: TextIO | None = None, lang: str = "zh") -> Track | None:
    """The progress wrapper for this run, or None when ``stream`` (stderr) is no terminal."""
    out = stream or sys.stderr
    if not out.isatty():
        return None

    def track(items: list) -> Iterable:
        from tqdm import tqdm

        return tqdm(items, file=out, delay=DELAY, leave=False, dynamic_ncols=True,
                    desc="tongban", unit=" files" if lang == "en" else " 项")

    return track
