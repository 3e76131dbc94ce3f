"""The formal letters of a request: Chinese, embedded fonts, nothing fetched, frozen once issued."""

import subprocess

from cases.models import Letter
from cases.requests.tasks import render_letter
from tests.factories import make_request


def pdf_tool(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def test_request_letter_is_chinese_with_embedded_fonts_and_fetches_nothing(
    gs_prosecutor, django_capture_on_commit_callbacks, tmp_path, caplog
):
    hostile = '<img src="file:///etc/passwd"><img src="http://example.invalid/x.png">'
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True, description=f"请协助讯问。{hostile}")
    letter = Letter.objects.get(request=request, kind="request")
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter.file.read())
    text = pdf_tool("pdftotext", str(path), "-")
    flat = "".join(text.split())  # lines wrap anywhere in Chinese
    assert "甘肃省人民检察院" in flat
    assert letter.number in flat
    assert "关于请求协助异地讯问犯罪嫌疑人的函" in flat
    assert "李明华" in flat and "11010519491231002X" in flat
    # The user's markup is text in the letter, never an element: nothing was fetched.
    assert "root:x:0:0" not in text
    assert pdf_tool("pdfimages", "-list", str(path)).count("\n") <= 2  # header lines only
    fonts = pdf_tool("pdffonts", str(path))
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk), fonts


def test_issued_letter_is_frozen(gs_prosecutor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    letter = Letter.objects.get(request=request, kind="request")
    name, content = letter.file.name, letter.file.read()
    request.case_name = "改过的案名"
    request.save()
    render_letter(letter.pk)  # queued again (a beat re-run, say): nothing is redone
    letter.refresh_from_db()
    assert letter.file.name == name and letter.file.read() == content
    assert letter.state == Letter.State.ISSUED


def test_pending_letters_are_queued_again(gs_prosecutor):
    import datetime as dt

    import time_machine

    from cases.requests.tasks import requeue_pending_letters

    request = make_request(gs_prosecutor, submit=True)  # no commit in this test: still pending
    letter = Letter.objects.get(request=request, kind="request")
    assert letter.state == Letter.State.PENDING
    with time_machine.travel(dt.timedelta(minutes=10)):
        assert requeue_pending_letters() == 1
    letter.refresh_from_db()
    assert letter.state == Letter.State.ISSUED and letter.file.read(4) == b"%PDF"
    with time_machine.travel(dt.timedelta(minutes=20)):
        assert requeue_pending_letters() == 0


def test_request_letter_marks_urgency_and_puts_the_contact_in_a_note(
    gs_prosecutor, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(
            gs_prosecutor,
            submit=True,
            urgency="very_urgent",
            contact_person="王某某",
            contact_phone="0931-1234567",
        )
    path = tmp_path / "letter.pdf"
    path.write_bytes(Letter.objects.get(request=request, kind="request").file.read())
    flat = "".join(pdf_tool("pdftotext", str(path), "-").split())
    assert "特急" in flat and "紧急" not in flat
    assert "（联系人：王某某；联系电话：0931-1234567）" in flat
    assert "联系人：王某某，联系电话" not in flat  # no longer in the body


def test_request_form_says_the_portal_handles_no_classified_matters(client, gs_prosecutor):
    from django.urls import reverse

    client.force_login(gs_prosecutor)
    url = reverse("cases:request-create", args=["remote_interrogation"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "本平台不处理涉密事项" in page
