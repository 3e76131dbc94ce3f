"""Library search on PostgreSQL: what it finds, how it ranks, counts and pages, what it hides."""

import datetime as dt

import pytest
from django.db import connection
from django.utils.html import escape

from casebank.library.models import CaseStatus
from casebank.search.backends.postgres import TABLE, where
from casebank.search.models import CaseSearchEntry
from casebank.search.selectors import backend_for, criteria_for, matching_case_ids, search_cases
from casebank.search.services import index_cases, reindex
from casebank.search.text import segment
from portal.models import CaseCategory
from tests.casebank.search_data import make_case
from tests.factories import ProcuratorateFactory, UserFactory, member


def titles(results) -> list[str]:
    return [hit.case.title for hit in results.hits]


def test_two_character_queries_find_every_case_containing_them(gs_researcher):
    # jieba cuts 人文物理 into 人文/物理 and 吸毒品行 around 毒品: the bigrams still find them.
    assert "文物" not in segment("人文物理学讲座")
    relics = make_case(title="李某走私文物案", facts="将一批文物走私出境。")
    physics = make_case(title="赵某诈骗案", facts="在人文物理学讲座上行骗。")
    poem = make_case(title="钱某盗窃案", facts="窃得古文物件三件。")
    other = make_case(title="孙某危险驾驶案", facts="醉酒驾驶机动车。")
    found = {hit.case.pk for hit in search_cases(user=gs_researcher, query="文物").hits}
    assert found == {relics.pk, physics.pk, poem.pk}
    assert other.pk not in found

    drugs = make_case(title="王某贩卖毒品案", facts="贩卖毒品海洛因五十克。")
    odd = make_case(title="周某寻衅滋事案", facts="其吸毒品行不端，屡次滋事。")
    found = {hit.case.pk for hit in search_cases(user=gs_researcher, query="毒品").hits}
    assert found == {drugs.pk, odd.pk}


def test_one_character_and_long_queries_match_exactly(gs_researcher):
    fund = make_case(title="张某某非法吸收公众存款案", facts="非法集资一千万元。")
    apart = make_case(
        title="刘某诈骗案",
        keywords=["诈骗"],
        key_points="诈骗。",
        significance="惩治诈骗。",
        facts="集会上非法拘禁他人，资金去向不明。",
    )
    assert titles(search_cases(user=gs_researcher, query="非法集资")) == [fund.title]
    one = {hit.case.pk for hit in search_cases(user=gs_researcher, query="拘").hits}
    assert one == {apart.pk}
    # Latin letters and digits are whole tokens, compared without case.
    code = make_case(title="马某侵犯商标案", facts="销售假冒ABC牌白酒2000箱。")
    assert titles(search_cases(user=gs_researcher, query="abc 2000")) == [code.title]


def test_queries_use_the_gin_index(gs_researcher):
    for index in range(30):
        make_case(title=f"{index}号文物案", facts="盗掘古墓葬。" if index % 2 else "贩卖毒品。")
    criteria = criteria_for(query="毒品")
    condition, params = where(criteria)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT case_id FROM {TABLE} WHERE {condition}", params)  # noqa: S608
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "casebank_search_grams_gin" in plan
    assert "Seq Scan" not in plan
    # A longer query is a phrase of bigrams, still answered by the index.
    condition, params = where(criteria_for(query="盗掘古墓葬"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT case_id FROM {TABLE} WHERE {condition}", params)  # noqa: S608
        assert "casebank_search_grams_gin" in "\n".join(row[0] for row in cursor.fetchall())


def test_title_and_keywords_outrank_facts(gs_researcher):
    in_facts = make_case(title="甲某盗窃案", keywords=["盗窃"], facts="顺带提及文物一件。")
    in_points = make_case(
        title="乙某盗窃案", keywords=["盗窃"], key_points="文物犯罪应当从严惩处。", facts="盗窃。"
    )
    in_title = make_case(title="丙某倒卖文物案", keywords=["文物"], facts="倒卖文物。")
    results = search_cases(user=gs_researcher, query="文物")
    assert titles(results) == [in_title.title, in_points.title, in_facts.title]
    by_date = search_cases(user=gs_researcher, query="文物", sort="date")
    assert {hit.case.pk for hit in by_date.hits} == {in_facts.pk, in_points.pk, in_title.pk}


def test_sort_by_date_puts_the_newest_decision_first(gs_researcher):
    old = make_case(title="旧毒品案", decided_on=dt.date(2020, 1, 1))
    new = make_case(title="新毒品案", decided_on=dt.date(2025, 1, 1))
    assert titles(search_cases(user=gs_researcher, query="毒品", sort="date")) == [
        new.title,
        old.title,
    ]


def test_filters_and_their_counts(gs_researcher):
    city = ProcuratorateFactory(code="SN-XA", name_zh="西安市人民检察院", parent=member("SN"))
    make_case(title="甲毒品案", province="GS", category=CaseCategory.DRUGS, charges=["贩卖毒品罪"])
    make_case(
        title="乙毒品案",
        procuratorate=city,
        category=CaseCategory.DRUGS,
        charges=["运输毒品罪", "贩卖毒品罪"],
        keywords=["跨省运输"],
        decided_on=dt.date(2023, 3, 1),
    )
    make_case(title="丙毒品案", province="QH", category=CaseCategory.JUVENILE)
    make_case(title="丁集资案", province="SN")  # no 毒品: in no count

    results = search_cases(user=gs_researcher, query="毒品")
    assert results.total == 3
    counts = {facet.name: {v.value: v.count for v in facet.values} for facet in results.facets}
    assert counts["province"] == {"GS": 1, "SN": 1, "QH": 1}
    assert counts["category"] == {"drugs": 2, "juvenile": 1}
    assert counts["charge"] == {"贩卖毒品罪": 2, "运输毒品罪": 1, "非法吸收公众存款罪": 1}
    assert counts["level"] == {"provincial": 2, "prefecture": 1}
    assert counts["year"] == {"2025": 2, "2023": 1}
    assert counts["keyword"] == {"非法集资": 2, "跨省运输": 1}
    labels = {facet.name: {v.value: v.label for v in facet.values} for facet in results.facets}
    assert labels["province"]["GS"] in ("甘肃", "Gansu")

    def found(**filters):
        return sorted(titles(search_cases(user=gs_researcher, query="毒品", filters=filters)))

    assert found(province="SN") == ["乙毒品案"]
    assert found(category="drugs") == ["乙毒品案", "甲毒品案"]
    assert found(charge="贩卖毒品罪") == ["乙毒品案", "甲毒品案"]
    assert found(charge="贩卖毒品") == []  # a charge is matched whole
    assert found(level="prefecture") == ["乙毒品案"]
    assert found(year=2023) == ["乙毒品案"]
    assert found(keyword="跨省运输") == ["乙毒品案"]
    assert found(category="drugs", province="GS") == ["甲毒品案"]
    # Filters alone browse the library.
    assert sorted(titles(search_cases(user=gs_researcher, filters={"province": "SN"}))) == [
        "丁集资案",
        "乙毒品案",
    ]
    narrowed = search_cases(user=gs_researcher, query="毒品", filters={"category": "drugs"})
    selected = [v for f in narrowed.facets for v in f.values if v.selected]
    assert [(v.value, v.count) for v in selected] == [("drugs", 2)]


def test_bad_filters_are_refused_by_name(gs_researcher):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        search_cases(user=gs_researcher, query="毒品", filters={"province": "XX", "year": "abc"})
    assert set(error.value.message_dict) == {"province", "year"}
    with pytest.raises(ValidationError):
        search_cases(user=gs_researcher, query="毒品", sort="name")


def test_search_within_results(gs_researcher):
    both = make_case(title="甲毒品案", facts="贩卖毒品，判处有期徒刑并宣告缓刑。")
    make_case(title="乙毒品案", facts="贩卖毒品，判处有期徒刑十五年。")
    results = search_cases(user=gs_researcher, query="毒品", within="缓刑")
    assert titles(results) == [both.title]
    assert "<mark>缓刑</mark>" in results.hits[0].snippet


def test_pages(gs_researcher):
    for index in range(25):
        make_case(title=f"第{index}起毒品案", decided_on=dt.date(2020, 1, 1) + dt.timedelta(index))
    first = search_cases(user=gs_researcher, query="毒品", sort="date")
    second = search_cases(user=gs_researcher, query="毒品", sort="date", page=2)
    assert first.total == second.total == 25
    assert (first.num_pages, len(first.hits), len(second.hits)) == (2, 20, 5)
    assert first.has_next and not second.has_next and second.has_previous
    assert not {h.case.pk for h in first.hits} & {h.case.pk for h in second.hits}
    assert (second.start_index, second.end_index) == (21, 25)
    past = search_cases(user=gs_researcher, query="毒品", sort="date", page=9)
    assert past.page == 2 and len(past.hits) == 5


def test_highlighting_escapes_html(gs_researcher):
    make_case(
        title="<script>alert(1)</script>毒品案",
        facts='被告人在"<b>"酒吧贩卖毒品 & 收取现金。',
    )
    hit = search_cases(user=gs_researcher, query="毒品").hits[0]
    assert hit.title == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>毒品</mark>案"
    assert "<b>" not in hit.snippet and escape('"<b>"') in hit.snippet
    assert "<mark>毒品</mark> &amp; 收取" in hit.snippet


def test_drafts_and_withdrawn_cases_never_appear(gs_researcher, gs_prosecutor):
    shown = make_case(title="已发布毒品案")
    for status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED):
        make_case(title=f"{status}毒品案", status=status)  # indexed: the service drops them
    withdrawn = make_case(title="已撤回毒品案")
    assert CaseSearchEntry.objects.filter(case=withdrawn).exists()
    withdrawn.status = CaseStatus.WITHDRAWN
    withdrawn.save()
    index_cases([withdrawn.pk])
    for user in (gs_researcher, gs_prosecutor):
        results = search_cases(user=user, query="毒品")
        assert titles(results) == [shown.title]
        assert results.total == 1
    assert CaseSearchEntry.objects.count() == 1
    # Even a stale index row never turns into a hit: hits are loaded through the policy.
    draft = make_case(title="草稿毒品案", status=CaseStatus.DRAFT, index=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (case_id, province, category, level, year, decided_on, "  # noqa: S608
            "published_at, charges, keywords, facet_key, list_key, words, head, grams) "
            "SELECT %s, province, category, level, year, decided_on, published_at, charges, "
            f"keywords, facet_key, list_key, words, head, grams FROM {TABLE} WHERE case_id = %s",
            [draft.pk, shown.pk],
        )
    assert titles(search_cases(user=gs_researcher, query="毒品")) == [shown.title]


def test_someone_without_a_role_finds_nothing(db):
    make_case(title="甲毒品案")
    nobody = UserFactory(username="t-no-role")
    assert search_cases(user=nobody, query="毒品").hits == []
    assert matching_case_ids(user=nobody, query="毒品", filters={}, case_ids=[1, 2, 3]) == set()


def test_index_is_kept_current_and_rebuilt(gs_researcher):
    case = make_case(title="甲盗窃案", facts="盗窃财物。")
    assert titles(search_cases(user=gs_researcher, query="文物")) == []
    case.facts = "盗窃文物三件。"
    case.save()
    index_cases([case.pk])
    assert titles(search_cases(user=gs_researcher, query="文物")) == [case.title]
    CaseSearchEntry.objects.all().delete()
    make_case(title="乙毒品案", status=CaseStatus.DRAFT, index=False)
    assert reindex() == 1
    assert titles(search_cases(user=gs_researcher, query="文物")) == [case.title]


def test_matching_case_ids_for_alerts(gs_researcher):
    drugs = make_case(title="甲毒品案", province="GS")
    other = make_case(title="乙毒品案", province="SN")
    fraud = make_case(title="丙诈骗案")
    ids = [drugs.pk, other.pk, fraud.pk]
    assert matching_case_ids(user=gs_researcher, query="毒品", filters={}, case_ids=ids) == {
        drugs.pk,
        other.pk,
    }
    assert matching_case_ids(
        user=gs_researcher, query="毒品", filters={"province": "SN"}, case_ids=ids
    ) == {other.pk}


def test_the_simple_backend_agrees_on_what_it_finds(gs_researcher):
    relics = make_case(title="李某走私文物案", keywords=["文物"], province="SN")
    physics = make_case(title="赵某诈骗案", facts="在人文物理学讲座上行骗。")
    make_case(title="孙某危险驾驶案", facts="醉酒驾驶。")
    simple = backend_for("sqlite")
    found = simple.find(criteria_for(query="文物"), sort="relevance", offset=0, limit=20)
    assert found.case_ids == [relics.pk, physics.pk]
    assert dict(found.facets["province"]) == {"SN": 1, "GS": 1}
    narrowed = criteria_for(query="文物", filters={"province": "SN", "keyword": "文物"})
    assert simple.matching(narrowed, [relics.pk, physics.pk]) == {relics.pk}


def test_reindex_command(gs_researcher):
    from io import StringIO

    from django.core.management import call_command

    case = make_case(title="甲毒品案", index=False)
    out = StringIO()
    call_command("reindex_cases", stdout=out)
    assert "1" in out.getvalue()
    assert titles(search_cases(user=gs_researcher, query="毒品")) == [case.title]


def test_the_migration_gives_cases_indexed_before_their_facet_keys(gs_researcher):
    import importlib
    from types import SimpleNamespace

    from casebank.search.backends.postgres import FACET_VALUES
    from casebank.search.models import CaseFacetSet

    fill = importlib.import_module("casebank.migrations.0003_search_facet_sets").fill_facet_sets
    make_case(title="甲毒品案", province="GS", charges=["贩卖毒品罪"], keywords=["毒品犯罪"])
    make_case(title="乙毒品案", province="SN", charges=["运输毒品罪", "贩卖毒品罪"])
    keys = list(CaseSearchEntry.objects.order_by("pk").values_list("facet_key", "list_key"))
    # As an index written before the keys existed: no keys, no combinations.
    CaseSearchEntry.objects.update(facet_key=0, list_key=0)
    CaseFacetSet.objects.all().delete()
    FACET_VALUES.clear()
    fill(None, SimpleNamespace(connection=connection))
    assert list(CaseSearchEntry.objects.order_by("pk").values_list("facet_key", "list_key")) == keys
    counts = {
        facet.name: {value.value: value.count for value in facet.values}
        for facet in search_cases(user=gs_researcher, query="毒品").facets
    }
    assert counts["province"] == {"GS": 1, "SN": 1}
    assert counts["charge"] == {"贩卖毒品罪": 2, "运输毒品罪": 1}
