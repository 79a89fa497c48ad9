"""Safe display of warehouse text: article titles, bodies and names are always shown as text, never as markup."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pandas as pd

# CommonMark lets any ASCII punctuation be backslash-escaped: these are the ones Markdown, HTML, LaTeX ($) or
# Streamlit's :color[...] directives give a meaning to.
_MD_SPECIAL = re.compile("([" + re.escape("\\`*_{}[]()#+-.!|<>:~$=^&") + "])")
_SPACE = re.compile(r"\s+")


def md(text: object) -> str:
    """Text for st.markdown/st.header: every Markdown and HTML character escaped, whitespace on one line."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())


def _esc(text: object) -> str:
    return html.escape(_SPACE.sub(" ", str(text)), quote=True)


def when(value: object) -> str:
    """A timestamp as 'YYYY-MM-DD HH:MM UTC', or 'no date'."""
    if value is None or pd.isna(value):
        return "no date"
    stamp = pd.Timestamp(value)
    return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M UTC")


def snippet(before: str, mention: str, after: str, cut_before: bool, cut_after: bool) -> str:
    """One mention in its context as HTML: the text escaped first, then only our own <mark> added."""
    if cut_before and " " in before:
        before = "… " + before.split(" ", 1)[1]  # drop the word cut in half
    if cut_after and " " in after:
        after = after.rsplit(" ", 1)[0] + " …"
    return f"{_esc(before)}<mark>{_esc(mention)}</mark>{_esc(after)}"


def highlighted(pieces: list[tuple[str, bool]]) -> str:
    """Text in pieces as HTML, each piece escaped first, then the query terms (True) wrapped in our own <mark>."""
    return "".join(f"<mark>{_esc(piece)}</mark>" if hit else _esc(piece) for piece, hit in pieces)


def article_card(
    title: object, outlet: str, published: object, url: object, snippets: list[str], title_html: str | None = None
) -> str:
    """An article with its highlighted mentions; every value from the warehouse is escaped (`title_html`, when
    given, is the title already escaped and highlighted by `highlighted`)."""
    shown = _esc(title) if isinstance(title, str) and title.strip() else "<em>(no title stated)</em>"
    if title_html and isinstance(title, str) and title.strip():
        shown = title_html
    dated = published if isinstance(published, str) else when(published)  # a label, or a time to format
    link = ""
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        link = f' · <a href="{_esc(url)}" target="_blank" rel="noopener noreferrer">link</a>'
    body = "".join(f'<p style="margin:0.35rem 0">{s}</p>' for s in snippets)
    return (
        '<div style="border-left:3px solid #b0b7c3;padding:0.1rem 0 0.1rem 0.8rem;margin-bottom:0.9rem">'
        f'<div style="font-weight:600">{shown}</div>'
        f'<div style="font-size:0.85rem;opacity:0.7">{_esc(outlet)} · {_esc(dated)}{link}</div>'
        f"{body}</div>"
    )


def web_links(urls: pd.Series) -> pd.Series:
    """Only http(s) URLs stay clickable; anything else (javascript:, data:) becomes empty."""
    return urls.where(urls.astype("string").str.match(r"https?://", na=False))


def time_axis(fig, periods: pd.Series, unit: str) -> None:
    """Whole days/weeks/months and whole counts on the axes, with room around a short range."""
    step = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1), "month": pd.Timedelta(days=31)}[unit]
    lo, hi = pd.Timestamp(periods.min()), pd.Timestamp(periods.max())
    fig.update_xaxes(tickformat="%b %Y" if unit == "month" else "%Y-%m-%d", title_text=unit)
    # Bars on a date axis are as wide as the gap between two periods: a single period would get a hairline.
    fig.update_traces(width=0.8 * step.total_seconds() * 1000, selector={"type": "bar"})
    # Counts are whole numbers: no 0.2 ticks when there are only a few.
    peak = max((max(trace.y) for trace in fig.data if len(trace.y)), default=0)
    fig.update_yaxes(tickformat=",d", rangemode="tozero", **({"dtick": 1} if peak <= 5 else {}))
    if hi - lo < 14 * step:
        fig.update_xaxes(range=[lo - step, hi + step], dtick=step.total_seconds() * 1000 if unit != "month" else "M1")


def stamp(value: datetime | None) -> str:
    """A build time for captions."""
    return "never" if value is None else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S UTC")
