"""The consultation decision record: a joint document in the general format of GB/T 9704."""

import io

import pdfplumber
import pytest

from cases.consultations import services
from cases.models import DecisionRecord
from tests.cases.test_consultations import decide, open_consultation, people  # noqa: F401
from tests.portal.test_letter_glyphs import assert_every_character_has_a_glyph

MM = 25.4 / 72
NX, XJ = "宁夏回族自治区人民检察院", "新疆维吾尔自治区人民检察院"


@pytest.fixture
def record_pdf(people, clock, django_capture_on_commit_callbacks):  # noqa: F811
    consultation = open_consultation(people)
    decide(people, consultation)
    services.consultation_sign(user=people["xj_chief"], consultation=consultation)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_sign(user=people["nx_chief"], consultation=consultation)
    return DecisionRecord.objects.get(consultation=consultation).file.read()


def test_record_is_co_issued_and_addressed_to_the_parties(record_pdf):
    with pdfplumber.open(io.BytesIO(record_pdf)) as pdf:
        first, *_, last = pdf.pages
        marks = [w for w in first.extract_words() if w["text"] in (NX, XJ)][:2]
        # Every party's mark, the organiser's first, 35 mm into the text area (general format).
        assert [w["text"] for w in marks] == [NX, XJ]
        assert marks[0]["top"] * MM == pytest.approx(37 + 35, abs=1.5)
        text = "".join("".join(page.extract_text().split()) for page in pdf.pages)
        signatures = "".join(last.extract_text().split())
    assert f"{NX}、{XJ}：" in text
    # A signature block per party.
    assert signatures.count(NX) >= 1 and signatures.count(XJ) >= 1
    assert "本决定经各方检察长签批后生效" not in text
    assert "本决定自各方检察长均签批之日起生效" in text
    assert "由各方共同的上级人民检察院指定管辖" in text
    assert "（印章）" not in text
    assert_every_character_has_a_glyph(record_pdf)
