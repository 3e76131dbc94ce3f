"""Signed PDFs: every issued document type is signed by its issuer, pyHanko and Poppler's pdfsig
call it valid, one changed byte breaks it everywhere, and verification tells only what the user
may see."""

import datetime as dt
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.consultations import services as consultation_services
from cases.models import DecisionRecord, Letter, Position
from cooperation.models import ChairTerm, MeetingNotice
from portal import signing
from portal.models import Role, User
from tests.factories import (
    UserFactory,
    make_consultation,
    make_meeting,
    make_request,
    member,
    person,
    signoff_people,
)

pytestmark = pytest.mark.usefixtures("clock")

VERIFY = "/documents/verify/"
API = "/api/v1/documents/verify/"


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def pdfsig(data: bytes, tmp_path) -> str:
    """Poppler's report; -nocert: the tests' CA is not in NSS's store, the digest is checked."""
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    run = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60
    )
    return run.stdout + run.stderr


def changed_byte(data: bytes) -> bytes:
    """The file with one byte of its (signed) content flipped, away from the signature itself."""
    tampered = bytearray(data)
    position = data.index(b"/Type /Page") + 2 if b"/Type /Page" in data else len(data) // 4
    tampered[position] ^= 0x01
    return bytes(tampered)


def issued_letter(user, django_capture_on_commit_callbacks) -> Letter:
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(user, submit=True)
    return Letter.objects.get(request=request, kind="request")


def issued_record(django_capture_on_commit_callbacks) -> DecisionRecord:
    nx = person("s-nx-prosecutor", "NX", Role.PROSECUTOR)
    xj = person("s-xj-prosecutor", "XJ", Role.PROSECUTOR)
    consultation = make_consultation(nx, parties=[member("XJ")])
    consultation_services.consultation_state_position(
        user=xj, consultation=consultation, position=Position.CLAIMS, reasons="在乌鲁木齐抓获。"
    )
    consultation_services.consultation_decide(
        user=nx,
        consultation=consultation,
        handling_procuratorate=member("NX"),
        reasons="便于查明。",
    )
    consultation_services.consultation_signoff(
        user=person("s-nx-head", "NX", Role.DEPARTMENT_HEAD),
        consultation=consultation,
        action="review",
    )
    consultation_services.consultation_sign(
        user=person("s-xj-chief", "XJ", Role.CHIEF), consultation=consultation
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation_services.consultation_sign(
            user=person("s-nx-chief", "NX", Role.CHIEF), consultation=consultation
        )
    return DecisionRecord.objects.get(consultation=consultation)


def issued_notice(django_capture_on_commit_callbacks) -> MeetingNotice:
    ChairTerm.objects.update_or_create(year=2026, defaults={"province": "GS"})
    chair = UserFactory(username="s-gs-chair", procuratorate=member("GS"), roles=[Role.CHAIR])
    starts_at = dt.datetime(2026, 4, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(chair, starts_at, publish=True)
    return MeetingNotice.objects.get(meeting=meeting)


def test_every_issued_document_type_is_signed_by_its_issuer(
    gs_prosecutor, django_capture_on_commit_callbacks, tmp_path
):
    documents = [
        issued_letter(gs_prosecutor, django_capture_on_commit_callbacks),
        issued_record(django_capture_on_commit_callbacks),
        issued_notice(django_capture_on_commit_callbacks),
    ]
    for document, issuer in zip(documents, ["GS", "NX", "GS"], strict=True):
        assert document.state == "issued" and document.signature_valid, document
        data = document.file.read()
        assert document.sha256 == signing.sha256(data)
        verification = signing.verify_pdf(data)
        assert verification.valid, verification
        assert verification.signer == member(issuer).name_zh
        assert verification.signer_code == issuer
        report = pdfsig(data, tmp_path)
        assert "Signature Validation: Signature is Valid." in report, report
        assert "Total document signed" in report, report
        assert f"Signer Certificate Common Name: {member(issuer).name_zh}" in report


def test_a_changed_byte_fails_in_pyhanko_pdfsig_the_page_and_the_api(
    client, gs_prosecutor, django_capture_on_commit_callbacks, tmp_path
):
    letter = issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    tampered = changed_byte(letter.file.read())
    assert not signing.verify_pdf(tampered).valid
    assert "Signature is Valid" not in pdfsig(tampered, tmp_path).split("Total document")[-1]
    assert "Digest Mismatch" in pdfsig(tampered, tmp_path)

    client.force_login(gs_prosecutor)
    page = client.post(VERIFY, {"upload": SimpleUploadedFile("letter.pdf", tampered)})
    assert page.status_code == 200
    content = page.content.decode()
    assert 'data-testid="verdict-invalid"' in content
    assert 'data-testid="document"' not in content  # not the issued copy

    answer = client.post(API, {"file": SimpleUploadedFile("letter.pdf", tampered)})
    assert answer.status_code == 200
    body = answer.json()
    assert body["valid"] is False and body["intact"] is False and body["document"] is None


def test_the_sender_and_the_receiver_verify_by_number(
    client, gs_prosecutor, qh_prosecutor, django_capture_on_commit_callbacks
):
    letter = issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    for user in (gs_prosecutor, qh_prosecutor):
        client.force_login(user)
        page = client.get(VERIFY, {"number": letter.number})
        assert page.status_code == 200
        content = page.content.decode()
        assert 'data-testid="verdict-valid"' in content
        assert letter.number in content and member("GS").name_zh in content
        assert zh("yes, byte for byte") in content
        answer = client.post(API, {"number": letter.number}, content_type="application/json")
        assert answer.status_code == 200
        body = answer.json()
        assert body["valid"] and body["identical"] and body["signer"] == member("GS").name_zh
        assert body["document"]["number"] == letter.number
        assert body["document"]["url"] == letter.request.get_absolute_url()


def test_another_province_and_an_unknown_number_get_not_found(
    client, gs_prosecutor, sn_prosecutor, django_capture_on_commit_callbacks
):
    letter = issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    client.force_login(sn_prosecutor)
    for number in (letter.number, "甘检协〔2026〕999号"):
        page = client.get(VERIFY, {"number": number})
        assert page.status_code == 404
        assert zh("No issued document with this number was found among yours.") in (
            page.content.decode()
        )
        answer = client.post(API, {"number": number}, content_type="application/json")
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_an_outsider_uploading_a_copy_learns_the_signature_but_not_the_document(
    client, gs_prosecutor, sn_prosecutor, django_capture_on_commit_callbacks
):
    letter = issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    data = letter.file.read()
    client.force_login(sn_prosecutor)
    body = client.post(API, {"file": SimpleUploadedFile("x.pdf", data)}).json()
    assert body["valid"] and body["signer"] == member("GS").name_zh
    assert body["document"] is None and body["identical"] is None
    content = client.post(VERIFY, {"upload": SimpleUploadedFile("x.pdf", data)}).content.decode()
    assert 'data-testid="verdict-valid"' in content and letter.number not in content

    client.force_login(gs_prosecutor)  # the sender learns which document it is
    body = client.post(API, {"file": SimpleUploadedFile("x.pdf", data)}).json()
    assert body["identical"] and body["document"]["number"] == letter.number


def test_a_file_that_is_not_a_pdf_gets_a_translated_error(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    message = zh("This file is not a PDF. Upload the PDF of a document the portal issued.")
    page = client.post(VERIFY, {"upload": SimpleUploadedFile("letter.pdf", b"hello, world")})
    assert page.status_code == 400 and message in page.content.decode()
    answer = client.post(API, {"file": SimpleUploadedFile("letter.pdf", b"hello, world")})
    assert answer.status_code == 400 and message in str(answer.json())
    empty = client.post(VERIFY, {})
    assert zh("Choose a PDF file or give a document number.") in empty.content.decode()


def test_an_unsigned_pdf_is_not_valid(client, gs_prosecutor):
    from portal.pdf import render_pdf

    client.force_login(gs_prosecutor)
    unsigned = render_pdf("portal/letters/base.html", {"title": "无签名", "issuer": "某院"})
    content = client.post(VERIFY, {"upload": SimpleUploadedFile("u.pdf", unsigned)})
    assert 'data-testid="verdict-unsigned"' in content.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(VERIFY).status_code == 302
    assert client.post(API, {"number": "x"}).status_code in (401, 403)


def test_verification_is_in_the_schema(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    paths = client.get("/api/schema/?format=json").json()["paths"]
    assert "post" in paths[API]


def test_the_request_page_shows_the_signature_to_both_sides(
    client, gs_prosecutor, qh_prosecutor, django_capture_on_commit_callbacks
):
    letter = issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    for user in (gs_prosecutor, qh_prosecutor):
        client.force_login(user)
        content = client.get(letter.request.get_absolute_url()).content.decode()
        assert 'data-testid="signature-request"' in content
        assert zh("Signature valid") in content
        assert f"{reverse('document-verify')}?number=" in content


def test_without_a_key_nothing_is_issued_unsigned(
    gs_prosecutor, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.SIGNING_KEYS_DIR = tmp_path / "empty"
    settings.SIGNING_DEMO_CA = False
    # The error is the task's (logged, and the beat queues the letter again later).
    issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(kind="request", request__requesting_procuratorate=member("GS"))
    assert letter.state == Letter.State.PENDING and not letter.file


def test_the_seal_image_is_checked_and_stamped(
    gs_prosecutor, django_capture_on_commit_callbacks, tmp_path
):
    from django.core.exceptions import ValidationError
    from PIL import Image

    from portal.forms import check_seal_image

    with pytest.raises(ValidationError):
        check_seal_image(SimpleUploadedFile("seal.png", b"\x89PNG\r\n\x1a\nnot really"))
    with pytest.raises(ValidationError):
        check_seal_image(SimpleUploadedFile("seal.jpg", b"\xff\xd8\xff\xe0 jpeg"))
    buffer = io.BytesIO()
    Image.new("RGBA", (120, 120), (230, 0, 18, 200)).save(buffer, "PNG")
    upload = SimpleUploadedFile("seal.png", buffer.getvalue())
    check_seal_image(upload)
    gansu = member("GS")
    gansu.seal.save("seal.png", upload)

    letter = issued_letter(gs_prosecutor, django_capture_on_commit_callbacks)
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter.file.read())
    images = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) >= 3  # two header lines, then the seal
    assert letter.signature_valid


def test_the_notice_carries_the_seal_only_once_signed_off(
    db, django_capture_on_commit_callbacks, tmp_path
):
    from PIL import Image

    from cooperation.meetings import services as meeting_services
    from cooperation.meetings.letters import notice_pdf
    from cooperation.meetings.models import Meeting

    def images(notice, *, draft=False) -> list[str]:
        path = tmp_path / "notice.pdf"
        path.write_bytes(notice_pdf(notice, draft=draft))
        listing = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout
        # The images below the two heading lines (a seal's alpha is listed as its "smask").
        return [row for row in listing.strip().splitlines()[2:] if row.split()[2] == "image"]

    buffer = io.BytesIO()
    Image.new("RGBA", (120, 120), (230, 0, 18, 200)).save(buffer, "PNG")
    member("GS").seal.save("seal.png", SimpleUploadedFile("seal.png", buffer.getvalue()))
    ChairTerm.objects.update_or_create(year=2026, defaults={"province": "GS"})
    chair = UserFactory(username="s-gs-chair", procuratorate=member("GS"), roles=[Role.CHAIR])
    starts_at = dt.datetime(2026, 4, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    meeting = make_meeting(chair, starts_at)
    meeting = meeting_services.meeting_publish(user=chair, meeting=meeting)
    assert meeting.status == Meeting.Status.NOTICE_IN_REVIEW
    # The draft the reviewer and signer read is watermarked and unsealed.
    draft = MeetingNotice(meeting=meeting, number="", created_at=meeting.created_at)
    assert images(draft, draft=True) == []
    with django_capture_on_commit_callbacks(execute=True):
        publish_signed_off(meeting)
    notice = MeetingNotice.objects.get(meeting=meeting)
    assert notice.signed_off_by is not None and notice.state == MeetingNotice.State.ISSUED
    assert len(images(notice)) == 1  # the seal, pressed over the signature
    stored = tmp_path / "stored.pdf"
    stored.write_bytes(notice.file.read())
    listing = subprocess.run(
        ["pdfimages", "-list", str(stored)], capture_output=True, text=True, check=True
    ).stdout
    assert [row.split()[2] for row in listing.strip().splitlines()[2:]] == ["image", "smask"]


def publish_signed_off(meeting):
    """Carry a published meeting's notice through 核稿 and 签发 at Gansu."""
    from cooperation.meetings.signoff import meeting_notice_transition

    head, chief = signoff_people(member("GS"))
    meeting = meeting_notice_transition(user=head, meeting=meeting, action="review")
    return meeting_notice_transition(user=chief, meeting=meeting, action="sign_off")


def test_the_consultation_and_meeting_pages_show_the_signature(
    client, db, django_capture_on_commit_callbacks
):
    record = issued_record(django_capture_on_commit_callbacks)
    client.force_login(User.objects.get(username="s-xj-prosecutor"))  # the other party
    content = client.get(record.get_absolute_url()).content.decode()
    assert 'data-testid="signature-record"' in content and zh("Signature valid") in content

    notice = issued_notice(django_capture_on_commit_callbacks)
    client.force_login(person("s-qh-prosecutor", "QH", Role.PROSECUTOR))  # an invited member
    content = client.get(notice.get_absolute_url()).content.decode()
    assert 'data-testid="signature-notice"' in content and zh("Signature valid") in content


def test_uploads_are_bounded_in_size(client, gs_prosecutor, settings):
    settings.VERIFY_MAX_BYTES = 2**20
    client.force_login(gs_prosecutor)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 2**20)
    answer = client.post(API, {"file": big})
    assert answer.status_code == 400
    assert zh("The file is larger than %(size)d MB.") % {"size": 1} in str(answer.json())


def test_only_an_administrator_sets_the_seal(rf, db):
    from django.contrib.admin.sites import site

    from portal.models import Procuratorate

    admin = site._registry[Procuratorate]
    for role, may in ((Role.ADMINISTRATOR, True), (Role.LIAISON, False)):
        request = rf.get("/")
        request.user = person(f"s-gs-{role}", "GS", role)
        fixed = admin.get_readonly_fields(request, member("GS"))
        assert ("seal" not in fixed) is may
