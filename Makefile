# The two commands: `make run` and `make test`. Each installs what it needs into .venv (once).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=true
PYTEST_ARGS ?=

.PHONY: run test test-browser lint bench messages check-compose clean install backup restore

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo ""
	@echo "  Tiếp công dân trực tuyến: http://$(HOST):$(PORT)/  (đăng nhập bằng một tài khoản ở trên)"
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite, or on PostgreSQL when DATABASE_URL is set. Browser tests: `make test-browser`.
test: $(STAMP)
	$(DEV_ENV) $(PY) -m pytest -m "not browser" -n 2 $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(DEV_ENV) $(PY) -m pytest -m browser -p no:xdist $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# `make bench` (SCALE=small): every bench/bench_*.py; bench_scale.py fills a small province in a throwaway
# copy of the DATABASE_URL PostgreSQL database. SCALE=full measures the DATABASE_URL database as it is
# (filled by `manage.py bench_fill --scale 1`): see docs/scaling.md.
SCALE ?= small
bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; BENCH_SCALE=$(SCALE) $(DEV_ENV) $(PY) $$script || exit 1; done

# Backup of the database named by DATABASE_URL (pg_dump custom format), MEDIA_ROOT and ARCHIVE_ROOT (tar)
# with SHA-256 checksums, in a dated folder under var/backups (or BACKUP_DIR); restore checks the checksums
# first: `make restore FROM=var/backups/2026-12-01T020000Z`. README "Sao lưu" / services/backup.py.
backup: $(STAMP)
	$(DEV_ENV) $(PY) manage.py backup $(if $(BACKUP_DIR),--dest $(BACKUP_DIR))

restore: $(STAMP)
	@test -n "$(FROM)" || { echo "usage: make restore FROM=<backup folder>"; exit 1; }
	$(DEV_ENV) $(PY) manage.py restore $(FROM)

# Catalogues (needs gettext): `make messages-tiepdan_case` refreshes a module's vi .po from the code,
# keeping translations; `make compile-tiepdan_case` builds its .mo (committed, so running needs no gettext).
MODULES := tiepdan_case tiepdan_bridge tiepdan_session tiepdan_report
messages-%: $(STAMP)
	cd addons/$* && $(DEV_ENV) ../../$(PY) ../../manage.py makemessages -l vi --no-location --no-wrap --no-obsolete
compile-%: $(STAMP)
	cd addons/$* && $(DEV_ENV) ../../$(PY) ../../manage.py compilemessages -l vi
messages: $(addprefix compile-,$(MODULES))

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
