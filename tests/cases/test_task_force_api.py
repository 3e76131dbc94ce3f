"""The API of task forces and consultations: the pages' services, in the API's conventions,
as member, former member, outsider and anonymous; list query counts pinned."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cases.consultations import services as consultation_services
from cases.models import (
    Consultation,
    TaskForce,
    TaskForceCase,
    TaskForceMember,
    TeamRole,
)
from cases.task_forces import services
from portal.models import DocumentDownload, Role
from tests.factories import UserFactory, make_request, member, person

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI)
pytestmark = [pytest.mark.clock(NOW), pytest.mark.usefixtures("clock")]

PDF = b"%PDF-1.4\n% evidence\n"
TF = "/api/v1/task-forces/"
CONSULTATIONS = "/api/v1/consultations/"
NOT_A_PROSECUTOR = "Member %(number)s is not an active prosecutor; name an active prosecutor."


@pytest.fixture
def people(db):
    return {
        "gs": person("a-gs-prosecutor", "GS", Role.PROSECUTOR),
        "gs_chief": person("a-gs-chief", "GS", Role.CHIEF),
        "sn": person("a-sn-prosecutor", "SN", Role.PROSECUTOR),
        "xj": person("a-xj-prosecutor", "XJ", Role.PROSECUTOR),
        "xj_chief": person("a-xj-chief", "XJ", Role.CHIEF),
        "qh": person("a-qh-prosecutor", "QH", Role.PROSECUTOR),
        "nx": person("a-nx-prosecutor", "NX", Role.PROSECUTOR),
        "nx_chief": person("a-nx-chief", "NX", Role.CHIEF),
    }


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def proposal(people, name="专案组"):
    return {
        "name": name,
        "category": "cybercrime",
        "purpose": "统一调用三省检察人员。",
        "case_name": "李某某等人电信网络诈骗案",
        "members": [
            {"user": people["sn"].pk, "role": "deputy"},
            {"user": people["xj"].pk, "role": "member"},
        ],
    }


def test_the_task_force_through_the_api(client, people):
    client.force_login(people["gs"])
    bad = post(client, TF, {**proposal(people), "name": ""})
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"name"}
    bad = post(client, TF, {**proposal(people), "members": []})  # one province only
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"members"}
    assert not TaskForce.objects.exists()
    created = post(client, TF, proposal(people))
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert body["status"] == "proposed" and len(body["members"]) == 3
    assert post(client, f"{TF}{pk}/approve/").status_code == 403  # not the chief
    client.force_login(people["gs_chief"])
    assert post(client, f"{TF}{pk}/approve/", {"comment": "同意"}).json()["status"] == "active"
    client.force_login(people["xj"])
    upload = client.post(
        f"{TF}{pk}/documents/", {"upload": SimpleUploadedFile("流水.pdf", PDF, "application/pdf")}
    )
    assert upload.status_code == 201, upload.json()
    document = upload.json()
    assert document["uploaded_by"] == people["xj"].pk
    client.force_login(people["sn"])
    download = client.get(document["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    detail = client.get(f"{TF}{pk}/").json()
    assert [d["user"] for d in detail["documents"][0]["downloads"]] == [people["sn"].pk]
    task = post(
        client,
        f"{TF}{pk}/tasks/",
        {"title": "调取流水", "assignee": people["xj"].pk, "due_date": "2026-04-10"},
    )
    assert task.status_code == 201
    assert post(client, f"{TF}{pk}/messages/", {"body": ""}).status_code == 400
    assert post(client, f"{TF}{pk}/messages/", {"body": "收到"}).status_code == 201
    request = make_request(people["sn"], member("QH"), submit=True)
    linked = post(client, f"{TF}{pk}/requests/", {"request": request.pk})
    assert [r["id"] for r in linked.json()["requests"]] == [request.pk]
    # The leader removes a member, who then gets 404 for everything.
    client.force_login(people["gs"])
    xj = next(m for m in detail["members"] if m["user"] == people["xj"].pk)
    removed = post(client, f"{TF}{pk}/members/{xj['id']}/remove/")
    assert removed.status_code == 200 and removed.json()["removed_at"]
    client.force_login(people["xj"])
    assert client.get(f"{TF}{pk}/").status_code == 404
    assert client.get(document["url"]).status_code == 404
    assert post(client, f"{TF}{pk}/messages/", {"body": "x"}).status_code == 404
    assert client.get(TF).json()["count"] == 0
    # An outsider sees nothing; an anonymous caller is asked to sign in.
    client.force_login(people["qh"])
    assert client.get(f"{TF}{pk}/").status_code == 404
    assert client.get(document["url"]).status_code == 404
    assert client.get(TF).json()["count"] == 0
    assert DocumentDownload.objects.filter(task_force_document=document["id"]).count() == 1
    client.logout()
    assert client.get(f"{TF}{pk}/").status_code in (401, 403)
    client.force_login(people["gs"])
    closed = post(client, f"{TF}{pk}/close/", {"worked": "联动快", "not_worked": "流转慢"})
    assert closed.json()["status"] == "closed"
    assert closed.json()["typical_case_draft"]["title"] == "李某某等人电信网络诈骗案"


def test_a_proposal_naming_an_unknown_or_inactive_member_is_refused(client, people):
    retired = UserFactory(
        username="a-sn-retired", procuratorate=member("SN"), roles=[Role.PROSECUTOR]
    )
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    client.force_login(people["gs"])
    for unknown in (retired.pk, max(u.pk for u in people.values()) + 1000):
        data = proposal(people)
        data["members"].append({"user": unknown, "role": "member"})
        refused = post(client, TF, data)
        assert refused.status_code == 400, unknown
        body = refused.json()
        assert set(body["fields"]) == {"members"}
        with translation.override("zh-hans"):  # the API answers in the default language
            expected = gettext(NOT_A_PROSECUTOR) % {"number": 3}
        assert body["fields"]["members"] == [expected]
    assert not TaskForce.objects.exists()
    assert not TaskForceMember.objects.exists() and not TaskForceCase.objects.exists()


def test_a_draft_request_is_not_linked_through_the_api(client, people):
    task_force = services.task_force_propose(
        user=people["gs"],
        data={"name": "专案组", "category": "cybercrime", "purpose": "x"},
        members=[(people["sn"], TeamRole.DEPUTY), (people["xj"], TeamRole.MEMBER)],
        case_name="某案",
    )
    services.task_force_decide(user=people["gs_chief"], task_force=task_force, approve=True)
    draft = make_request(people["sn"], member("QH"))
    client.force_login(people["sn"])
    refused = post(client, f"{TF}{task_force.pk}/requests/", {"request": draft.pk})
    assert refused.status_code == 400 and set(refused.json()["fields"]) == {"request"}
    draft.refresh_from_db()
    assert draft.task_force is None
    assert client.get(f"{TF}{task_force.pk}/").json()["requests"] == []
    assert not task_force.events.filter(action="link_request").exists()


def test_the_consultation_through_the_api(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["nx"])
    data = {
        "subject": "马某某贩卖毒品案",
        "category": "drugs",
        "dispute": "both_claim",
        "facts": "两地交易。",
        "due_date": "2026-04-20",
        "parties": [member("XJ").pk],
        "position": "claims",
        "reasons": "犯罪地。",
    }
    assert post(client, CONSULTATIONS, {**data, "parties": []}).status_code == 400
    unknown = post(client, CONSULTATIONS, {**data, "parties": [member("XJ").pk, 987654]})
    assert unknown.status_code == 400
    assert unknown.json()["fields"] == {"parties": ["所列检察院不存在，请从列表中选择。"]}
    assert not Consultation.objects.exists()
    created = post(client, CONSULTATIONS, data)
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    client.force_login(people["xj"])
    assert (
        post(
            client, f"{CONSULTATIONS}{pk}/position/", {"position": "claims", "reasons": "抓获地。"}
        ).status_code
        == 200
    )
    assert (
        post(
            client, f"{CONSULTATIONS}{pk}/messages/", {"kind": "meeting", "body": "会商"}
        ).status_code
        == 400
    )
    assert (
        post(
            client,
            f"{CONSULTATIONS}{pk}/messages/",
            {"kind": "meeting", "held_on": "2026-04-03", "body": "会商"},
        ).status_code
        == 201
    )
    client.force_login(people["nx"])
    decided = post(
        client,
        f"{CONSULTATIONS}{pk}/decision/",
        {"handling_procuratorate": member("NX").pk, "reasons": "主要犯罪地。"},
    )
    assert decided.json()["status"] == "review"
    assert post(client, f"{CONSULTATIONS}{pk}/sign/").status_code == 403
    client.force_login(person("a-nx-head", "NX", Role.DEPARTMENT_HEAD))
    reviewed = post(client, f"{CONSULTATIONS}{pk}/signoff/", {"action": "review"})
    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["status"] == "signing"
    for chief in ("xj_chief", "nx_chief"):
        client.force_login(people[chief])
        with django_capture_on_commit_callbacks(execute=True):
            signed = post(client, f"{CONSULTATIONS}{pk}/sign/")
        assert signed.status_code == 200
    assert signed.json()["record"]["state"] == "pending"  # rendered once the change commits
    body = client.get(f"{CONSULTATIONS}{pk}/").json()
    assert body["status"] == "decided" and all(p["signed_at"] for p in body["parties"])
    assert body["record"]["number"] == "宁检管商〔2026〕1号"
    record_path = reverse("api:consultation-record", args=[pk])
    assert body["record"]["url"] == f"http://testserver{record_path}"
    pdf = client.get(body["record"]["url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    client.force_login(people["qh"])
    assert client.get(f"{CONSULTATIONS}{pk}/").status_code == 404
    assert client.get(body["record"]["url"]).status_code == 404
    assert client.get(CONSULTATIONS).json()["count"] == 0
    client.logout()
    assert client.get(CONSULTATIONS).status_code in (401, 403)


@pytest.mark.parametrize("count", [1, 6])
def test_list_query_counts_are_fixed(client, people, count, django_assert_max_num_queries):
    for i in range(count):
        task_force = services.task_force_propose(
            user=people["gs"],
            data={"name": f"专案组{i}", "category": "cybercrime", "purpose": "x"},
            members=[(people["sn"], TeamRole.DEPUTY), (people["xj"], TeamRole.MEMBER)],
            case_name=f"案{i}",
        )
        services.task_force_decide(user=people["gs_chief"], task_force=task_force, approve=True)
        consultation_services.consultation_open(
            user=people["nx"],
            data={
                "subject": f"案{i}",
                "category": "drugs",
                "dispute": Consultation.Dispute.BOTH_DECLINE,
                "facts": "x",
                "due_date": dt.date(2026, 5, 1),
            },
            parties=[member("XJ")],
        )
    for user in (people["xj"], people["xj_chief"]):
        client.force_login(user)
        with django_assert_max_num_queries(8):
            assert client.get(TF).json()["count"] == count
        with django_assert_max_num_queries(8):
            assert client.get(CONSULTATIONS).json()["count"] == count
