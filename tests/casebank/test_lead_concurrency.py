"""Leads sent at the same moment, on PostgreSQL with real connections: numbers and the limit."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from casebank.leads.models import CaseLead
from casebank.leads.services import LEADS_PER_ADDRESS, case_lead_submit
from tests.factories import member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.clock(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)),
    pytest.mark.usefixtures("clock"),
]


def send_all_at_once(senders: list[tuple[str, str]]) -> list:
    """Send one lead per (province, address) from as many threads at the same moment."""
    member("GS")  # the reference rows, which a transactional test's flush removes
    barrier = threading.Barrier(len(senders))
    results: list = [None] * len(senders)

    def run(index, province, address):
        try:
            barrier.wait()
            results[index] = case_lead_submit(
                province=province,
                subject="同时提交的线索",
                content="两人同时提交的线索，编号不得重复，也不得超过限额。",
                sender_address=address,
            )
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, province, address))
        for index, (province, address) in enumerate(senders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_receipt_numbers_are_unique_and_gap_free_under_concurrency():
    results = send_all_at_once(
        [("GS", f"192.0.2.{index}") for index in range(4)]
        + [("QH", f"198.51.100.{index}") for index in range(2)]
    )
    assert all(isinstance(result, CaseLead) for result in results), results
    assert sorted(CaseLead.objects.values_list("receipt_number", flat=True)) == [
        *(f"线索〔2026〕GS00000{n}" for n in range(1, 5)),
        *(f"线索〔2026〕QH00000{n}" for n in range(1, 3)),
    ]


def test_the_limit_holds_when_one_address_sends_at_once_to_several_provinces():
    provinces = ["GS", "SN", "QH", "NX", "XJ", "BT", "GS", "SN"]
    results = send_all_at_once([(province, "203.0.113.50") for province in provinces])
    accepted = [result for result in results if isinstance(result, CaseLead)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(accepted) == LEADS_PER_ADDRESS and len(refused) == len(provinces) - LEADS_PER_ADDRESS
    assert all(error.code == "throttled" for error in refused)
