"""The "how the numbers work" help page, rendered from help/how-the-numbers-work.md
(shipped in the package, so an installed Mend serves it too).

One source for the README, the repository and the app: a counsellor checking a rule reads the
same text everywhere. The Markdown is the project's own, but it is still rendered with raw HTML
switched off (markdown-it-py escapes it, and refuses javascript: and data: links), so the page
can never carry markup the file did not mean as text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

SOURCE = Path(__file__).resolve().parent / "help" / "how-the-numbers-work.md"


@functools.cache
def numbers_page() -> tuple[str, SafeString]:
    """(title, body HTML) of the page; read and rendered once per process."""
    return render_markdown(SOURCE.read_text(encoding="utf-8"))


def render_markdown(text: str) -> tuple[str, SafeString]:
    """(first heading, HTML without it): raw HTML in the text is escaped, never passed on."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    title = ""
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            words = tokens[i + 1].content
            # Anchors, so pages can link to their own section (#the-trust-index).
            token.attrSet("id", slugify(words))
            if token.tag == "h1" and not title:
                title = words
    title = title or "How the numbers work"
    # The page's own <h1> comes from the template; the file's first heading becomes it.
    body = md.renderer.render(tokens, md.options, {})
    body = body.replace(f'<h1 id="{slugify(title)}">{_escape(title)}</h1>\n', "", 1)
    return title, mark_safe(_scrolling_tables(body))  # noqa: S308 - markdown-it output with raw HTML disabled


def _scrolling_tables(body: str) -> str:
    """Each table in a region that scrolls sideways on a phone (the page itself never does),
    reachable by keyboard and named after the section it sits in."""
    parts = body.split("<table>")
    out = [parts[0]]
    for part in parts[1:]:
        headings = re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", "".join(out))
        name = re.sub(r"<[^>]+>", "", headings[-1]) if headings else "Table"
        out.append(
            f'<div class="table-wrap" role="region" tabindex="0" aria-label="Table: {name}">'
            f"<table>{part.replace('</table>', '</table></div>', 1)}"
        )
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
