"""The house's shape, measured: module and view sizes, and one layout by sub-domain per app."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "cases", "casebank", "cooperation")
FEATURE_APPS = ("cases", "casebank", "cooperation")
# Packages of an app that are Django's own places, not sub-domains.
DJANGO_PACKAGES = {"migrations", "management", "templatetags"}


def modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in modules()
        if (count := len(path.read_text().splitlines())) > 400
    }
    assert long == {}


def view_modules():
    for path in modules():
        if path.name == "views.py" or path.parent.name == "views":
            yield path


def test_no_view_function_is_over_40_lines():
    assert list(view_modules()), "no view module found"
    long = {}
    for path in view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > 40:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = lines
    assert long == {}


@pytest.mark.parametrize("label", FEATURE_APPS)
def test_each_feature_app_is_laid_out_by_the_sub_domains_it_names(label):
    config = apps.get_app_config(label)
    packages = {
        path.parent.name
        for path in (ROOT / label).glob("*/__init__.py")
        if path.parent.name not in DJANGO_PACKAGES
    }
    assert packages == set(config.subdomains)
    # No layer packages at the top: a rule's path names its sub-domain.
    for layer in ("services", "views", "forms", "api", "selectors", "permissions", "tasks"):
        assert not (ROOT / label / f"{layer}.py").exists(), f"{label}/{layer}.py"


def contracts() -> list[dict]:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_cover_every_sub_domain():
    declared = {
        f"{label}.{sub}" for label in FEATURE_APPS for sub in apps.get_app_config(label).subdomains
    }
    by_type = {contract["type"]: contract for contract in contracts()}
    assert declared <= set(by_type["acyclic_siblings"]["ancestors"])
    assert declared == set(by_type["layers"]["containers"])


def test_every_scheduled_task_is_one_celery_finds():
    from django.conf import settings

    from portal.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    assert scheduled - set(app.tasks) == set()
