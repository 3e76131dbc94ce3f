"""The stack and the domain base: PostgreSQL, the six members, the tree, settings."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from portal.models import Procuratorate, Province
from tests.factories import ProcuratorateFactory, member


def test_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_six_members_in_signing_order(db):
    provincial = Procuratorate.objects.filter(level=Procuratorate.Level.PROVINCIAL)
    assert [p.code for p in provincial.order_by("id")] == ["GS", "SN", "QH", "NX", "XJ", "BT"]
    assert list(Province.values) == ["GS", "SN", "QH", "NX", "XJ", "BT"]
    assert member("BT").name_zh == "新疆生产建设兵团人民检察院"
    assert all(p.province == p.code and p.parent is None for p in provincial)


def test_chinese_first_in_beijing_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_provincial_procuratorate_cannot_have_a_parent(db):
    with pytest.raises(IntegrityError):
        Procuratorate.objects.create(
            code="X1",
            name_zh="甲",
            name_en="A",
            level="provincial",
            province="GS",
            parent=member("SN"),
        )


def test_subordinate_must_have_a_parent(db):
    with pytest.raises(IntegrityError):
        Procuratorate.objects.create(
            code="X2", name_zh="乙", name_en="B", level="county", province="GS", parent=None
        )


def test_parent_must_be_of_the_same_province(db):
    node = ProcuratorateFactory.build(parent=member("SN"), province="GS")
    with pytest.raises(ValidationError) as error:
        node.full_clean()
    assert "parent" in error.value.message_dict


def test_name_follows_the_active_language(db):
    from django.utils import translation

    gansu = member("GS")
    with translation.override("zh-hans"):
        assert str(gansu) == "甘肃省人民检察院"
    with translation.override("en"):
        assert str(gansu) == "Gansu Provincial People's Procuratorate"


def test_every_scheduled_job_is_a_registered_task():
    from portal.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cases.send_task_reminders" in scheduled
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)


def test_no_two_procuratorates_share_the_abbreviation_of_their_numbers(db):
    """西安 and 西宁 once both issued 西检协: the register would have repeated numbers."""
    from portal.forms import ProcuratorateAdminForm

    ProcuratorateFactory(
        code="SN-XA", name_zh="西安市人民检察院", short_name="西", parent=member("SN")
    )
    data = {
        "code": "QH-XN",
        "name_zh": "西宁市人民检察院",
        "name_en": "Xining",
        "short_name": "西",
        "level": "prefecture",
        "parent": member("QH").pk,
        "province": "QH",
        "signoff_review": True,
    }
    form = ProcuratorateAdminForm(data)
    assert not form.is_valid()
    assert "已有检察院使用该简称" in str(form.errors["short_name"])
    assert not ProcuratorateAdminForm({**data, "short_name": ""}).is_valid()
    assert ProcuratorateAdminForm({**data, "short_name": "西宁"}).is_valid()
    with pytest.raises(IntegrityError):
        ProcuratorateFactory(code="QH-XN", short_name="西", parent=member("QH"))
