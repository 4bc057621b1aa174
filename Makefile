# The README's two commands: `make run` and `make test`. `make bench` prints benchmarks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
COUNTY ?= 450321

.PHONY: run test bench setup keys migrate demo worker clean-db

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test,production]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP) keys

# Development secrets, generated once under var/ (production sets them in the environment).
keys: var/secret.key var/field.key var/log_signing.key
var/secret.key:
	mkdir -p var && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@ && chmod 600 $@
var/field.key:
	mkdir -p var && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@ && chmod 600 $@
var/log_signing.key:
	mkdir -p var && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@ && chmod 600 $@

migrate: setup
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_divisions
	$(PY) manage.py seed_demo --county $(COUNTY)

# Serves on http://127.0.0.1:8000 with SQLite. Beside it: the task worker (imports, the
# deadline job, the indicator refresh after each write) and a loop that, every 10 minutes,
# queues the grid deadline job, recomputes the plan's indicators for the current year (values
# that change with time alone, such as deadlines passing) and refreshes SQLite's planner
# statistics (cron's place in production).
run: demo
	XIANGZHI_DEBUG=1 $(PY) manage.py db_worker --queue-name '*' >var/worker.log 2>&1 & \
	worker=$$!; \
	(while true; do $(PY) manage.py check_event_deadlines --enqueue >>var/deadlines.log 2>&1; $(PY) manage.py recompute_indicators >>var/deadlines.log 2>&1; $(PY) manage.py refresh_statistics >>var/deadlines.log 2>&1; sleep 600; done) & \
	deadlines=$$!; \
	trap "kill $$worker $$deadlines 2>/dev/null" EXIT INT TERM; \
	XIANGZHI_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	bash scripts/test.sh

bench: demo
	bash scripts/system_deps.sh
	$(PY) -m bench
