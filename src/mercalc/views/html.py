"""The plan document rendered: one self-contained HTML file (Jinja2, autoescaped) or Markdown."""

from __future__ import annotations

from .. import __version__
from ..problems import safe_text
from ..swedish import swedish
from .cells import display, table_notes
from .charts import Chart
from .document import Block, Document, Inline, Section, draft_words
from .markdown import markdown_text, to_markdown
from .printfit import table_fit
from .table import Report

# The charts' series colours, as attributes (PDF renderers do not style SVG from the page's CSS).
PALETTE = ("#1f5f8b", "#e07b39", "#5b9a52", "#b0413e", "#7a5195", "#c9a227", "#3f8f8a", "#8c564b")


def alt_text(chart: Chart) -> str:
    """A chart in words, for those who cannot see it (screen readers, the tagged PDF): its
    title and every bar's figures."""
    bars = [
        f"{bar.category}: "
        + ", ".join(
            f"{chart.legend[segment.series]} {swedish(segment.value)}" for segment in bar.segments
        )
        for bar in chart.bars
    ]
    return f"{chart.title}. " + "; ".join(bars) + "."


def landscape(section: Section) -> bool:
    """A section with a table too wide for a portrait page goes on landscape pages, whole."""
    return any(table_fit(part.table).landscape for part in section.parts if part.table is not None)


def to_html(document: Document) -> str:
    """Every name and text is escaped by the template engine: data can never become markup."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mercalc.views", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # control characters in a name are shown, as in every other output (plain text only:
        # the template's own markup, macros included, is left alone)
        finalize=lambda value: safe_text(value) if type(value) is str else value,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        doc=document,
        version=__version__,
        show=display,
        fit=table_fit,
        landscape=landscape,
        palette=PALETTE,
        zip=zip,
        draft_words=draft_words,
        table_notes=table_notes,
        alt_text=alt_text,
    )


def _inline_markdown(pieces: tuple[Inline, ...]) -> str:
    return "".join(
        f"**{markdown_text(piece.text)}**" if piece.strong else markdown_text(piece.text)
        for piece in pieces
    )


def _block_markdown(block: Block) -> str:
    if block.kind == "h":
        return f"### {_inline_markdown(block.lines[0])}"
    if block.kind == "ul":
        return "\n".join(f"- {_inline_markdown(item)}" for item in block.lines)
    return _inline_markdown(block.lines[0])


def _table_markdown(report: Report) -> str:
    return to_markdown(report).rstrip("\n")


def to_markdown_document(document: Document) -> str:
    """The same document as Markdown, for pasting into an office document; charts as tables."""
    out = [f"# {markdown_text(document.title)}", "", markdown_text(document.organisation)]
    out += [line for front in document.front for line in ("", markdown_text(front))]
    if document.draft is not None:
        out += ["", f"**UTKAST** – {draft_words(document.draft)}"]
        if document.draft:
            out += ["", *(f"- {markdown_text(problem)}" for problem in document.draft)]
    if document.decision is not None:
        decision = document.decision
        out += ["", f"## {markdown_text(decision.title)}", "", markdown_text(decision.lead)]
        out += ["", *(f"- {markdown_text(point)}" for point in decision.points)]
    for section in document.sections:
        out += ["", f"## {section.number} {markdown_text(section.title)}"]
        for part in section.parts:
            if part.kind == "heading":
                out += ["", f"### {markdown_text(part.heading)}"]
            elif part.kind == "text":
                out += ["", *("\n\n".join(_block_markdown(b) for b in part.blocks),)]
            elif part.kind == "table" and part.table is not None:
                out += ["", _table_markdown(part.table)]
            elif part.chart is not None:
                chart = part.chart
                header = "| | " + " | ".join(markdown_text(b.category) for b in chart.bars) + " |"
                out += [
                    "",
                    f"**{markdown_text(chart.title)}**",
                    "",
                    header,
                    "|---|" + "--:|" * len(chart.bars),
                ]
                for s, name in enumerate(chart.legend):
                    cells = [swedish(bar.segments[s].value) for bar in chart.bars]
                    out.append(f"| {markdown_text(name)} | " + " | ".join(cells) + " |")
    return "\n".join(out).rstrip("\n") + "\n"
