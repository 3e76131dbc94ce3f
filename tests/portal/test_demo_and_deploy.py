"""The demo data, the production checks, the compose file and the translations."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from portal.management.commands.load_demo import DEMO_PASSWORD, demo_usernames
from portal.models import Procuratorate, User

ROOT = Path(settings.BASE_DIR)


def test_load_demo_is_idempotent_and_every_demo_user_signs_in(client, db):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    counts = (User.objects.count(), Procuratorate.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (User.objects.count(), Procuratorate.objects.count()) == counts
    # The demo's passwords are known to all its users: none is held for a change at sign-in.
    assert not User.objects.filter(must_change_password=True).exists()
    # Six members, each with a capital-city and a county procuratorate, and ten prefectures
    # along the borders for the symposiums of neighbours.
    assert counts[1] == 28
    abbreviations = list(Procuratorate.objects.values_list("short_name", flat=True))
    assert len(set(abbreviations)) == len(abbreviations)
    assert Procuratorate.objects.get(code="SN-XA").abbreviation == "西"
    assert Procuratorate.objects.get(code="QH-XN").abbreviation == "西宁"
    # The joint meetings are numbered from the rotation's first year (2020): one a year.
    from cooperation.meetings.models import Meeting

    assert Meeting.objects.exists()
    assert all(meeting.number == meeting.year - 2019 for meeting in Meeting.objects.all())
    names = demo_usernames()
    assert len(names) == 48 and "gs-prosecutor" in names and "bt-city-prosecutor" in names
    assert "gs-head" in names and "bt-city-chief" in names
    for username in [*names, "admin"]:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    city = User.objects.get(username="qh-city-prosecutor").procuratorate
    assert city.name_zh == "西宁市人民检察院" and city.parent.code == "QH"
    assert User.objects.get(username="nx-liaison").is_staff
    from cases.models import Consultation, TaskForce

    active = TaskForce.objects.get(status=TaskForce.Status.ACTIVE)
    provinces = set(active.members.values_list("procuratorate__province", flat=True))
    assert provinces == {"GS", "SN", "XJ"}
    assert active.tasks.exists() and active.messages.exists() and active.documents.exists()
    decided = Consultation.objects.get(status=Consultation.Status.DECIDED)
    assert {p.procuratorate.code for p in decided.parties.all()} == {"NX", "XJ"}
    assert not decided.parties.filter(signed_at__isnull=True).exists()
    # One went to the superior procuratorate: its 请示 signed off and numbered, the designation in.
    designated = Consultation.objects.get(status=Consultation.Status.DESIGNATED)
    assert designated.referral.document.number.startswith("甘检请〔")
    assert designated.handling_procuratorate.code == "GS" and designated.referral.reply_number
    assert not User.objects.get(username="nx-prosecutor").is_staff


def test_readme_lists_every_demo_user():
    readme = (ROOT / "README.md").read_text()
    for username in demo_usernames():
        code = username.split("-", 1)[0]
        assert f"`{code}`" in readme or username in readme, username
    assert "make run" in readme and "make test" in readme


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x9!kQ2#pL7vR4$mT8&wZ1^bN6*cY3(eH5)jU0_gF-sD+aA=oI~lK",
        "HTTPS": "1",
        "ALLOWED_HOSTS": "portal.northwest.invalid",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_without_debug_makes_its_own_key_never_the_published_one(tmp_path):
    """Without DEBUG, the embedded portal (no DATABASE_URL) never signs with the development
    key: it makes a key of its own once, private to the installation, and keeps it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "0"}
    env.pop("SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    env["SECRET_KEY_FILE"] = str(tmp_path / "secret_key")
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    keys = [
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", show],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()[-1]
        for _ in range(2)
    ]
    assert keys[0] == keys[1] == (tmp_path / "secret_key").read_text().strip()
    assert len(keys[0]) >= 50 and "development" not in keys[0]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_refuses_to_start_without_a_secret_key():
    """The development key is published: a deployment on a database server without DEBUG
    refuses to start without its own."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "0"}
    env.pop("SECRET_KEY", None)
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/portal"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_each_web_server_worker_is_warmed_up_before_it_serves(db):
    """gunicorn as the image starts it (gunicorn.conf.py): the worker loads the URL patterns
    and the search dictionary and takes them out of garbage collection, then serves."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    server = subprocess.Popen(
        [
            Path(sys.executable).with_name("gunicorn"),
            *("--bind", f"127.0.0.1:{port}", "--no-control-socket"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url, status = f"http://127.0.0.1:{port}/healthz/", None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    status = reply.status
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=60)
    assert status == 200, log
    ready = re.findall(r"Web process ready; (\d+) objects kept out of garbage collection", log)
    assert len(ready) == 3, log  # one line per worker
    assert all(int(count) > 100_000 for count in ready)


def test_docker_compose_file_is_valid():
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.fail("docker-compose is missing: `make test` installs Debian's docker-compose.")
    result = subprocess.run(
        [compose, "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SECRET_KEY": "compose-check"},
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert {"nginx", "web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "--appendonly" in result.stdout and "noeviction" in result.stdout
    # Only nginx is reachable from outside; the portal believes X-Forwarded-For from it only.
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    subnet = config["networks"]["internal"]["ipam"]["config"][0]["subnet"]
    assert services["web"]["environment"]["TRUSTED_PROXIES"] == subnet
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in nginx
    assert "ssl_certificate /etc/nginx/tls/portal.crt;" in nginx


def test_chinese_translation_is_complete():
    catalog = polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    assert catalog.percent_translated() == 100, [e.msgid for e in catalog.untranslated_entries()]
    assert not catalog.fuzzy_entries(), [e.msgid for e in catalog.fuzzy_entries()]
    assert not catalog.obsolete_entries()


def test_every_source_string_is_in_the_catalog(tmp_path):
    """makemessages over a copy of the code finds no string missing from the catalog."""
    ignore = shutil.ignore_patterns(".venv", "node_modules", ".git", "var", "*.mo", "__pycache__")
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    expected = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    present = {e.msgid for e in polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    assert expected - present == set()
