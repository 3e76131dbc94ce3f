"""The permission policy: scope by procuratorate, the hierarchy rule, explicit grants."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from portal.accounts import user_policy
from portal.models import Procuratorate, Role, User, UserUserObjectPermission
from portal.permissions import ProcuratoratePolicy, procuratorate_policy, registry
from portal.scope import procuratorate_scope_ids
from tests.factories import ProcuratorateFactory, UserFactory, member


@pytest.fixture
def tree(db):
    """Gansu > Lanzhou > Yuzhong county, and Shaanxi > Xi'an."""
    lanzhou = ProcuratorateFactory(code="GS-LZ", parent=member("GS"))
    yuzhong = ProcuratorateFactory(code="GS-LZ-YZ", parent=lanzhou, level="county")
    xian = ProcuratorateFactory(code="SN-XA", parent=member("SN"))
    return {"GS": member("GS"), "GS-LZ": lanzhou, "GS-LZ-YZ": yuzhong, "SN-XA": xian}


def test_supervising_roles_reach_their_whole_subtree(tree):
    provincial_liaison = UserFactory(roles=[Role.LIAISON])
    city_chief = UserFactory(procuratorate=tree["GS-LZ"], roles=[Role.CHIEF])
    prosecutor = UserFactory(roles=[Role.PROSECUTOR])
    codes = lambda user: set(  # noqa: E731
        Procuratorate.objects.filter(pk__in=procuratorate_scope_ids(user)).values_list(
            "code", flat=True
        )
    )
    assert codes(provincial_liaison) == {"GS", "GS-LZ", "GS-LZ-YZ"}
    assert codes(city_chief) == {"GS-LZ", "GS-LZ-YZ"}
    assert codes(prosecutor) == {"GS"}


def test_liaison_sees_users_of_own_subtree_only(tree, qh_liaison):
    liaison = UserFactory(roles=[Role.LIAISON])
    county_user = UserFactory(procuratorate=tree["GS-LZ-YZ"], roles=[Role.PROSECUTOR])
    shaanxi_user = UserFactory(procuratorate=tree["SN-XA"], roles=[Role.PROSECUTOR])
    visible = set(user_policy.visible(liaison))
    assert {liaison, county_user} <= visible
    assert shaanxi_user not in visible
    assert user_policy.can(liaison, "change", county_user)
    assert not user_policy.can(liaison, "change", shaanxi_user)
    # The outsider from Qinghai gets nothing of Gansu's.
    assert not user_policy.visible(qh_liaison).filter(procuratorate__province="GS").exists()
    with pytest.raises(Http404):
        user_policy.get_or_404(qh_liaison, pk=county_user.pk)


def test_prosecutor_has_no_user_management(tree):
    prosecutor = UserFactory(roles=[Role.PROSECUTOR])
    colleague = UserFactory(roles=[Role.PROSECUTOR])
    assert not user_policy.visible(prosecutor).exists()
    assert not user_policy.can(prosecutor, "view", colleague)


def test_model_level_permission_opens_no_row(tree, qh_liaison):
    gansu_user = UserFactory(roles=[Role.PROSECUTOR])
    qh_liaison.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_user", "change_user", "change_procuratorate"]
        )
    )
    qh_liaison = type(qh_liaison).objects.get(pk=qh_liaison.pk)  # drop the permission cache
    assert qh_liaison.has_perm("portal.change_user")  # the model-level permission is there...
    assert not qh_liaison.has_perm("portal.change_user", gansu_user)  # ...and opens no object
    assert not user_policy.can(qh_liaison, "change", gansu_user)
    assert gansu_user not in user_policy.visible(qh_liaison, "change")
    assert not procuratorate_policy.can(qh_liaison, "change", member("GS"))


def test_explicit_grant_opens_one_object_through_the_direct_table(tree, qh_liaison):
    granted = UserFactory(roles=[Role.PROSECUTOR])
    other = UserFactory(roles=[Role.PROSECUTOR])
    assign_perm("portal.view_user", qh_liaison, granted)
    assert UserUserObjectPermission.objects.filter(content_object=granted).count() == 1
    assert not UserObjectPermission.objects.exists()  # nothing in guardian's generic table
    visible = set(user_policy.visible(qh_liaison).filter(procuratorate__province="GS"))
    assert visible == {granted}
    assert user_policy.can(qh_liaison, "view", granted)
    assert not user_policy.can(qh_liaison, "change", granted)  # only the action granted
    assert not user_policy.can(qh_liaison, "view", other)


def test_group_grant_opens_the_object_to_its_members(tree, sn_prosecutor):
    team = Group.objects.create(name="test-team")
    sn_prosecutor.groups.add(team)
    target = UserFactory(roles=[Role.PROSECUTOR])
    assign_perm("portal.view_user", team, target)
    assert not GroupObjectPermission.objects.exists()
    assert list(user_policy.visible(sn_prosecutor)) == [target]


def test_every_guarded_model_keeps_grants_in_direct_tables(db):
    guarded = [p for p in registry.values() if isinstance(p, ProcuratoratePolicy)]
    assert guarded
    for policy in guarded:
        assert get_user_obj_perms_model(policy.model) is not UserObjectPermission, policy.model
        assert get_group_obj_perms_model(policy.model) is not GroupObjectPermission, policy.model


def test_procuratorate_directory_is_open_but_editing_is_scoped(tree, gs_liaison, qh_liaison):
    assert procuratorate_policy.visible(qh_liaison).filter(code="GS-LZ").exists()
    assert procuratorate_policy.can(gs_liaison, "change", tree["GS-LZ-YZ"])
    assert not procuratorate_policy.can(qh_liaison, "change", tree["GS-LZ-YZ"])


def test_anonymous_and_inactive_users_reach_nothing(tree, gs_liaison):
    from django.contrib.auth.models import AnonymousUser

    assert not user_policy.visible(AnonymousUser()).exists()
    assert not procuratorate_policy.visible(AnonymousUser()).exists()
    gs_liaison.is_active = False
    assert not user_policy.visible(gs_liaison).exists()
    assert not user_policy.can(gs_liaison, "view", gs_liaison)


def test_users_with_permission_are_the_handlers_and_their_supervisors(tree, qh_liaison):
    county_prosecutor = UserFactory(procuratorate=tree["GS-LZ-YZ"], roles=[Role.PROSECUTOR])
    county_liaison = UserFactory(procuratorate=tree["GS-LZ-YZ"], roles=[Role.LIAISON])
    city_liaison = UserFactory(procuratorate=tree["GS-LZ"], roles=[Role.LIAISON])
    city_prosecutor = UserFactory(procuratorate=tree["GS-LZ"], roles=[Role.PROSECUTOR])
    provincial_liaison = UserFactory(roles=[Role.LIAISON])
    UserFactory(procuratorate=tree["SN-XA"], roles=[Role.LIAISON])
    UserFactory(procuratorate=tree["GS-LZ-YZ"], roles=[Role.LIAISON], is_active=False)
    # Who may change a user of the county procuratorate: its own liaison and those above.
    managers = set(user_policy.users_with_permission("change", county_prosecutor))
    assert managers == {county_liaison, city_liaison, provincial_liaison}
    assert city_prosecutor not in managers and qh_liaison not in managers
    # Every one of them is also answered "yes" by can(), and nobody else is.
    for user in User.objects.all():
        assert user_policy.can(user, "change", county_prosecutor) == (user in managers), user
