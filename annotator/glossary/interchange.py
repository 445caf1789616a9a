"""The glossary to and from CAT tools: TBX-Basic and CSV.

TBX (TBX-Basic, the ISO 30042 ``martif`` document): one ``termEntry`` per id,
one ``langSet`` per language row (``xml:lang="mul"`` stands for the ``*``
row: ISO 639-2 "multiple languages"), one ``tig`` per form::

    <termEntry id="kim-jong-un">
      <langSet xml:lang="mul">
        <descrip type="nameType">person</descrip>        glossary type
        <descrip type="nameKind">head-of-state</descrip>  kind
        <descrip type="personGender">male</descrip>     gender
        <note>Leader of North Korea</note>              note
        <tig><term>Kim Jong-un</term>
             <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Kim Jong-Un</term>
             <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>Kim</term>
             <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>

Canonical = preferred, variants = deprecated (a CAT tool flags them),
aliases = admitted. Forms keep their order. CSV has the TSV's nine columns
with ``|``-separated lists. Both round-trip every field of every row.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterable

from .model import COLUMNS, LIST_SEP, Entry, _split_list, sort_key

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALL_LANGS = "mul"
STATUS = {"canonical": "preferredTerm-admn-sts", "variant": "deprecatedTerm-admn-sts", "alias": "admittedTerm-admn-sts"}
DESCRIPS = (("nameType", "type"), ("nameKind", "kind"), ("personGender", "gender"))


class InterchangeError(Exception):
    pass


def to_tbx(entries: Iterable[Entry]) -> str:
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(root, "martifHeader")
    fd = ET.SubElement(header, "fileDesc")
    sd = ET.SubElement(fd, "sourceDesc")
    ET.SubElement(sd, "p").text = "annotator name glossary: preferred = canonical form, deprecated = variant (replaced), admitted = alias"
    enc = ET.SubElement(header, "encodingDesc")
    ET.SubElement(enc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    by_id: dict[str, list[Entry]] = {}
    for e in sorted(entries, key=sort_key):
        by_id.setdefault(e.id, []).append(e)
    for eid, rows in by_id.items():
        te = ET.SubElement(body, "termEntry", {"id": eid})
        for e in rows:
            ls = ET.SubElement(te, "langSet", {XML_LANG: ALL_LANGS if e.lang == "*" else e.lang})
            for dtype, attr in DESCRIPS:
                value = getattr(e, attr)
                if value:
                    ET.SubElement(ls, "descrip", {"type": dtype}).text = value
            if e.note:
                ET.SubElement(ls, "note").text = e.note
            for relation, forms in (("canonical", (e.canonical,)), ("variant", e.variants), ("alias", e.aliases)):
                for form in forms:
                    tig = ET.SubElement(ls, "tig")
                    ET.SubElement(tig, "term").text = form
                    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = STATUS[relation]
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + ET.tostring(root, encoding="unicode") + "\n"


def from_tbx(text: str, source: str = "<tbx>") -> list[Entry]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise InterchangeError(f"{source}: not well-formed XML ({exc})") from None
    # Accept TBX with or without a namespace.
    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    out: list[Entry] = []
    for te in root.iter():
        if local(te.tag) not in ("termEntry", "conceptEntry"):
            continue
        eid = te.get("id", "")
        for ls in te:
            if local(ls.tag) not in ("langSet", "langSec"):
                continue
            lang = ls.get(XML_LANG) or ls.get("lang") or ""
            fields = {"type": "", "kind": "", "gender": "", "note": ""}
            forms: dict[str, list[str]] = {"canonical": [], "variant": [], "alias": []}
            for child in ls:
                tag = local(child.tag)
                if tag == "descrip":
                    for dtype, attr in DESCRIPS:
                        if child.get("type") == dtype:
                            fields[attr] = child.text or ""
                elif tag == "note":
                    fields["note"] = child.text or ""
                elif tag in ("tig", "ntig", "termSec"):
                    term = next((c.text or "" for c in child.iter() if local(c.tag) == "term"), "")
                    status = next((c.text or "" for c in child.iter() if local(c.tag) == "termNote" and c.get("type") == "administrativeStatus"), "")
                    relation = {v: k for k, v in STATUS.items()}.get(status.strip(), "alias")
                    forms[relation].append(term)
            if len(forms["canonical"]) != 1:
                raise InterchangeError(f"{source}: entry {eid!r} ({lang}) needs exactly one preferredTerm, has {len(forms['canonical'])}")
            out.append(Entry(
                id=eid, lang="*" if lang == ALL_LANGS else lang, canonical=forms["canonical"][0],
                type=fields["type"], kind=fields["kind"], gender=fields["gender"],
                variants=tuple(forms["variant"]), aliases=tuple(forms["alias"]), note=fields["note"], source=source,
            ))
    return out


def to_csv(entries: Iterable[Entry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in sorted(entries, key=sort_key):
        w.writerow(e.to_row())
    return buf.getvalue()


def from_csv(text: str, source: str = "<csv>") -> list[Entry]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise InterchangeError(f"{source}: the first row must be the columns {','.join(COLUMNS)}")
    out = []
    for n, row in enumerate(reader, start=2):
        if not any(row):
            continue
        if len(row) != len(COLUMNS):
            raise InterchangeError(f"{source}:{n}: {len(row)} cells instead of {len(COLUMNS)}")
        r = dict(zip(COLUMNS, row))
        out.append(Entry(
            id=r["id"], lang=r["lang"], canonical=r["canonical"], type=r["type"], kind=r["kind"], gender=r["gender"],
            variants=_split_list(r["variants"]), aliases=_split_list(r["aliases"]), note=r["note"], source=source, line=n,
        ))
    return out


def read_any(path: str | Path) -> list[Entry]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InterchangeError(f"cannot read {p}: {exc.strerror or exc}") from None
    if p.suffix.lower() in (".tbx", ".xml") or text.lstrip().startswith("<"):
        return from_tbx(text, str(p))
    if p.suffix.lower() == ".tsv":
        raise InterchangeError(f"{p} is a glossary TSV: copy it into the glossary folder instead")
    return from_csv(text, str(p))


__all__ = ["InterchangeError", "from_csv", "from_tbx", "read_any", "to_csv", "to_tbx", "LIST_SEP"]
