"""Strategy bodies (Markdown) as lines of plain text, for formats that draw text themselves (the PDF).

The body goes through the app's own renderer and sanitiser (core.markdown), so the
PDF reads a body exactly as the board shows it; the HTML is then flattened: headings become bold
lines, list items get a bullet or their number and an indent per level, a link keeps its address
after its text, a table row becomes its cells separated by " | ", code blocks keep their lines.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from core.markdown import render_markdown

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {"p", "li", "pre", "blockquote", "tr", "dt", "dd", "ul", "ol", "table", "hr"}


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    level: int = 0  # list nesting: how far the line is indented


class _Flattener(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.lists: list[list] = []  # per open list: [tag, next number]
        self.marker = ""
        self.bold = False
        self.pre = False
        self.quote = 0
        self.cells = 0  # cells so far in the table row
        self.links: list[tuple[str | None, int]] = []  # (href, index in parts where its text starts)

    def flush(self) -> None:
        text = "".join(self.parts)
        text = text.strip("\n") if self.pre else " ".join(text.split())
        self.parts = []
        if not text.strip() and not self.marker:
            return
        level = max(len(self.lists) - 1, 0) if self.lists else 0
        prefix = "> " * self.quote
        for index, line in enumerate(text.split("\n") if self.pre else [text]):
            lead = self.marker if index == 0 else " " * len(self.marker)
            self.lines.append(Line(f"{prefix}{lead}{line}".rstrip(), bold=self.bold, level=level))
        self.marker = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS or tag == "br":
            self.flush()
        if tag in HEADINGS:
            self.bold = True
        elif tag in ("ul", "ol"):
            start = attrs.get("start")
            self.lists.append([tag, int(start) if start and start.isdigit() else 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            if kind[0] == "ol":
                self.marker = f"{kind[1]}. "
                kind[1] += 1
            else:
                self.marker = "• "
        elif tag == "pre":
            self.pre = True
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag == "a":
            self.links.append((attrs.get("href"), len(self.parts)))
        elif tag == "img" and attrs.get("alt"):
            self.parts.append(f"[{attrs['alt']}]")
        elif tag == "hr":
            self.lines.append(Line("———"))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href not in (text, f"mailto:{text}"):
                self.parts.append(f" ({href})")
            return
        if tag in BLOCKS:
            self.flush()
        if tag in HEADINGS:
            self.bold = False
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "pre":
            self.pre = False
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)

    def handle_data(self, data):
        self.parts.append(data)


def markdown_lines(text: str) -> list[Line]:
    """The body as lines of plain text, in order."""
    parser = _Flattener()
    parser.feed(str(render_markdown(text)))
    parser.close()
    parser.flush()
    return parser.lines
