"""Charts as inline SVG, drawn at build time: no script, no outside request, readable without CSS.

SVG inside HTML is foreign content: no end tag may be left out. Literal attribute values go unquoted (the
tokenizer reads them the same there) except where `/>` would follow (an unquoted value would take the `/`);
interpolated values, numbers included, keep their quotes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape


def column_chart(
    data: Sequence[tuple[str, int]],
    *,
    title: str,
    fmt: Callable[[int], str] = str,
    width: int = 720,
    height: int = 220,
    label_every: int = 1,
    links: Sequence[str | None] | None = None,
) -> Markup:
    """Vertical bars (e.g. one per month); each bar has a tooltip with its exact value and, when `links`
    gives one (a URL per bar), links to it (a figure's receipt)."""
    if not data:
        return Markup("")
    top, left, bottom = 24, 8, 36
    plot_h = height - top - bottom
    peak = max(v for _, v in data) or 1
    step = (width - left * 2) / len(data)
    bar = max(step * 0.8, 1)
    parts = [
        f'<svg class=chart viewBox="0 0 {width} {height}" role=img aria-label="{escape(title)}" '
        f"xmlns=http://www.w3.org/2000/svg><title>{escape(title)}</title>",
        f'<text x="{left}" y=14 class=max>最高 {escape(fmt(peak))}</text>',
        f'<line x1="{left}" x2="{width - left}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>',
    ]
    for i, (label, value) in enumerate(data):
        h = round(plot_h * value / peak, 1)
        x = round(left + i * step + (step - bar) / 2, 1)
        rect = (
            f'<rect x="{x}" y="{round(top + plot_h - h, 1)}" width="{round(bar, 1)}" height="{h}">'
            f"<title>{escape(label)}：{escape(fmt(value))}</title></rect>"
        )
        parts.append(_linked(rect, links[i] if links else None))
        if i % label_every == 0:
            cx = round(left + i * step + step / 2, 1)
            parts.append(f'<text x="{cx}" y="{height - 18}" text-anchor=middle>{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _linked(svg: str, href: str | None) -> str:
    return f'<a href="{escape(href)}">{svg}</a>' if href else svg


def bar_chart(
    data: Sequence[tuple[str, int]], *, title: str, fmt: Callable[[int], str] = str, width: int = 720,
    links: Sequence[str | None] | None = None,
) -> Markup:
    """Horizontal bars with their labels and values written out (e.g. one per category), each bar and
    value linked to `links[i]` when given."""
    if not data:
        return Markup("")
    row, label_w, value_w = 22, 150, 110
    height = row * len(data) + 4
    peak = max(v for _, v in data) or 1
    plot_w = width - label_w - value_w
    parts = [
        f'<svg class=chart viewBox="0 0 {width} {height}" role=img aria-label="{escape(title)}" '
        f"xmlns=http://www.w3.org/2000/svg><title>{escape(title)}</title>"
    ]
    for i, (label, value) in enumerate(data):
        y = i * row + 2
        w = round(plot_w * value / peak, 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor=end>{escape(label)}</text>'
            + _linked(
                f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 6}"><title>{escape(label)}：'
                f"{escape(fmt(value))}</title></rect>"
                f'<text x="{label_w + w + 6}" y="{y + 15}">{escape(fmt(value))}</text>',
                links[i] if links else None,
            )
        )
    parts.append("</svg>")
    return Markup("".join(parts))
