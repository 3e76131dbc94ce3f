"""Two liaison officers report the same period at once, on PostgreSQL with real connections."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from cooperation.campaigns import services
from cooperation.campaigns.models import CampaignReport
from portal.models import Role
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db(transaction=True)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_two_first_reports_of_one_period_make_one_report_and_one_refusal():
    with time_machine.travel(dt.datetime(2026, 5, 5, 9, tzinfo=SHANGHAI), tick=True):
        organiser = UserFactory(username="t-gs-liaison", roles=[Role.LIAISON])
        reporters = [
            UserFactory(
                username=f"t-sn-liaison-{i}", procuratorate=member("SN"), roles=[Role.LIAISON]
            )
            for i in range(2)
        ]
        campaign = services.campaign_create(
            user=organiser,
            data={
                "title": "联合集中整治行动",
                "category": "drugs",
                "starts_on": dt.date(2026, 3, 1),
                "ends_on": dt.date(2026, 8, 31),
                "goals": "目标",
                "frequency": "monthly",
            },
            participants=[member("SN")],
        )
        barrier = threading.Barrier(2)
        results = {}

        def report(user, cases):
            try:
                barrier.wait()
                results[user.username] = services.campaign_report_save(
                    user=user,
                    campaign=campaign,
                    procuratorate=member("SN"),
                    period_start=dt.date(2026, 3, 1),
                    data={
                        "arrests_approved": cases,
                        "persons_prosecuted": 1,
                        "proceeds_recovered": 0,
                    },
                )
            except Exception as error:
                results[user.username] = error
            finally:
                connection.close()

        threads = [
            threading.Thread(target=report, args=(user, i + 1)) for i, user in enumerate(reporters)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    outcomes = sorted(type(result).__name__ for result in results.values())
    # The second waits for the first, then finds its report: a correction needs a reason.
    assert outcomes == ["CampaignReport", "ValidationError"], results
    refusal = next(r for r in results.values() if isinstance(r, ValidationError))
    assert "reason" in refusal.message_dict
    assert CampaignReport.objects.get().version == 1
