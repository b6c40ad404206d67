"""Package plumbing for samples/sample_wordml.py: a .docx as a dict of members, lxml elements in the
WordprocessingML namespace, parts and relationships added, content controls and Word's own markings.

Owns only generic rewriting helpers (deterministic zip, element builders, relationships, content types);
what a WPS or Word file looks like is sample_wordml's business.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
EXTRA_NS = {
    "w14": W14,
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "w16se": "http://schemas.microsoft.com/office/word/2015/wordml/symex",
    "w16cid": "http://schemas.microsoft.com/office/word/2016/wordml/cid",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "mc": MC,
}
_FIXED = (2024, 1, 1, 0, 0, 0)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ------------------------------------------------------------------------------------------ package plumbing

def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def pack(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels")):
            info = zipfile.ZipInfo(name, date_time=_FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return out.getvalue()


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def dump(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def el(tag: str, attrib: dict[str, str] | None = None, *children: etree._Element, text: str | None = None):
    node = etree.Element(w(tag), {w(k) if ":" not in k and not k.startswith("{") else k: v
                                  for k, v in (attrib or {}).items()})
    node.extend(children)
    if text is not None:
        node.text = text
        if text != text.strip():
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return node


def run(text: str, rpr: etree._Element | None = None, tag: str = "t") -> etree._Element:
    r = el("r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    r.append(el(tag, text=text))
    return r


def with_namespaces(root: etree._Element, extra: dict[str, str], ignorable: str) -> etree._Element:
    """`root` re-rooted with more namespace declarations and mc:Ignorable (lxml cannot add them in place)."""
    nsmap = {**root.nsmap, **extra, "mc": MC}
    new = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=nsmap)
    new.set(f"{{{MC}}}Ignorable", ignorable)
    new.extend(list(root))
    return new


def add_part(members: dict[str, bytes], name: str, body: bytes, content_type: str | None,
             rel_from: str | None = None, rel_type: str | None = None, target: str | None = None,
             rid: str | None = None) -> None:
    """Add a part, its content-type override and a relationship to it from `rel_from` ('' = the package)."""
    members[name] = body
    if content_type:
        ct = xml(members["[Content_Types].xml"])
        ct.append(etree.Element(f"{{{CT}}}Override", PartName="/" + name, ContentType=content_type))
        members["[Content_Types].xml"] = dump(ct)
    if rel_from is not None:
        add_rel(members, rel_from, rel_type or "", target or name, rid)


def add_rel(members: dict[str, bytes], part: str, rel_type: str, target: str, rid: str | None = None,
            external: bool = False) -> str:
    folder, _, base = part.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else "_rels/.rels"
    root = xml(members[rels_name]) if rels_name in members else etree.Element(f"{{{PKG}}}Relationships",
                                                                              nsmap={None: PKG})
    taken = {r.get("Id") for r in root}
    rid = rid or next(f"rId{n}" for n in range(100, 10000) if f"rId{n}" not in taken)
    rel = etree.SubElement(root, f"{{{PKG}}}Relationship", Id=rid, Type=rel_type, Target=target)
    if external:
        rel.set("TargetMode", "External")
    members[rels_name] = dump(root)
    return rid


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def paragraphs(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(w("p")))


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    """Paragraphs directly in the body (not in tables)."""
    return [p for p in body if p.tag == w("p")]


def set_words(members: dict[str, bytes], delta: int) -> None:
    """Word's own count in docProps/app.xml moved by `delta` (it counted what it showed when it saved)."""
    app = members.get("docProps/app.xml")
    if app and delta:
        members["docProps/app.xml"] = re.sub(rb"<Words>(\d+)</Words>",
                                             lambda m: b"<Words>%d</Words>" % (int(m.group(1)) + delta), app)



def sdt(content: list[etree._Element], alias: str | None, sid: int, *props: etree._Element) -> etree._Element:
    pr = el("sdtPr")
    if alias:
        pr.append(el("alias", {"val": alias}))
        pr.append(el("tag", {"val": f"f{sid}"}))
    pr.append(el("id", {"val": str(-1_000_000 - sid)}))
    pr.extend(props)
    return el("sdt", None, pr, el("sdtEndPr"), el("sdtContent", None, *content))


def wrap(node: etree._Element, alias: str | None, sid: int, *props: etree._Element) -> etree._Element:
    """Put `node` inside a content control where it stands."""
    parent = node.getparent()
    at = parent.index(node)
    control = sdt([node], alias, sid, *props)
    parent.insert(at, control)
    return control


def wrap_runs(p: etree._Element, alias: str | None, sid: int, *props: etree._Element) -> etree._Element | None:
    runs = [c for c in p if c.tag == w("r")]
    if not runs:
        return None
    at = p.index(runs[0])
    control = sdt(runs, alias, sid, *props)
    p.insert(at, control)
    return control


def finish(root: etree._Element) -> bytes:
    etree.cleanup_namespaces(root, top_nsmap=root.nsmap, keep_ns_prefixes=list(root.nsmap))
    return dump(root)


def word_noise(root: etree._Element) -> None:
    """What Word 2016+ leaves on every paragraph and run: rsids, w14:paraId/textId, proofing marks."""
    for n, p in enumerate(paragraphs(root)):
        p.set(w("rsidR"), f"00{0x3A1B00 + n:06X}")
        p.set(w("rsidRDefault"), "00C41F27")
        p.set(f"{{{W14}}}paraId", f"{0x1A2B0000 + n:08X}")
        p.set(f"{{{W14}}}textId", "77777777")
        runs = [c for c in p if c.tag == w("r")]
        for r in runs:
            r.set(w("rsidR"), "00D94C5E")
        if n % 7 == 3 and runs:  # Word's grammar checker marks a stretch
            p.insert(p.index(runs[0]), el("proofErr", {"type": "gramStart"}))
            runs[-1].addnext(el("proofErr", {"type": "gramEnd"}))
        if n % 11 == 5 and runs:  # where the last layout broke the page
            runs[0].insert(1 if runs[0].find(w("rPr")) is not None else 0, el("lastRenderedPageBreak"))


def word_root(members: dict[str, bytes]) -> tuple[etree._Element, etree._Element]:
    root = with_namespaces(xml(members["word/document.xml"]), EXTRA_NS, "w14 w15 w16se w16cid wp14")
    return root, root.find(w("body"))


