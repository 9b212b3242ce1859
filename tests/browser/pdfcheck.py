"""What a printed PDF really contains: its pages, its text layer, and which glyph of which font
draws each character (pypdf). A character a font lacks is drawn with its ``.notdef`` glyph (the
empty box, "tofu"): Chromium then writes glyph 0 (a Type0 font) or the glyph name ``/g0`` (a
Type3 font) and no Unicode for it, so it cannot be found by its text alone."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ContentStream

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class PdfFacts:
    pages: int
    sizes: list[tuple[float, float]]  # points
    text: str  # NFKC-normalised, whitespace collapsed
    notdef: int = 0  # glyphs drawn with .notdef
    chars_by_font: dict[str, set[str]] = field(default_factory=dict)
    glyphs_by_font: dict[str, set[int]] = field(default_factory=dict)  # glyph ids drawn

    def font_of(self, ch: str) -> list[str]:
        return [name for name, chars in self.chars_by_font.items() if ch in chars]


def _cmap(font) -> dict[int, str]:
    tu = font.get("/ToUnicode")
    if tu is None:
        return {}
    data = tu.get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, flags=re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", errors="replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, flags=re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(dst).decode("utf-16-be", errors="replace")
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = first[:-1] + chr(ord(first[-1]) + k) if first else ""
    return out


def _gid(name: str) -> int | None:
    """Chromium names a Type3 glyph after its glyph id in hexadecimal: /g2B73."""
    m = re.fullmatch(r"/g([0-9A-Fa-f]+)", name)
    return int(m.group(1), 16) if m else None


def system_glyphs(family: str = "Noto Sans CJK SC") -> tuple[str, dict[int, int]] | None:
    """(PostScript-ish name, {code point: glyph id}) of the font fontconfig gives for ``family``,
    or None if fontconfig or fontTools is missing."""
    import shutil
    import subprocess

    if not shutil.which("fc-match"):
        return None
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        return None
    out = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}|%{postscriptname}", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    try:
        path, index, ps = out.split("|")
        font = TTFont(path, fontNumber=int(index or 0), lazy=True)
        order = font.getGlyphOrder()
        ids = {name: i for i, name in enumerate(order)}
        return ps, {cp: ids[g] for cp, g in font.getBestCmap().items()}
    except (ValueError, OSError, KeyError):
        return None


def _font_name(font) -> str:
    name = font.get("/BaseFont")
    if name is None and "/FontDescriptor" in font:
        desc = font["/FontDescriptor"].get_object()
        name = desc.get("/FontName") or desc.get("/FontFamily")
    return str(name or "?")


def _strings(operands, op):
    if op == b"TJ":
        return [x for x in operands[0] if not isinstance(x, (int, float)) and hasattr(x, "original_bytes")]
    return [operands[-1]] if operands and hasattr(operands[-1], "original_bytes") else []


def facts(path) -> PdfFacts:
    reader = PdfReader(str(path))
    texts, sizes = [], []
    result = PdfFacts(pages=len(reader.pages), sizes=sizes, text="")
    for page in reader.pages:
        box = page.mediabox
        sizes.append((float(box.width), float(box.height)))
        texts.append(page.extract_text() or "")
        fonts = page.get("/Resources", {}).get("/Font", {})
        info = {}
        for key, ref in fonts.items():
            font = ref.get_object()
            subtype = font.get("/Subtype")
            names = None
            if subtype == "/Type3":
                diffs = font.get("/Encoding", {}).get("/Differences", [])
                names, code = {}, 0
                for item in diffs:
                    if isinstance(item, int):
                        code = item
                    else:
                        names[code] = str(item)
                        code += 1
            info[key] = (subtype, _cmap(font), names, _font_name(font))
        font = None
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"Tf":
                font = info.get(operands[0])
            elif op in (b"Tj", b"TJ", b"'", b'"') and font:
                subtype, cmap, names, fname = font
                for s in _strings(operands, op):
                    raw = s.original_bytes
                    step = 2 if subtype == "/Type0" else 1
                    for i in range(0, len(raw), step):
                        code = int.from_bytes(raw[i : i + step], "big")
                        if (subtype == "/Type0" and code == 0) or (
                            names is not None and names.get(code) == "/g0"
                        ):
                            result.notdef += 1
                            continue
                        gid = code if names is None else _gid(names.get(code, ""))
                        if gid is not None:
                            result.glyphs_by_font.setdefault(fname, set()).add(gid)
                        ch = unicodedata.normalize("NFKC", cmap.get(code, ""))
                        result.chars_by_font.setdefault(fname, set()).update(ch)
    result.text = " ".join(unicodedata.normalize("NFKC", " ".join(texts)).split())
    return result
