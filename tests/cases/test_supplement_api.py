"""补充函 / 更正函 through the requests API: the same services as the pages."""

import pytest

from cases.models import Letter
from cases.requests import services
from tests.factories import make_request, signoff_people

API = "/api/v1/requests/"
TEXT = "现更正：请求函所列看守所应为西宁市第二看守所。"


def post(client, user, path, data=None):
    client.force_login(user)
    return client.post(path, data or {}, content_type="application/json")


@pytest.fixture
def accepted(gs_prosecutor, qh_liaison, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(gs_prosecutor, submit=True)
    return services.request_transition(user=qh_liaison, request=request, action="accept")


def test_a_correction_through_the_api(
    client, accepted, gs_prosecutor, qh_liaison, nx_prosecutor, django_capture_on_commit_callbacks
):
    pk = accepted.pk
    request_letter = Letter.objects.get(request=accepted, kind="request")
    client.force_login(gs_prosecutor)
    assert "draft_supplement" in client.get(f"{API}{pk}/").json()["available_actions"]
    response = post(client, gs_prosecutor, f"{API}{pk}/draft-supplement/", {"kind": "correction"})
    assert response.status_code == 400
    assert {"body", "refers_to"} <= set(response.json()["fields"])
    response = post(
        client,
        gs_prosecutor,
        f"{API}{pk}/draft-supplement/",
        {"kind": "correction", "body": TEXT, "refers_to": request_letter.pk},
    )
    assert response.status_code == 200, response.json()
    (supplement,) = response.json()["supplements"]
    assert supplement["status"] == "draft" and supplement["refers_to_number"] == accepted.number
    assert set(supplement["available_actions"]) == {"edit", "submit", "discard"}
    path = f"{API}{pk}/supplements/{supplement['id']}/"
    draft = f"{path}draft-letter/"

    body = post(client, gs_prosecutor, path, {"action": "submit"}).json()
    assert body["supplements"][0]["status"] == "review"
    assert body["status"] == "accepted"  # the request keeps its own
    # The requested side and another province: 404 on the draft and its steps.
    for outsider in (qh_liaison, nx_prosecutor):
        client.force_login(outsider)
        assert client.get(draft, HTTP_ACCEPT="application/pdf").status_code == 404
        assert post(client, outsider, path, {"action": "review"}).status_code == 404
    client.force_login(qh_liaison)
    assert client.get(f"{API}{pk}/").json()["supplements"] == []

    reviewer, chief = signoff_people(accepted.requesting_procuratorate)
    client.force_login(reviewer)
    assert client.get(draft, HTTP_ACCEPT="application/pdf").content.startswith(b"%PDF")
    response = post(client, reviewer, path, {"action": "review_return"})
    assert response.status_code == 400 and "comment" in response.json()["fields"]
    response = post(client, reviewer, path, {"action": "sign_off"})
    assert response.status_code == 403
    response = post(client, reviewer, path, {"action": "review"})
    assert response.json()["supplements"][0]["status"] == "signature"
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, chief, path, {"action": "sign_off"})
    assert response.status_code == 200 and response.json()["supplements"] == []
    letter = Letter.objects.get(request=accepted, kind="correction")

    client.force_login(qh_liaison)
    listed = {item["kind"]: item for item in client.get(f"{API}{pk}/").json()["letters"]}
    assert listed["correction"]["number"] == letter.number
    assert listed["correction"]["signature_valid"] is True
    download = client.get(listed["correction"]["download_url"])
    assert download.status_code == 200
    verified = client.post(
        "/api/v1/documents/verify/", {"number": letter.number}, content_type="application/json"
    )
    assert verified.status_code == 200 and verified.json()["valid"] is True

    client.force_login(nx_prosecutor)
    assert client.get(f"{API}{pk}/letters/correction/").status_code == 404
    verified = client.post(
        "/api/v1/documents/verify/", {"number": letter.number}, content_type="application/json"
    )
    assert verified.status_code == 404


def test_unknown_steps_and_ids_are_refused(client, accepted, gs_prosecutor):
    path = f"{API}{accepted.pk}/supplements/999999/"
    assert post(client, gs_prosecutor, path, {"action": "submit"}).status_code == 404
    services.request_transition(
        user=gs_prosecutor,
        request=accepted,
        action="draft_supplement",
        kind="supplement",
        body="补",
    )
    supplement = accepted.supplements.get()
    path = f"{API}{accepted.pk}/supplements/{supplement.pk}/"
    response = post(client, gs_prosecutor, path, {"action": "fly"})
    assert response.status_code == 400 and "action" in response.json()["fields"]
