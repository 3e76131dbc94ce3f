"""The portal says things as a procuratorate says them: the Chinese catalogue and the pages use
the corrected terms (the XPCC is no 省区, task forces end rather than being annulled, campaign
figures are procuratorial ones, one name for the joint campaign), and never the old ones."""

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from cases.consultations.models import Consultation, Position
from cases.requests.models.requests import ReturnReason
from cases.task_forces.models import TaskForce
from cooperation.campaigns import services as campaign_services
from portal.models import Procuratorate, Role
from tests.factories import make_campaign, member, person

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))

# Words a procuratorate does not use for these things, with what it says instead.
RETIRED = {
    "六省区": "五省（区）和兵团",
    "六省（区）": "五省（区）和兵团",
    "成员省区": "成员单位",
    "推辞管辖": "认为不属本院管辖",
    "战果": "工作成效",
    "立案数": "批准逮捕人数",
    "专项行动": "联合集中整治行动",
    "即将上线": "(the library is live)",
    "运行中": "办案中",
    "撤销办案组": "结束办案组工作",
    "裁判要旨": "要旨",
    "不属本院职权": "不属本院职责范围",
    "在职检察人员": "在岗检察官",
    "判决（法院及文号）": "判决书（法院、案号）",
    "专案组": "联合办案组",
}


def catalogue_text() -> list[tuple[str, str]]:
    entries = polib.pofile(str(CATALOGUE))
    return [(e.msgid, e.msgstr or " ".join(e.msgstr_plural.values())) for e in entries]


@pytest.mark.parametrize("word", RETIRED)
def test_no_chinese_message_uses_a_retired_word(word):
    used = [msgid for msgid, msgstr in catalogue_text() if word in msgstr]
    assert used == [], f"{word} → {RETIRED[word]}"


def test_no_chinese_message_calls_the_members_provinces():
    """省区 names the five provinces and regions only; with the XPCC it is 成员单位."""
    assert [msgid for msgid, msgstr in catalogue_text() if re.search("省区", msgstr)] == []


def zh(message: str, context: str = "") -> str:
    with translation.override("zh-hans"):
        return pgettext(context, message) if context else gettext(message)


def test_the_corrected_terms():
    with translation.override("zh-hans"):
        assert str(TaskForce.Status.ACTIVE.label) == "办案中"
        assert str(TaskForce.Status.CLOSED.label) == "已结束"
        assert str(Consultation.Dispute.BOTH_CLAIM.label).startswith("积极管辖争议")
        assert str(Consultation.Dispute.BOTH_DECLINE.label).startswith("消极管辖争议")
        assert str(Position.DECLINES.label) == "认为不属本院管辖"
        assert str(ReturnReason.NOT_WITHIN_POWER.label) == "不属本院职责范围"
        assert str(Procuratorate.Level.BASIC.label) == "基层院"
    assert zh("Close the task force") == "结束办案组工作"
    assert zh("Date of decision") == zh("Judged on") == "裁判（决定）日期"
    assert zh("Judgment (court and number)") == "判决书（法院、案号）"
    assert "要旨" in zh(
        "Every word must occur in the case: separate words with spaces. Title, keywords, "
        "key points, facts and significance are searched."
    )
    # "Title" is a person's (职务) or a document's (标题), never one for the other.
    assert zh("Title", "person") == zh("title", "person") == "职务"
    assert zh("Title", "subject") == zh("title", "subject") == "标题"
    # One name per thing.
    assert zh("Campaigns") == zh("Joint campaigns") == zh("joint campaign") == "联合集中整治行动"
    message = "Member %(number)s is not an active prosecutor; name an active prosecutor."
    assert "在岗检察官" in zh(message)
    assert "在岗检察官" in zh("%(name)s is not an active prosecutor and cannot be seconded.")
    assert [zh(label) for label in ("Persons approved for arrest", "Persons prosecuted")] == [
        "批准逮捕人数",
        "提起公诉人数",
    ]
    assert zh("Proceeds recovered (10,000 yuan)") == "追赃挽损金额（万元）"
    assert zh("Results of the work") == "工作成效"


def test_home_page_footer_nav_and_the_live_library(client, gs_prosecutor):
    gs_prosecutor.title = "四级高级检察官"
    gs_prosecutor.save(update_fields=["title"])
    client.force_login(gs_prosecutor)
    page = client.get(reverse("home")).content.decode()
    assert "丝绸之路经济带”（国内西北段）" in page
    assert "即将上线" not in page
    assert f'href="{reverse("casebank:home")}" data-testid="tile-library"' in page
    assert "<dt>职务</dt><dd>四级高级检察官</dd>" in page
    assert "五省（区）和兵团的典型案例" in page and "所属成员单位" in page
    assert "联合集中整治行动" in page and "专项行动" not in page


def test_the_public_lead_page_sends_officials_misconduct_to_the_supervision_commissions(client, db):
    page = client.get(reverse("lead-form")).content.decode()
    assert "监察委员会" in page and "12388" in page
    assert "公益诉讼案件线索" in page and "公职人员违法等" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("lead-form")).content.decode()
    assert "supervision commissions" in page and "a wrong by an official" not in page


@pytest.mark.clock(dt.datetime(2026, 5, 5, 9, 0, tzinfo=SHANGHAI))
def test_campaign_page_reports_procuratorial_figures(client, clock, gs_liaison, sn_liaison):
    campaign = make_campaign(gs_liaison, "SN")
    campaign_services.campaign_report_save(
        user=sn_liaison,
        campaign=campaign,
        procuratorate=member("SN"),
        period_start=dt.date(2026, 3, 1),
        data={
            "arrests_approved": 4,
            "persons_prosecuted": 6,
            "proceeds_recovered": "8.5",
            "work_results": "提前介入引导侦查2件。",
        },
    )
    client.force_login(sn_liaison)
    page = client.get(campaign.get_absolute_url()).content.decode()
    for word in ("批准逮捕人数", "提起公诉人数", "追赃挽损金额（万元）", "工作成效"):
        assert word in page
    assert "批准逮捕 4 人，提起公诉 6 人" in page and "提前介入引导侦查2件。" in page
    assert "战果" not in page and "立案数" not in page and "专项行动" not in page
    outsider = person("t-qh-terms", "QH", Role.LIAISON)
    client.force_login(outsider)
    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_the_case_list_column_is_the_cases_title(client, sn_prosecutor):
    client.force_login(sn_prosecutor)
    page = client.get(reverse("casebank:province-cases")).content.decode()
    assert "<th>标题</th>" in page and "<th>职务</th>" not in page
