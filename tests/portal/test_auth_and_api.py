"""Sign-in, language, the API's conventions, and what an anonymous visitor gets."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from portal.models import ApiToken, Procuratorate
from portal.tokens import key_hash
from tests.factories import UserFactory

PASSWORD = "secret-pass-123"


def test_anonymous_pages_redirect_to_login(client):
    for name in ["home", "inbox", "password_change"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/docs/").status_code == 302


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me/"),
        ("get", "/api/v1/procuratorates/"),
        ("get", "/api/v1/procuratorates/1/"),
        ("get", "/api/v1/notifications/"),
        ("post", "/api/v1/notifications/1/read/"),
        ("get", "/api/schema/?format=json"),
    ],
)
def test_anonymous_api_is_refused(client, db, method, path):
    response = getattr(client, method)(path)
    assert response.status_code in (401, 403)
    assert set(json.loads(response.content)) == {"code", "message"}


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert '<html lang="zh-CN">' in content
    assert "西北检察协作平台" in content
    assert "登录" in content


def test_wrong_password_gets_a_translated_message(client, gs_prosecutor):
    response = client.post(reverse("login"), {"username": gs_prosecutor.username, "password": "x"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_and_home_show_procuratorate_and_roles(client, gs_prosecutor):
    response = client.post(
        reverse("login"), {"username": gs_prosecutor.username, "password": PASSWORD}, follow=True
    )
    content = response.content.decode()
    assert "甘肃省人民检察院" in content
    assert "检察官" in content


def test_token_exchange_and_me(client, gs_prosecutor):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": gs_prosecutor.username, "password": PASSWORD, "name": "case-system sync"},
        content_type="application/json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    assert ApiToken.objects.get(key_hash=key_hash(token)).user == gs_prosecutor
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert me["username"] == gs_prosecutor.username
    assert me["procuratorate"]["code"] == "GS"
    assert me["roles"] == ["prosecutor"]


def test_bad_credentials_and_bad_token_get_clear_messages(client, gs_prosecutor):
    response = client.post(
        "/api/v1/auth/token/",
        {"username": gs_prosecutor.username, "password": "nope", "name": "sync"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "Unable to log in" in response.json()["message"]
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "message": "该 API 令牌无法识别，请核对，或新建一个令牌。",
    }


def test_malformed_json_is_a_400_with_a_message(client, gs_prosecutor):
    for body in ['{"username": ', "[1, 2", "\x00"]:
        response = client.post(
            "/api/v1/auth/token/",
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        assert response.status_code == 400, body
        assert response.json()["code"] == "parse_error"
        assert "JSON" in response.json()["message"]


def test_missing_fields_are_named(client, db):
    response = client.post(
        "/api/v1/auth/token/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.json()
    assert response.status_code == 400
    assert set(body["fields"]) == {"username", "password", "name"}
    assert body["fields"]["username"] == ["This field is required."]


def test_procuratorate_collection_is_paginated(
    client, gs_prosecutor, django_assert_max_num_queries
):
    client.force_login(gs_prosecutor)
    body = client.get("/api/v1/procuratorates/?page_size=4").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == Procuratorate.objects.count()
    assert len(body["results"]) == 4
    assert body["results"][0]["id"]
    assert "page=2" in body["next"]
    detail = client.get(f"/api/v1/procuratorates/{body['results'][0]['id']}/").json()
    assert detail == body["results"][0]
    assert len(client.get("/api/v1/procuratorates/?page_size=1000").json()["results"]) <= 100
    with django_assert_max_num_queries(4):
        client.get("/api/v1/procuratorates/?province=xj")


def test_accept_language_picks_the_language(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    english = client.get("/api/v1/procuratorates/999999/", HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = client.get("/api/v1/procuratorates/999999/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert english == {"code": "not_found", "message": "Not found."}
    assert chinese == {"code": "not_found", "message": "未找到。"}


def test_unknown_api_address_answers_json_404(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_language_switch(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    assert "欢迎" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get("/").content.decode()
    assert "Welcome" in content
    assert "Gansu Provincial People&#x27;s Procuratorate" in content


def test_password_change(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
    )
    assert "旧密码不正确" in response.content.decode()
    # Twelve characters at least (ASVS 2.1.1): eleven are refused, with the rule named.
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qx7-丝路检察-k2",
            "new_password2": "Qx7-丝路检察-k2",
        },
    )
    assert response.status_code == 200 and "至少需要包含 12 个字符" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "丝路检察-2026-协作",
            "new_password2": "丝路检察-2026-协作",
        },
    )
    assert response.status_code == 302
    gs_prosecutor.refresh_from_db()
    assert gs_prosecutor.check_password("丝路检察-2026-协作")


def test_schema_and_self_hosted_docs(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    for path in ["/api/v1/me/", "/api/v1/procuratorates/", "/api/v1/auth/token/"]:
        assert path in document["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "http://" not in docs and "https://" not in docs.replace("https://swagger.io", "")


def test_openapi_schema_validates_without_warnings():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            os.devnull,
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert result.returncode == 0, result.stderr


def test_pages_load_no_outside_asset(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    for url in ["/", "/notifications/", reverse("login")]:
        content = client.get(url).content.decode()
        for attribute in ('src="http', "src='http", 'href="http', "href='http", "//cdn"):
            assert attribute not in content, (url, attribute)


def test_healthz(client, db, settings):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok", "status": "ok"}
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["redis"] == "unavailable"


def test_inactive_user_cannot_sign_in(client, db):
    user = UserFactory(is_active=False)
    assert not client.login(username=user.username, password=PASSWORD)
