"""Every rendered page is valid, self-contained and accessible.

A strict ``html.parser`` checker (tags balance, ids unique, headings in order, table headers
with ``scope``, internal links resolve, nothing loaded from outside) runs on every page of the
bundled rules' site; html5lib's strict HTML5 parser runs too when it is installed.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tongban_rules.load.loader import load_rules
from tongban_rules.render import render

from .conftest import ROOT

#: the only scripts a page may load: the site's own files under assets/ (never inline code)
OWN_SCRIPT = re.compile(r"(\.\./)*assets/[a-z][a-z-]*\.js")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class PageChecker(HTMLParser):
    """Collects structure problems of one page (tags must be closed explicitly, in order)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: Counter[str] = Counter()
        self.headings: list[int] = []
        self.links: list[str] = []
        self.resources: list[str] = []
        self.lang = ""
        self.viewport = False

    def _where(self) -> str:
        return f"line {self.getpos()[0]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"] or ""] += 1
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = True
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th" and a.get("scope") not in ("col", "row"):
            self.errors.append(f"{self._where()}: <th> without scope")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("link", "img", "iframe", "source") or tag == "script":
            self.resources.append(a.get("href") or a.get("src") or "")
        if tag == "script" and not OWN_SCRIPT.fullmatch(a.get("src") or ""):
            self.errors.append(f"{self._where()}: <script> not one of the site's own assets")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag not in VOID and "svg" not in self.stack:
            self.errors.append(f"{self._where()}: self-closing <{tag}/> outside SVG")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script" and data.strip():
            self.errors.append(f"{self._where()}: inline <script>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"{self._where()}: end tag for void <{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"{self._where()}: </{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
        else:
            self.stack.pop()


def check_page(path: Path, site: Path) -> list[str]:
    checker = PageChecker()
    checker.feed(path.read_text(encoding="utf-8"))
    checker.close()
    errors = list(checker.errors)
    if checker.stack:
        errors.append(f"unclosed: {checker.stack}")
    if checker.lang != "zh-CN":
        errors.append(f'<html lang="{checker.lang}">')
    if not checker.viewport:
        errors.append("no viewport meta")
    errors += [f"duplicate id {i}" for i, n in checker.ids.items() if n > 1]
    if checker.headings.count(1) != 1 or checker.headings[0] != 1:
        errors.append(f"needs exactly one h1, first: {checker.headings[:3]}")
    errors += [f"heading jumps h{a} → h{b}" for a, b in zip(checker.headings, checker.headings[1:]) if b > a + 1]
    if "#main" not in checker.links or checker.ids["main"] != 1:
        errors.append("no skip link to #main")
    for res in checker.resources:
        if urlsplit(res).scheme or res.startswith("//"):
            errors.append(f"external resource {res}")
        elif not (path.parent / res).is_file():
            errors.append(f"missing resource {res}")
    for href in checker.links:
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "tel", "mailto"):
            continue
        if parts.scheme:
            errors.append(f"unexpected link scheme {href}")
        elif parts.path:
            target = (path.parent / parts.path).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                errors.append(f"broken link {href}")
        elif parts.fragment and checker.ids[parts.fragment] != 1:
            errors.append(f"broken anchor {href}")
    return errors


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    render(load_rules(ROOT / "rules"), out)
    return out


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 50
    return found


def test_every_page_is_well_formed_and_accessible(site: Path) -> None:
    problems = {p.relative_to(site).as_posix(): e for p in pages(site) if (e := check_page(p, site))}
    assert not problems, problems


def test_every_page_parses_as_strict_html5(site: Path) -> None:
    html5lib = pytest.importorskip("html5lib", reason="html5lib not installed (test extra)")
    for page in pages(site):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            parser.parse(page.read_bytes(), transport_encoding="utf-8")
        except Exception as exc:  # html5lib.html5parser.ParseError
            pytest.fail(f"{page.relative_to(site)}: {exc}")


def test_checker_catches_problems(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<html lang="en"><body><h1>a</h1><h3>b</h3><div><span></div><th>x</th>'
                    '<a href="nope.html">x</a><script src="https://cdn.example/x.js"></script><script>alert(1)</script>'
                    '<script type="module" src="assets/gone.js"></script></body></html>',
                    encoding="utf-8")
    errors = " | ".join(check_page(page, tmp_path))
    for expected in ("closes <span>", 'lang="en"', "h1 → h3", "without scope", "broken link", "external", "<script> not one",
                     "inline <script>",
                     "skip link", "missing resource assets/gone.js"):
        assert expected in errors


# ------------------------------------------------------------------ the stylesheet


def _luminance(hex_color: str) -> float:
    rgb = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colours_have_sufficient_contrast(site: Path) -> None:
    css = (site / "assets/style.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("header-fg", "header-bg"), ("unknown", "bg"),
             ("draft-fg", "draft-bg"), ("ok-fg", "ok-bg"), ("fg", "soft"), ("muted", "soft"), ("link", "soft")]
    low = {f"{a}/{b}": round(contrast(var[a], var[b]), 2) for a, b in pairs if contrast(var[a], var[b]) < 4.5}
    assert not low, f"WCAG AA needs 4.5:1 for text: {low}"


def test_stylesheet_is_responsive_printable_and_offline(site: Path) -> None:
    css = (site / "assets/style.css").read_text(encoding="utf-8")
    assert "@media print" in css and re.search(r"@page\s*\{\s*size:\s*A4", css)
    assert re.search(r"@media \(max-width:", css)
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
