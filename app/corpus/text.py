"""The text of a passage: whitespace normalisation, Markdown rendering, plain text.

Fidelity is judged on what a reader sees, so the curated Markdown is rendered and its
plain text compared with the capture. Raw HTML in the Markdown is escaped, never passed.
"""

from __future__ import annotations

import html
import re
from importlib.metadata import version

import markdown
from markdown.extensions import Extension
from markupsafe import Markup, escape

# What renders the passages: a state built by other versions is built again (state_store).
RENDERER = f"Markdown {version('Markdown')}, MarkupSafe {version('MarkupSafe')}"
_TAG = re.compile(r"<[^>]+>")
_SINGLE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"']?\s+(?=[“\"'‘(\[A-Z])")


def normalise(text: str) -> str:
    """Fold every run of whitespace (line breaks, U+00A0 …) into one space; strip the ends.
    str.split() splits at exactly the characters the regular expression `\\s` matches, and
    faster: the corpus's load normalises every line of every capture."""
    return " ".join(text.split())


class _EscapeRawHtml(Extension):
    """Turn off Python-Markdown's raw-HTML passthrough, so tags come out escaped."""

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


_markdown = markdown.Markdown(extensions=[_EscapeRawHtml()], output_format="html")


def render_markdown(source: str) -> str:
    """Python-Markdown's HTML for `source`, raw HTML escaped: what every fast path must equal."""
    return _markdown.reset().convert(source)


# A one-line paragraph with none of these is plain text to Markdown: no inline syntax, no
# entity, no block marker. Most of an edition is such text; it is escaped, not parsed.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<]|&#?\w+;|\A(?:\s|[#>+=-]|\d+[.)])|\n")


def render_paragraph(source: str) -> Markup | None:
    """Inline HTML of one Markdown paragraph, or None if it renders as anything but one <p>."""
    if not _MARKDOWN_SYNTAX.search(source):
        return Markup(escape(source.strip()))
    rendered = render_markdown(source)
    match = _SINGLE_PARAGRAPH.match(rendered)
    if match is None or "<p>" in match.group(1):
        return None
    return Markup(match.group(1))


def plain_text(inline_html: str) -> str:
    """What a reader sees of rendered inline HTML, whitespace-normalised."""
    return normalise(html.unescape(_TAG.sub("", inline_html)))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a passage starts and ends (closing quote marks included)."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        spans.append((start, boundary.start() + len(boundary.group(0).rstrip())))
        start = boundary.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
