"""The demo library a prosecutor would believe: every outcome lawful, every case its own."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from casebank.demo import CASES, DEMO_KEYWORD
from casebank.library.models import CaseStatus, DefendantOutcome, TypicalCase
from casebank.library.sentencing import case_outcome_errors, outcome_errors
from portal.models import CaseCategory, Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return TypicalCase.objects.filter(keywords__contains=[DEMO_KEYWORD])


def test_every_demo_outcome_is_lawful_and_the_library_is_wide(demo):
    outcomes = list(DefendantOutcome.objects.filter(case__in=demo).select_related("case"))
    assert outcomes
    for outcome in outcomes:
        assert outcome_errors(outcome) == {}, (outcome.case.title, outcome.defendant)
        outcome.full_clean(exclude=["case"])
    for case in demo.prefetch_related("outcomes"):
        assert case_outcome_errors(case.category, list(case.outcomes.all())) == {}, case.title

    published = demo.filter(status=CaseStatus.PUBLISHED)
    assert published.count() >= 60
    assert {case.category for case in published} == set(CaseCategory.values)
    assert {case.province for case in published} == set(Province.values)
    years = {case.decided_on.year for case in published}
    assert years == set(range(2020, 2027))
    assert set(demo.values_list("status", flat=True)) == set(CaseStatus.values)
    kinds = Counter(outcome.sentence_type for outcome in outcomes)
    assert kinds["not_prosecuted"] >= 3 and kinds["life"] + kinds["death_suspended"] >= 2
    adopted = Counter(
        outcome.recommendation_adopted for outcome in outcomes if outcome.plea_leniency
    )
    assert adopted["adopted"] >= 10 and adopted["not_adopted"] >= 3
    # 附条件不起诉 only in juvenile cases, and then without any sentence.
    conditional = [o for o in outcomes if o.non_prosecution == "conditional"]
    assert conditional and all(o.case.category == "juvenile" for o in conditional)
    assert all(o.term_months is None and o.fine_yuan is None for o in conditional)


def test_drug_and_terror_cases_carry_the_heavy_sentences_the_law_sets(demo):
    # Art. 347: the demo's large quantities (50 g or more of methamphetamine or heroin) end in
    # 15 years, life or death; the quantity is in the facts, not a field, so these are named.
    heavy = {
        "马某某、韩某某贩卖、运输毒品案": {"death_suspended", "life"},
        "陈某某等人制造毒品案": {"death", "imprisonment"},
    }
    for title, kinds in heavy.items():
        outcomes = DefendantOutcome.objects.filter(case__title=title)
        assert set(outcomes.values_list("sentence_type", flat=True)) == kinds
        assert all(o.term_months is None or o.term_months >= 180 for o in outcomes)
    drugs = DefendantOutcome.objects.filter(case__in=demo, case__category="drugs")
    assert drugs.filter(sentence_type__in=["life", "death", "death_suspended"]).count() >= 3


def test_no_two_demo_cases_share_key_points_or_facts():
    for field in ("key_points", "facts", "handling", "significance", "title"):
        texts = Counter(case[field] for case in CASES)
        assert [text for text, count in texts.items() if count > 1] == [], field


def test_demo_dates_are_in_the_past_of_the_first_demo_day():
    assert all(dt.date.fromisoformat(case["decided_on"]) <= dt.date(2026, 6, 1) for case in CASES)
