"""No tofu: every character of a letter is printed with a font that has a glyph for it."""

import io
from functools import cache

import pdfplumber
import pytest
from fontTools.ttLib import TTFont

from cases.models import Letter
from portal.letter_fonts import FAMILY, fandol_paths, find_sources, font_path
from tests.factories import make_request

pytestmark = pytest.mark.skipif(not fandol_paths(), reason="the Fandol fonts are not installed")


@cache
def cmaps() -> dict[str, set[int]]:
    """The characters of each face a letter may use, by the PDF's font name (no subset tag)."""
    faces = {path.stem: TTFont(path, lazy=True) for path in fandol_paths()}
    for style, source in find_sources().items():
        faces[f"Noto-Serif-CJK-SC-{style}"] = TTFont(source.path, fontNumber=source.index)
        built = font_path(style)
        if built.is_file():
            faces[f"{FAMILY.replace(' ', '-')}-{style}"] = TTFont(built, lazy=True)
    return {name.removesuffix("-Regular"): set(face.getBestCmap()) for name, face in faces.items()}


def assert_every_character_has_a_glyph(pdf_bytes: bytes, document: object = "") -> None:
    """Every character's font is one the letters name, and has the character."""
    known = cmaps()
    seen = set()
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                font = char["fontname"].split("+")[-1].removesuffix("-Regular")
                seen.add(font)
                assert font in known, (document, font)
                assert ord(char["text"]) in known[font], (document, char["text"], font)
    assert "FandolFang" in seen, seen


def test_fangsong_covers_gb2312():
    fang = next(path for path in fandol_paths() if path.stem == "FandolFang-Regular")
    cmap = TTFont(fang, lazy=True).getBestCmap()
    missing = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                character = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if ord(character) not in cmap:
                missing.append(character)
    # Only the horizontal bar (U+2015), which the serif fallback prints.
    assert missing == ["\u2015"]


def test_request_and_reply_letters_have_no_tofu(gs_prosecutor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True, urgency="very_urgent")
    letter = Letter.objects.get(request=request, kind="request")
    assert_every_character_has_a_glyph(letter.file.read())


def test_every_demo_document_has_no_tofu(db, clock, django_capture_on_commit_callbacks):
    import os

    from django.core.management import call_command

    from cases.models import DecisionRecord, ReferralDocument
    from cooperation.models import MeetingNotice

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    documents = [
        *Letter.objects.filter(state=Letter.State.ISSUED),
        *DecisionRecord.objects.filter(state=DecisionRecord.State.ISSUED),
        *MeetingNotice.objects.filter(state=MeetingNotice.State.ISSUED),
        *ReferralDocument.objects.filter(state=ReferralDocument.State.ISSUED),
    ]
    kinds = {type(document).__name__ for document in documents}
    assert kinds == {"Letter", "DecisionRecord", "MeetingNotice", "ReferralDocument"}, kinds
    for document in documents:
        assert_every_character_has_a_glyph(document.file.read(), document)
