"""Source format drift: an opt-in share of notices served in a layout no parser has seen.

`Corpus(size, seed, drift=0.1)` serves about that share of its notices in one of the forms NFRA could switch
to without notice. Which notices, and which form, depend on (seed, key) alone: every other notice stays
byte-identical to the same corpus without drift, and drift=0 (the default) changes nothing at all.

- image: the table published as a picture; the docClob holds only an <img>;
- attachment: the docClob says "see the attachment", the notice is a PDF in attachmentInfoVOList;
- unknown-labels: the same parties and sanctions in a table whose labels are new (受罚主体, 处理措施…);
- embed: a new wrapper: the docClob only embeds the notice from another page (<iframe>).

The ground truth of such a notice (`expected`) says "drift": kind, layout "unknown" and lists no party: the
crawl should store it raw, mark it failed (or partial) with a reason, count it, and fail the run's
failed-parses check when too many arrive.
"""

from __future__ import annotations

from html import escape

from localnfra.notice import Notice
from localnfra.rng import mix, unit

STREAM_DRIFT = 303
DRIFT_KINDS = ("image", "attachment", "unknown-labels", "embed")
# Labels of no vocabulary the parser knows (tests check that field_of reads none of them).
NEW_LABELS = ("编号", "受罚主体", "违规情形", "处理措施", "实施部门")


def drift_kind(seed: int, key: int, share: float) -> str | None:
    """The drift form of notice `key`, or None for a notice served as usual."""
    if share <= 0 or unit(seed, key, STREAM_DRIFT) >= share:
        return None
    return DRIFT_KINDS[mix(seed, key, STREAM_DRIFT + 1) % len(DRIFT_KINDS)]


def _file_hash(notice: Notice, salt: int) -> str:
    return f"{mix(notice.doc_id, salt):016x}{mix(notice.doc_id, salt + 1):016x}"


def _image(notice: Notice) -> str:
    path = f"/cn/upload/{notice.published.year}/{_file_hash(notice, 41)}.png"
    return (f'<p class=MsoNormal align=center style="text-align:center"><img width=620 height=877 src="{path}" '
            f'alt=""></p><p class=MsoNormal><span lang=EN-US>&nbsp;</span></p>')


def _attachment(notice: Notice) -> tuple[str, list[dict]]:
    name = f"{notice.title}.pdf"
    path = f"/chinese/docfile/{notice.published.year}/{_file_hash(notice, 43)}.pdf"
    body = (f'<p class=MsoNormal><span style="font-family:仿宋_GB2312">详见附件：</span>'
            f'<a href="{path}">{escape(name)}</a></p>')
    return body, [{"attachmentName": name, "title": name, "urlOtherName": path}]


def _unknown_labels(notice: Notice) -> str:
    def cell(text: str) -> str:
        return f"<td valign=top><p class=MsoNormal><span>{escape(text)}</span></p></td>"

    rows = ["<tr>" + "".join(cell(label) for label in NEW_LABELS) + "</tr>"]
    for number, (case, party) in enumerate(((c, p) for c in notice.cases for p in c.parties), start=1):
        rows.append("<tr>" + cell(str(number)) + cell(party.display) + cell(party.facts or case.facts)
                    + cell(party.decision) + cell(case.authority) + "</tr>")
    return f"<table class=MsoTableGrid border=1 cellspacing=0>{''.join(rows)}</table>"


def _embed(notice: Notice) -> str:
    return (f'<div class="nfra-embed" data-doc="{notice.doc_id}"><iframe src="/cn/static/embed/{_file_hash(notice, 47)}'
            '.html" width="100%" height="1200" frameborder="0" scrolling="auto"></iframe></div>')


def render_drift(kind: str, notice: Notice, head: str, tail: str) -> tuple[str, str, str, list[dict] | None]:
    """(preamble, body, closing tags, attachments) of a notice served in drift form `kind`.

    The Word preamble around it is kept: a new layout still comes out of the same editor."""
    notice.drift = kind
    notice.features = {"drift:" + kind}
    if kind == "image":
        return head, _image(notice), tail, None
    if kind == "attachment":
        body, attachments = _attachment(notice)
        return head, body, tail, attachments
    if kind == "unknown-labels":
        return head, _unknown_labels(notice), tail, None
    if kind == "embed":
        return "", _embed(notice), "", None
    raise ValueError(f"unknown drift kind {kind!r}")
