"""Word/WPS HTML export noise, as found in real NFRA docClobs.

The preamble (`<html xmlns:o=…>`, `<meta name=ProgId content=Word.Document>`, the conditional
`<!--[if gte mso 9]><xml>…` blocks with the latent styles, `<style>`, `<!--StartFragment-->`,
`div.Section0`) is built here from Word's public list of built-in style names, not copied from any
notice. `Writer` turns text into runs of `<span>`s the way Word does: numbers split from the words
around them and sometimes inside themselves, `<font face>` wrappers, `<o:p>` paragraph marks,
`&nbsp;`, unquoted attributes in raw exports and quoted ones in browser copies.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html import escape

from localnfra.rng import Rng

_BUILTIN_STYLES = (
    ["Normal"] + [f"heading {k}" for k in range(1, 10)] + [f"index {k}" for k in range(1, 10)]
    + [f"toc {k}" for k in range(1, 10)]
    + ["Normal Indent", "footnote text", "annotation text", "header", "footer", "index heading", "caption",
       "table of figures", "envelope address", "envelope return", "footnote reference", "annotation reference",
       "line number", "page number", "endnote reference", "endnote text", "table of authorities", "macro",
       "toa heading", "List", "List Bullet", "List Number"]
    + [f"List {k}" for k in range(2, 6)] + [f"List Bullet {k}" for k in range(2, 6)]
    + [f"List Number {k}" for k in range(2, 6)]
    + ["Title", "Closing", "Signature", "Default Paragraph Font", "Body Text", "Body Text Indent", "List Continue"]
    + [f"List Continue {k}" for k in range(2, 6)]
    + ["Message Header", "Subtitle", "Salutation", "Date", "Body Text First Indent", "Body Text First Indent 2",
       "Note Heading", "Body Text 2", "Body Text 3", "Body Text Indent 2", "Body Text Indent 3", "Block Text",
       "Hyperlink", "FollowedHyperlink", "Strong", "Emphasis", "Document Map", "Plain Text", "E-mail Signature",
       "Normal (Web)", "HTML Acronym", "HTML Address", "HTML Cite", "HTML Code", "HTML Definition",
       "HTML Keyboard", "HTML Preformatted", "HTML Sample", "HTML Typewriter", "HTML Variable", "Normal Table",
       "annotation subject", "Table Simple 1", "Table Simple 2", "Table Simple 3", "Table Classic 1",
       "Table Classic 2", "Table Classic 3", "Table Classic 4", "Table Colorful 1", "Table Colorful 2",
       "Table Colorful 3", "Table Columns 1", "Table Columns 2", "Table Columns 3", "Table Columns 4",
       "Table Columns 5"]
    + [f"Table Grid {k}" for k in range(1, 9)] + [f"Table List {k}" for k in range(1, 9)]
    + ["Table 3D effects 1", "Table 3D effects 2", "Table 3D effects 3", "Table Contemporary", "Table Elegant",
       "Table Professional", "Table Subtle 1", "Table Subtle 2", "Table Web 1", "Table Web 2", "Table Web 3",
       "Balloon Text", "Table Grid", "Table Theme"]
    + [f"{kind}{accent}" for accent in ["", " Accent 1", " Accent 2", " Accent 3", " Accent 4", " Accent 5",
                                         " Accent 6"]
       for kind in ["Light Shading", "Light List", "Light Grid", "Medium Shading 1", "Medium Shading 2",
                    "Medium List 1", "Medium List 2", "Medium Grid 1", "Medium Grid 2", "Medium Grid 3",
                    "Dark List", "Colorful Shading", "Colorful List", "Colorful Grid"]]
)

_AUTHORS = ["Administrator", "CBIRC", "user", "aaa", "lenovo", "HP", "dell", "USER-20190101", "微软用户"]
_SIGNATURE_FONT = "font-family:仿宋_GB2312;font-size:16.0000pt;mso-font-kerning:1.0000pt;"


@cache
def _latent_styles(count: int) -> str:
    names = _BUILTIN_STYLES[:count]
    rows = []
    for k, name in enumerate(names):
        q = ' QFormat="true" ' if name.startswith("heading") or name in ("Normal", "Title", "caption") else " "
        rows.append(f'<w:LsdException Locked="false"  Priority="{0 if k < 60 else 99 - k % 40}"  '
                    f'SemiHidden="false"  UnhideWhenUsed="false" {q} Name="{name}" ></w:LsdException>')
    return (f'<!--[if gte mso 9]><xml><w:LatentStyles DefLockedState="false"  DefUnhideWhenUsed="true"  '
            f'DefSemiHidden="true"  DefQFormat="false"  DefPriority="99"  LatentStyleCount="{count}" >'
            + "".join(rows) + "</w:LatentStyles></xml><![endif]-->")


_STYLE_BLOCK = (
    '<style>@font-face{font-family:"Times New Roman";}@font-face{font-family:"宋体";}'
    '@font-face{font-family:"Calibri";}@font-face{font-family:"仿宋_GB2312";}'
    "p.MsoNormal{mso-style-name:正文;mso-style-parent:\"\";margin:0pt;margin-bottom:.0001pt;"
    "mso-pagination:none;text-align:justify;text-justify:inter-ideograph;font-family:Calibri;"
    "mso-fareast-font-family:宋体;mso-bidi-font-family:'Times New Roman';font-size:10.5000pt;"
    "mso-font-kerning:1.0000pt;}span.10{font-family:'Times New Roman';}"
    "span.msoIns{mso-style-type:export-only;mso-style-name:\"\";text-decoration:underline;"
    "text-underline:single;color:blue;}span.msoDel{mso-style-type:export-only;mso-style-name:\"\";"
    "text-decoration:line-through;color:red;}table.MsoNormalTable{mso-style-name:普通表格;"
    "mso-style-parent:\"\";mso-style-noshow:yes;mso-tstyle-rowband-size:0;mso-tstyle-colband-size:0;"
    "mso-padding-alt:0.0000pt 5.4000pt 0.0000pt 5.4000pt;mso-para-margin:0pt;"
    "mso-para-margin-bottom:.0001pt;mso-pagination:widow-orphan;font-family:'Times New Roman';"
    "font-size:10.0000pt;mso-ansi-language:#0400;mso-fareast-language:#0400;mso-bidi-language:#0400;}"
    "table.MsoTableGrid{mso-style-name:网格型;mso-tstyle-rowband-size:0;mso-tstyle-colband-size:0;"
    "mso-padding-alt:0.0000pt 5.4000pt 0.0000pt 5.4000pt;mso-border-top-alt:0.5000pt solid windowtext;"
    "mso-border-left-alt:0.5000pt solid windowtext;mso-border-bottom-alt:0.5000pt solid windowtext;"
    "mso-border-right-alt:0.5000pt solid windowtext;mso-border-insideh:0.5000pt solid windowtext;"
    "mso-border-insidev:0.5000pt solid windowtext;mso-para-margin:0pt;mso-para-margin-bottom:.0001pt;"
    "mso-pagination:none;text-align:justify;text-justify:inter-ideograph;font-family:'Times New Roman';"
    "font-size:10.0000pt;}@page{mso-page-border-surround-header:no;\tmso-page-border-surround-footer:no;}"
    "@page Section0{margin-top:72.0000pt;margin-bottom:72.0000pt;margin-left:90.0000pt;"
    "margin-right:90.0000pt;size:595.3000pt 841.9000pt;layout-grid:15.6000pt;"
    "mso-header-margin:42.5500pt;mso-footer-margin:49.6000pt;}div.Section0{page:Section0;}</style>"
)


@cache
def preamble(kind: str, author_index: int, characters: int) -> tuple[str, str]:
    """(head, tail) around the body of a docClob.

    kind: "raw" (the Word export as stored in the JSON: <html>, <head>, unquoted attributes),
    "inner" (a browser's serialisation of the same: no <html>/<head>/<body>, quoted attributes),
    "none" (a bare fragment).
    """
    if kind == "none":
        return "", ""
    author = _AUTHORS[author_index % len(_AUTHORS)]
    props = (f"<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>{author}</o:Author>"
             f"<o:LastAuthor>{author}</o:LastAuthor><o:Revision>1</o:Revision><o:Pages>1</o:Pages>"
             f"<o:Characters>{characters}</o:Characters></o:DocumentProperties><o:CustomDocumentProperties>"
             '<o:KSOProductBuildVer dt:dt="string" >2052-11.8.2.8506</o:KSOProductBuildVer>'
             "</o:CustomDocumentProperties></xml><![endif]--><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>"
             "</o:OfficeDocumentSettings></xml><![endif]--><!--[if gte mso 9]><xml><w:WordDocument>"
             "<w:BrowserLevel>MicrosoftInternetExplorer4</w:BrowserLevel><w:DisplayHorizontalDrawingGridEvery>0"
             "</w:DisplayHorizontalDrawingGridEvery><w:DisplayVerticalDrawingGridEvery>2"
             "</w:DisplayVerticalDrawingGridEvery><w:DocumentKind>DocumentNotSpecified</w:DocumentKind>"
             "<w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing><w:View>Print</w:View>"
             "<w:Compatibility><w:DontGrowAutofit/><w:BalanceSingleByteDoubleByteWidth/>"
             "<w:DoNotExpandShiftReturn/><w:UseFELayout/></w:Compatibility><w:Zoom>0</w:Zoom>"
             "<w:DoNotShowMarkup/></w:WordDocument></xml><![endif]-->")
    # Word 14 writes 260 latent styles, older exports 156, WPS often none.
    latent = {0: _latent_styles(156), 1: "", 2: _latent_styles(260)}[author_index % 3]
    if kind == "raw":
        head = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:w="urn:schemas-microsoft-com:office:word" '
                'xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882" xmlns=""><head>'
                '<meta http-equiv=Content-Type  content="text/html; charset=gb2312" >'
                "<meta name=ProgId  content=Word.Document ><meta name=Generator  content=\"Microsoft Word 14\" >"
                "<meta name=Originator  content=\"Microsoft Word 14\" ><title></title>"
                + props + latent + _STYLE_BLOCK
                + '</head><body style="tab-interval:21pt;text-justify-trim:punctuation;" ><!--StartFragment-->'
                '<div class="Section0"  style="layout-grid:15.6000pt;" >')
        tail = "</div><!--EndFragment--></body></html>"
        return head, tail
    head = ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><meta name="ProgId" '
            'content="Word.Document"><meta name="Generator" content="Microsoft Word 14"><meta name="Originator" '
            'content="Microsoft Word 14"><title></title>' + props + latent + _STYLE_BLOCK
            + '<!--StartFragment--><div class="Section0" style="layout-grid:15.6000pt;">')
    return head, "</div><!--EndFragment-->"


@lru_cache(maxsize=8192)
def _attrs(quoted: bool, pairs: tuple[tuple[str, str | int], ...]) -> str:
    if quoted:
        return "".join(f' {k}="{v}"' for k, v in pairs)
    out = []
    for k, v in pairs:
        text = str(v)
        bare = text.replace("-", "").replace(".", "").replace("_", "").isalnum()
        out.append(f" {k}={text} " if bare else f' {k}="{text}" ')
    return "".join(out)


@lru_cache(maxsize=64)
def _span_open(quoted: bool, size: str, bold: bool) -> str:
    style = f"mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:{size};mso-font-kerning:1.0000pt;"
    if bold:
        style += "font-weight:bold;"
    return f"<span{_attrs(quoted, (('style', style),))}>"


@lru_cache(maxsize=64)
def _mark(quoted: bool, size: str, nbsp: bool) -> str:
    style = f"font-family:仿宋_GB2312;font-size:{size};mso-font-kerning:1.0000pt;"
    return f"<span{_attrs(quoted, (('style', style),))}><o:p>{'&nbsp;' if nbsp else ''}</o:p></span>"


@lru_cache(maxsize=64)
def _p_open(quoted: bool, align: str | None) -> str:
    pairs: tuple[tuple[str, str | int], ...] = (("class", "MsoNormal"),)
    if align:
        pairs += (("align", align),)
    style = "mso-pagination:none;" + (f"text-align:{align};" if align else "")
    return f"<p{_attrs(quoted, (*pairs, ('style', style)))}>"


@lru_cache(maxsize=1024)
def _td_open(quoted: bool, width: int, rowspan: int, colspan: int, valign: str) -> str:
    pairs: tuple[tuple[str, str | int], ...] = (("width", width), ("valign", valign))
    if rowspan > 1:
        pairs += (("rowspan", rowspan),)
    if colspan > 1:
        pairs += (("colspan", colspan),)
    style = (f"width:{width / 2:.4f}pt;padding:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;"
             "border-left:1.0000pt solid windowtext;mso-border-left-alt:0.5000pt solid windowtext;"
             "border-right:1.0000pt solid windowtext;mso-border-right-alt:0.5000pt solid windowtext;"
             "border-top:1.0000pt solid windowtext;mso-border-top-alt:0.5000pt solid windowtext;"
             "border-bottom:1.0000pt solid windowtext;mso-border-bottom-alt:0.5000pt solid windowtext;")
    return f"<td{_attrs(quoted, (*pairs, ('style', style)))}>"


_RUNS = re.compile(r"\d+|\D+")


class Writer:
    """Writes paragraphs, cells and tables with Word's noise, all choices drawn from `rng`."""

    def __init__(self, rng: Rng, quoted: bool, wps_fonts: bool, size: str = "15.0000pt") -> None:
        self.rng = rng
        self.quoted = quoted
        self.wps_fonts = wps_fonts
        self.size = size
        self.features: set[str] = set() if quoted else {"unquoted_attrs"}

    def attrs(self, pairs: list[tuple[str, str | int]]) -> str:
        """Word's raw export leaves simple attribute values unquoted and pads them with two spaces."""
        if not self.quoted:
            self.features.add("unquoted_attrs")
        return _attrs(self.quoted, tuple(pairs))

    def _span(self, text: str, bold: bool = False) -> str:
        body = escape(text, quote=False).replace("\u00a0", "&nbsp;")
        if self.wps_fonts and not text.isdigit() and text.strip():
            body = f'<font face="仿宋_GB2312" >{body}</font>'
            self.features.add("font_tags")
        return _span_open(self.quoted, self.size, bold) + body + "</span>"

    def _pieces(self, text: str) -> list[str]:
        """Split text where Word starts new runs: around numbers, sometimes inside them, and at random."""
        rng = self.rng
        out: list[str] = []
        for p in _RUNS.findall(text):
            if out and rng.random() < 0.3:  # no new run here: glue to the previous piece
                out[-1] += p
                continue
            n = len(p)
            if n >= 3 and p.isdigit() and rng.random() < 0.25:
                cut = rng.between(1, n - 1)
                out += [p[:cut], p[cut:]]
                self.features.add("split_number_spans")
            elif n > 6 and rng.random() < 0.3:
                cut = rng.between(2, n - 2)
                out += [p[:cut], p[cut:]]
            else:
                out.append(p)
        return out

    def runs(self, text: str, bold: bool = False) -> str:
        spans = "".join(self._span(p, bold) for p in self._pieces(text) if p)
        return f"<b>{spans}</b>" if bold else spans

    def mark(self, nbsp: bool = False) -> str:
        """The paragraph mark Word writes at the end of every paragraph."""
        if nbsp:
            self.features.add("nbsp")
        return _mark(self.quoted, self.size, nbsp)

    def para(self, inner: str, align: str | None = None) -> str:
        return _p_open(self.quoted, align) + inner + _mark(self.quoted, self.size, False) + "</p>"

    def text_para(self, text: str, align: str | None = None, bold: bool = False) -> str:
        return self.para(self.runs(text, bold), align)

    def empty_para(self) -> str:
        self.features.add("nbsp")
        return _p_open(self.quoted, None) + _mark(self.quoted, self.size, True) + "</p>"

    def cell(self, paras: str, width: int, rowspan: int = 1, colspan: int = 1, valign: str = "center") -> str:
        if rowspan > 1:
            self.features.add("rowspan")
        if colspan > 1:
            self.features.add("colspan")
        return _td_open(self.quoted, width, rowspan, colspan, valign) + paras + "</td>"

    def row(self, cells: str, height: float) -> str:
        return f"<tr{self.attrs([('style', f'height:{height:.4f}pt;')])}>{cells}</tr>"

    def table(self, rows: str, grid: bool, tbody: bool) -> str:
        cls = "MsoTableGrid" if grid else "MsoNormalTable"
        style = ("border-collapse:collapse;width:456.4500pt;mso-table-layout-alt:fixed;border:none;"
                 "mso-border-left-alt:0.5000pt solid windowtext;mso-border-top-alt:0.5000pt solid windowtext;"
                 "mso-border-right-alt:0.5000pt solid windowtext;mso-border-bottom-alt:0.5000pt solid windowtext;"
                 "mso-border-insideh:0.5000pt solid windowtext;mso-border-insidev:0.5000pt solid windowtext;"
                 "mso-padding-alt:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;")
        body = f"<tbody>{rows}</tbody>" if tbody else rows
        pairs: list[tuple[str, str | int]] = [("class", cls), ("border", 1), ("cellspacing", 0), ("style", style)]
        return f"<table{self.attrs(pairs)}>{body}</table>"

    def signature(self, text: str) -> str:
        style = f"margin-right:21.0000pt;text-align:right;line-height:28.0000pt;{_SIGNATURE_FONT}"
        opening = f"<p{self.attrs([('class', 'MsoNormal'), ('align', 'right'), ('style', style)])}>"
        return opening + self.runs(text) + self.mark() + "</p>"
