# The two commands of the README:
#   make run   install what is needed, migrate, load the demo data, serve http://127.0.0.1:$(PORT)
#   make test  install what the tests need and run the whole suite on PostgreSQL and Redis
# CI then runs `make test-calendar`: the suite again as if it were the next New Year's Eve late
# in the evening and the next 29 February, Beijing time (`pytest --today=...` moves the clock).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Pango and HarfBuzz for WeasyPrint, Noto CJK so Chinese renders (and its bold serif for titles),
# texlive-lang-chinese for the Fandol fonts (仿宋 body, 黑体 urgency), gettext for translations,
# libpq for psycopg2, Node.js for the front-end packages.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
	texlive-lang-chinese gettext libpq-dev
TEST_SYSTEM_PACKAGES := chromium poppler-utils docker-compose
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test test-calendar api-fuzz bench system-packages test-system-packages assets messages lint services clean

run: system-packages $(VENV)/.runtime assets messages
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py build_letter_fonts
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-packages test-system-packages $(VENV)/.dev assets messages services lint
	DEBUG=1 $(PY) manage.py build_letter_fonts
	$(VENV)/bin/pytest
	scripts/api-fuzz.sh

# Schemathesis for 60 s against the API served by gunicorn on PostgreSQL with the demo data.
api-fuzz: $(VENV)/.dev services
	scripts/api-fuzz.sh

test-calendar: $(VENV)/.dev services
	@for today in $$($(PY) scripts/calendar_edges.py); do \
		echo "== The whole suite as if it were $$today"; \
		$(VENV)/bin/pytest -q --today=$$today \
			|| { echo "== The suite FAILED as if it were $$today"; exit 1; }; \
	done

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

system-packages:
	@scripts/system-packages.sh $(SYSTEM_PACKAGES)
	@command -v npm >/dev/null || scripts/system-packages.sh nodejs npm

test-system-packages:
	@scripts/system-packages.sh $(TEST_SYSTEM_PACKAGES)

services:
	@scripts/services.sh

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(MO_FILES)

%.mo: %.po
	msgfmt --check -o $@ $<

clean:
	rm -rf $(VENV) node_modules staticfiles $(MO_FILES)

bench: $(VENV)/.dev services
	$(PY) bench/permission_lists.py
	$(PY) bench/letter_render.py
	$(PY) bench/request_pages.py
	$(PY) bench/casebank.py
	$(PY) bench/broker_outage.py
