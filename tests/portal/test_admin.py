"""The admin: in Chinese, and a liaison officer manages only their own procuratorates' users."""

import re

import pytest
from django.contrib.auth.models import Group

from portal.models import Role, User
from tests.factories import ProcuratorateFactory, UserFactory, member

PASSWORD = "secret-pass-123"


@pytest.fixture
def lanzhou(db):
    return ProcuratorateFactory(code="GS-LZ", parent=member("GS"))


def test_admin_is_in_chinese(client, gs_liaison):
    client.force_login(gs_liaison)
    content = client.get("/admin/").content.decode()
    assert "西北检察协作平台" in content
    assert "用户" in content


def test_liaison_lists_only_users_of_own_subtree(client, gs_liaison, lanzhou, sn_prosecutor):
    city_user = UserFactory(username="lz-user", procuratorate=lanzhou, roles=[Role.PROSECUTOR])
    client.force_login(gs_liaison)
    content = client.get("/admin/portal/user/").content.decode()
    assert "lz-user" in content
    assert sn_prosecutor.username not in content
    assert client.get(f"/admin/portal/user/{city_user.pk}/change/").status_code == 200
    # Another province's user: the admin answers as if it did not exist.
    response = client.get(f"/admin/portal/user/{sn_prosecutor.pk}/change/")
    assert response.status_code == 302 and response.url == "/admin/"


def test_outsider_liaison_sees_no_gansu_user(client, qh_liaison, gs_prosecutor):
    client.force_login(qh_liaison)
    assert gs_prosecutor.username not in client.get("/admin/portal/user/").content.decode()
    response = client.post(
        f"/admin/portal/user/{gs_prosecutor.pk}/change/", {"username": "taken-over"}
    )
    assert response.status_code == 302
    gs_prosecutor.refresh_from_db()
    assert gs_prosecutor.username == "t-gs-prosecutor"


def test_liaison_creates_a_user_in_scope_only(client, gs_liaison, lanzhou):
    client.force_login(gs_liaison)
    form = client.get("/admin/portal/user/add/").content.decode()
    procuratorate_choices = re.search(r'<select name="procuratorate".*?</select>', form, re.S)[0]
    assert f'value="{lanzhou.pk}"' in procuratorate_choices
    assert f'value="{member("SN").pk}"' not in procuratorate_choices
    assert "联络员" in form
    assert "管理员" not in form  # a liaison cannot hand out the administrator role
    data = {
        "username": "new-liaison",
        "password1": "丝路检察-2026-协作",
        "password2": "丝路检察-2026-协作",
        "full_name": "新联络员",
        "language": "zh-hans",
        "procuratorate": lanzhou.pk,
        "groups": [Group.objects.get(name=Role.LIAISON).pk],
        "is_active": "on",
    }
    response = client.post("/admin/portal/user/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new-liaison")
    assert created.procuratorate == lanzhou
    assert created.is_staff  # liaison officers get the admin site
    assert not created.is_superuser
    # Placing a user in another province is refused with a message, and nothing is created.
    data.update(username="smuggled", procuratorate=member("SN").pk)
    response = client.post("/admin/portal/user/add/", data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="smuggled").exists()


def test_prosecutor_has_no_admin(client, gs_prosecutor):
    client.force_login(gs_prosecutor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_liaison_sees_only_own_notifications_in_admin(client, gs_liaison, qh_liaison):
    from portal.services import notify

    notify(recipients=[qh_liaison], verb="Secret for Qinghai %(x)s", params={"x": "Q"}, email=False)
    notify(recipients=[gs_liaison], verb="For Gansu %(x)s", params={"x": "G"}, email=False)
    client.force_login(gs_liaison)
    content = client.get("/admin/portal/notification/").content.decode()
    assert "For Gansu G" in content
    assert "Secret for Qinghai" not in content


@pytest.mark.clock(tick=False)
def test_liaison_lets_a_colleague_sign_in_without_waiting(client, clock, gs_liaison, gs_prosecutor):
    def sign_in():
        return client.post(
            "/accounts/login/",
            {"username": gs_prosecutor.username, "password": PASSWORD},
            REMOTE_ADDR="198.51.100.7",
        )

    for number in range(4):
        client.post(
            "/accounts/login/",
            {"username": gs_prosecutor.username, "password": "x"},
            REMOTE_ADDR=f"203.0.113.{number}",
        )
    assert "登录失败次数过多" in sign_in().content.decode()
    client.force_login(gs_liaison)
    response = client.post(
        "/admin/portal/user/",
        {"action": "clear_sign_in_delay", "_selected_action": [gs_prosecutor.pk]},
        follow=True,
    )
    assert "已解除 1 个用户的登录等待" in response.content.decode()
    client.logout()
    assert sign_in().status_code == 302


def test_user_changelist_query_count_is_fixed(client, gs_liaison, django_assert_max_num_queries):
    for _ in range(30):
        UserFactory(roles=[Role.PROSECUTOR])
    client.force_login(gs_liaison)
    with django_assert_max_num_queries(14):
        assert client.get("/admin/portal/user/").status_code == 200


def test_procuratorate_changelist_query_count_is_fixed(
    client, gs_liaison, django_assert_max_num_queries
):
    for _ in range(30):
        ProcuratorateFactory()
    client.force_login(gs_liaison)
    with django_assert_max_num_queries(10):
        assert client.get("/admin/portal/procuratorate/").status_code == 200


def test_superuser_sees_the_explicit_grant_tables(client, db):
    admin = UserFactory(username="root", procuratorate=None, is_superuser=True)
    client.force_login(admin)
    content = client.get("/admin/").content.decode()
    assert "/admin/portal/useruserobjectpermission/" in content
    client.force_login(UserFactory(username="liaison-x", roles=[Role.LIAISON]))
    assert "/admin/portal/useruserobjectpermission/" not in client.get("/admin/").content.decode()
