"""The letters' font, rebuilt once from the system's Noto Serif CJK SC so that PDFs render fast.

WeasyPrint embeds in every PDF a subset of each font it used, made by HarfBuzz keeping the glyph
ids: the subset holds a (mostly empty) slot for every glyph id up to the highest one used, and
costs time in proportion to it. Noto CJK numbers its 65,535 glyphs for Japanese first: the
Simplified-Chinese forms of common characters and of the full-width punctuation (，：（）) come
last (glyph ids up to 63,000), so every letter paid for 63,000 slots in each of its two faces,
regular and bold: 45-80 ms per face, most of the render time.

`build` writes a copy of each face, "Portal Serif CJK SC" regular and bold, with the same
glyphs in another order: .notdef; the glyphs of ASCII, Latin-1, the punctuation blocks, the
full-width forms and the 7,445 characters of GB 2312, with those default shaping turns them
into; then the other CJK ideographs of the BMP; then all the rest, each group in its original
order. Nothing is dropped: every character the system font prints (a name's rare character
too) prints the same, and only a letter with a character outside GB 2312 pays more, at most
what every letter paid before. Outlines, metrics and layout tables are the source's; each
glyph's CID is its new glyph id, as in the source (PDF viewers find a CFF font's glyphs by
CID). The family is renamed, as befits a modified font under the SIL Open Font License ("Noto"
is a trademark). Before a face is written, `check` compares it with its source glyph by glyph
and shapes every character of the source with HarfBuzz in both: any difference refuses it.

The body is set in FandolFang (仿宋), the urgency mark in FandolHei (黑体) and the name of a
上行文's 签发人 in FandolKai (楷体), from Debian's
texlive-lang-chinese (GPL v3 with the font exception: embedding subsets in documents is free).
They cover GB 2312 (all but U+2015) with glyph ids below 10,400, so they embed fast as they are
and need no build: `register` adds them straight from where Debian puts them.

`register` makes the built faces and Fandol's known to a WeasyPrint font configuration. The
letters' CSS names FandolFang for the body and "Portal Serif CJK SC" for titles, each with
"Noto Serif CJK SC" after it, so a machine without them prints the same letters with the
system font (only slower, and with a 宋 body).
"""

import io
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTCollection, TTFont

from portal.harfbuzz import LANGUAGE, Shaper

FAMILY = "Portal Serif CJK SC"
SOURCE_FAMILY = "Noto Serif CJK SC"
# PostScript names, as in the source's NotoSerifCJKsc-Regular
PS_FAMILY, SOURCE_PS_FAMILY = "PortalSerifCJKsc", "NotoSerifCJKsc"
# style: usWeightClass of the source face
STYLES = {"Regular": 400, "Bold": 700}
SOURCE_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"]


def font_dir() -> Path:
    """Where the built fonts live (`LETTER_FONT_DIR`, by default `var/fonts` of the project)."""
    configured = getattr(settings, "LETTER_FONT_DIR", None)
    return Path(configured or Path(settings.BASE_DIR) / "var" / "fonts")


# 仿宋 for the body, 黑体 for the urgency mark, 楷体 for a 签发人's name; none is built.
FANDOL_FACES = ["FandolFang-Regular.otf", "FandolHei-Regular.otf", "FandolKai-Regular.otf"]
FANDOL_DIRS = ["/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol", *SOURCE_DIRS]


def fandol_paths(dirs: Iterable[str] = FANDOL_DIRS) -> list[Path]:
    """The installed Fandol faces the letters use, first found of each."""
    found = {}
    for folder in dirs:
        root = Path(folder).expanduser()
        for name in FANDOL_FACES:
            path = root / name
            if name not in found and path.is_file():
                found[name] = path
    return list(found.values())


def font_path(style: str, folder: Path | None = None) -> Path:
    return (folder or font_dir()) / f"{PS_FAMILY}-{style}.otf"


# Using the built fonts.


def register(font_config) -> list[Path]:
    """Make the built faces known to a WeasyPrint `FontConfiguration`; returns those added.

    Adds them the way WeasyPrint adds an @font-face file (fontconfig application fonts on the
    configuration's own fontconfig config, then tells Pango): about 20 ms, once per config.
    Missing files are skipped: the letters then fall back to the system font (Noto Serif).
    """
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2

    added = []
    for path in [*(font_path(style) for style in STYLES), *fandol_paths()]:
        if path.is_file() and fontconfig.FcConfigAppFontAddFile(
            font_config._config, os.fsencode(path)
        ):
            added.append(path)
    if added:
        pangoft2.pango_fc_font_map_config_changed(
            ffi.cast("PangoFcFontMap *", font_config.font_map)
        )
    return added


# Building them.


@dataclass(frozen=True)
class Source:
    path: Path
    index: int
    style: str

    def stamp(self) -> dict:
        stat = self.path.stat()
        return {
            "source": str(self.path),
            "index": self.index,
            "size": stat.st_size,
            "mtime": int(stat.st_mtime),
            "version": BUILD_VERSION,
        }


# Changes whenever `build_face` would write a different font.
BUILD_VERSION = 1


def find_sources(dirs: Iterable[str] = SOURCE_DIRS) -> dict[str, Source]:
    """The regular and bold faces of Noto Serif CJK SC among the installed font files."""
    found: dict[str, Source] = {}
    for folder in dirs:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("NotoSerifCJK*")):
            if path.suffix.lower() not in {".ttc", ".otf"}:
                continue
            faces = (
                TTCollection(path, lazy=True).fonts
                if path.suffix.lower() == ".ttc"
                else [TTFont(path, lazy=True)]
            )
            for index, face in enumerate(faces):
                family = face["name"].getBestFamilyName()
                weight = face["OS/2"].usWeightClass
                for style, wanted in STYLES.items():
                    if family == SOURCE_FAMILY and weight == wanted and style not in found:
                        found[style] = Source(path, index, style)
    return found


def build(folder: Path | None = None, *, force: bool = False) -> list[str]:
    """Build (or keep, if up to date) both faces in `folder`; returns what was done, per face.

    Raises `FileNotFoundError` if the system has no Noto Serif CJK SC (fonts-noto-cjk) and
    `ValueError` if a built face fails the check (nothing is written then).
    """
    folder = folder or font_dir()
    sources = find_sources()
    missing = set(STYLES) - set(sources)
    if missing:
        raise FileNotFoundError(
            f"No {SOURCE_FAMILY} {', '.join(sorted(missing))} found in {', '.join(SOURCE_DIRS)}: "
            "install the Debian package fonts-noto-cjk."
        )
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for style, source in sources.items():
        target = font_path(style, folder)
        stamp_path = target.with_suffix(".json")
        if (
            not force
            and target.is_file()
            and stamp_path.is_file()
            and json.loads(stamp_path.read_text()) == source.stamp()
        ):
            done.append(f"{target.name}: up to date")
            continue
        data = build_face(source)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        os.replace(partial, target)
        stamp_path.write_text(json.dumps(source.stamp(), indent=2) + "\n")
        done.append(f"{target.name}: built from {source.path.name}#{source.index}")
    return done


def build_face(source: Source) -> bytes:
    """The face renumbered, renamed and checked; see the module's description."""
    font = TTFont(
        source.path, fontNumber=source.index, lazy=False, recalcBBoxes=False,
        recalcTimestamp=False,
    )  # fmt: skip
    font.ensureDecompiled()  # every table reads its glyph names before they move
    old_order = font.getGlyphOrder()
    ranks = glyph_ranks(font, source)
    new_order = [old_order[0], *sorted(old_order[1:], key=lambda name: ranks[name])]
    old_gid = {name: gid for gid, name in enumerate(old_order)}
    permutation = [old_gid[name] for name in new_order]  # new gid -> old gid

    top = font["CFF "].cff.topDictIndex[0]
    charstrings = top.CharStrings
    if not charstrings.charStringsAreIndexed or getattr(top, "ROS", None) is None:
        raise ValueError(f"{source.path.name}: not the CID-keyed CFF font Noto CJK is")
    items = charstrings.charStringsIndex
    items.items = [items[old] for old in permutation]
    for attribute in ("file", "offsets"):
        if hasattr(items, attribute):
            delattr(items, attribute)
    top.FDSelect.format = None
    top.FDSelect.gidArray = [top.FDSelect.gidArray[old] for old in permutation]
    charstrings.charStrings = {name: gid for gid, name in enumerate(new_order)}
    top.charset = new_order
    font.setGlyphOrder(new_order)
    rename(font)
    # The layout tables are compiled in the new order. A coverage table whose glyphs no longer
    # come in glyph-id order is written as ranges keeping each glyph's coverage index (the
    # parallel arrays stay right); fontTools warns about each, expectedly: the check below
    # shapes every character in both fonts.
    layout_log = logging.getLogger("fontTools.ttLib.tables.otTables")
    level = layout_log.level
    layout_log.setLevel(logging.ERROR)
    try:
        renumbered = io.BytesIO()
        font.save(renumbered)
    finally:
        layout_log.setLevel(level)

    # Second pass on the compiled font: CID = glyph id again, only the CFF table is rewritten.
    font = TTFont(renumbered, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    top = font["CFF "].cff.topDictIndex[0]
    names = list(top.charset)
    identity = [".notdef", *(f"cid{gid:05d}" for gid in range(1, len(names)))]
    top.CharStrings.charStrings = {
        new: top.CharStrings.charStrings[old] for old, new in zip(names, identity, strict=True)
    }
    top.charset = identity
    font.setGlyphOrder(identity)
    output = io.BytesIO()
    font.save(output)
    data = output.getvalue()
    check(source, data, permutation)
    return data


def glyph_ranks(font: TTFont, source: Source) -> dict[str, tuple[int, int]]:
    """Each glyph's place in the new order: (group, original glyph id)."""
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    first = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for start, end in ((0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0)):
        first |= set(range(start, end))
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                first.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    first_glyphs = {cmap[c] for c in first if c in cmap}
    # With the glyphs shaping turns them into (locale forms, ligatures), as letters use them.
    with Shaper(source.path, source.index) as shaper:
        text = sorted(c for c in first if c in cmap)
        for start in range(0, len(text), 200):
            glyphs, _ = shaper.shape(text[start : start + 200])
            first_glyphs |= {order[gid] for gid in glyphs}
    second_glyphs = {cmap[c] for c in cmap if 0x3400 <= c <= 0x4DBF or 0x4E00 <= c <= 0x9FFF}
    ranks = {}
    for gid, name in enumerate(order):
        group = 0 if name in first_glyphs else 1 if name in second_glyphs else 2
        ranks[name] = (group, gid)
    return ranks


def rename(font: TTFont) -> None:
    """Give the modified font its own family name (name table and CFF names)."""
    old, new = SOURCE_FAMILY, FAMILY
    old_ps, new_ps = SOURCE_PS_FAMILY, PS_FAMILY
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 21):
            text = record.toUnicode()
            record.string = text.replace(old, new).replace(old_ps, new_ps)
    cff = font["CFF "].cff
    cff.fontNames = [name.replace(old_ps, new_ps) for name in cff.fontNames]
    top = cff.topDictIndex[0]
    for attribute in ("FullName", "FamilyName"):
        if hasattr(top, attribute):
            setattr(top, attribute, getattr(top, attribute).replace(old, new))


def check(source: Source, data: bytes, permutation: list[int]) -> None:
    """Refuse a built face that prints anything differently from its source.

    Same outlines (charstring bytes and font dict of every glyph), same CID = glyph id rule,
    and HarfBuzz shapes every character of the source the same in both fonts (horizontal and
    vertical; Simplified, Traditional, Japanese, Korean; default features and each feature
    the font has), glyph for glyph once renumbered, with the same advances and offsets.
    """
    built = TTFont(io.BytesIO(data), lazy=True)
    original = TTFont(source.path, fontNumber=source.index, lazy=True)
    name = built["name"].getBestFamilyName()
    if name != FAMILY:
        raise ValueError(f"built face is named {name!r}")
    old_top = original["CFF "].cff.topDictIndex[0]
    new_top = built["CFF "].cff.topDictIndex[0]
    old_items, new_items = (
        old_top.CharStrings.charStringsIndex,
        new_top.CharStrings.charStringsIndex,
    )
    if len(old_items) != len(new_items):
        raise ValueError("glyph count changed")
    for new, old in enumerate(permutation):
        if (
            new_items[new].bytecode != old_items[old].bytecode
            or new_top.FDSelect[new] != old_top.FDSelect[old]
        ):
            raise ValueError(f"glyph {old} (now {new}) changed")
    charset = list(new_top.charset)
    if any(name != f"cid{gid:05d}" for gid, name in enumerate(charset) if gid):
        raise ValueError("a CID differs from its glyph id")

    new_gid_of = [0] * len(permutation)
    for new, old in enumerate(permutation):
        new_gid_of[old] = new
    text = sorted(original.getBestCmap())
    features = sorted(
        {
            record.FeatureTag
            for tag in ("GSUB", "GPOS")
            if tag in original
            for record in original[tag].table.FeatureList.FeatureRecord
        }
    )
    variants = [(direction, LANGUAGE, b"") for direction in ("ltr", "ttb")]
    variants += [("ltr", language, b"") for language in (b"zh-tw", b"ja", b"ko")]
    variants += [("ltr", LANGUAGE, feature.encode()) for feature in features]
    with Shaper(source.path, source.index) as before, Shaper(io.BytesIO(data), 0) as after:
        for direction, language, feature in variants:
            for start in range(0, len(text), 256):
                chunk = text[start : start + 256]
                glyphs, positions = before.shape(chunk, direction, language, feature)
                glyphs_after, positions_after = after.shape(chunk, direction, language, feature)
                if [new_gid_of[g] for g in glyphs] != glyphs_after or positions != positions_after:
                    raise ValueError(
                        f"shaping U+{chunk[0]:04X}…U+{chunk[-1]:04X} ({direction}, "
                        f"{language.decode() or 'zh-cn'}, {feature.decode() or 'default'}) differs"
                    )
