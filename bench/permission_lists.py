"""Benchmark: permission-filtered lists as the tables grow. Prints numbers; asserts nothing.

Run with `make bench` (PostgreSQL at 127.0.0.1:5432). For each size it fills a scratch database
with users spread over a procuratorate tree, notifications and explicit grants, then times
the queries behind a liaison officer's user list (policy scope + grant tables) and a user's
inbox, the median of repeated runs, and shows the plan of the largest list query.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")

import django

django.setup()

from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from portal.accounts import user_policy  # noqa: E402
from portal.grant_tables import forget  # noqa: E402
from portal.models import (  # noqa: E402
    Notification,
    Procuratorate,
    Role,
    User,
    UserUserObjectPermission,
)
from portal.selectors import notification_list, notification_unread_count  # noqa: E402

SIZES = [1_000, 10_000, 100_000]
CITIES_PER_PROVINCE = 14
COUNTIES_PER_CITY = 8
REPEAT = 25


def build_tree() -> list[Procuratorate]:
    """A realistic tree: 14 cities and 8 counties each below every member province."""
    nodes = []
    for province in Procuratorate.objects.filter(level="provincial"):
        nodes.append(province)
        for c in range(CITIES_PER_PROVINCE):
            city = Procuratorate.objects.create(
                code=f"{province.code}-C{c}",
                name_zh=f"市{c}",
                short_name=f"{province.code}市{c}",
                name_en=f"City {c}",
                level="prefecture",
                parent=province,
                province=province.province,
            )
            nodes.append(city)
            nodes.extend(
                Procuratorate.objects.bulk_create(
                    Procuratorate(
                        code=f"{city.code}-K{k}",
                        name_zh=f"县{k}",
                        short_name=f"{city.code}县{k}"[-10:],
                        name_en=f"County {k}",
                        level="county",
                        parent=city,
                        province=province.province,
                    )
                    for k in range(COUNTIES_PER_CITY)
                )
            )
    return nodes


def fill(size: int, nodes: list[Procuratorate], start: int) -> None:
    """Add users up to `size`, two notifications each, and a grant for every tenth."""
    users = User.objects.bulk_create(
        User(username=f"u{i}", password="!", procuratorate=nodes[i % len(nodes)])
        for i in range(start, size)
    )
    Notification.objects.bulk_create(
        Notification(recipient=user, verb="Bench %(n)s", params={"n": i}, email_state="skipped")
        for user in users
        for i in range(2)
    )
    view_user = Permission.objects.get(codename="view_user")
    grantee = User.objects.get(username="bench-liaison-qh")
    UserUserObjectPermission.objects.bulk_create(
        UserUserObjectPermission(user=grantee, permission=view_user, content_object=user)
        for user in users[::10]
    )
    forget(User)  # a bulk_create sends no signal: the policy asks the grant tables again


def timed(function) -> float:
    """Median milliseconds of REPEAT runs."""
    samples = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        nodes = build_tree()
        liaison_group = Group.objects.get(name=Role.LIAISON)
        gs = Procuratorate.objects.get(code="GS")
        qh = Procuratorate.objects.get(code="QH")
        gs_liaison = User.objects.create(username="bench-liaison-gs", procuratorate=gs)
        qh_liaison = User.objects.create(username="bench-liaison-qh", procuratorate=qh)
        for liaison in (gs_liaison, qh_liaison):
            liaison.groups.add(liaison_group)
        reader = User.objects.create(username="bench-reader", procuratorate=gs)
        Notification.objects.bulk_create(
            Notification(recipient=reader, verb="Bench %(n)s", params={"n": i}) for i in range(200)
        )
        print(f"tree: {len(nodes)} procuratorates; PostgreSQL {connection.pg_version}")
        print(
            f"{'users':>8} {'notices':>9} {'grants':>7} | {'province list':>13} "
            f"{'count':>7} {'grant list':>10} {'inbox':>7} {'unread':>7}   (ms, median)"
        )
        start = 0
        for size in SIZES:
            fill(size, nodes, start)
            start = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

            def province_list():
                fresh = User.objects.get(pk=gs_liaison.pk)
                list(
                    user_policy.visible(fresh)
                    .select_related("procuratorate")
                    .order_by("username")[:25]
                )

            def province_count():
                user_policy.visible(User.objects.get(pk=gs_liaison.pk)).count()

            def grant_list():
                fresh = User.objects.get(pk=qh_liaison.pk)
                list(
                    user_policy.visible(fresh)
                    .filter(procuratorate__province="GS")
                    .order_by("username")[:25]
                )

            def inbox():
                list(notification_list(user=reader)[:25])

            def unread():
                notification_unread_count(user=reader)

            print(
                f"{size:>8} {Notification.objects.count():>9} "
                f"{UserUserObjectPermission.objects.count():>7} | "
                f"{timed(province_list):>13.2f} {timed(province_count):>7.2f} "
                f"{timed(grant_list):>10.2f} {timed(inbox):>7.2f} {timed(unread):>7.2f}"
            )
        fresh = User.objects.get(pk=gs_liaison.pk)
        query = user_policy.visible(fresh).order_by("username")[:25]
        print("\nplan of the province list at the largest size:")
        print(query.explain(analyze=True))
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
