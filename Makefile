# Hestia — two commands on a bare machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAO_VERSION := 8.0
SAO_DIR := var/sao
DEMO_DB ?= demo
PORT ?= 8000
# Test databases are cached per backend and per state of the modules' files,
# so that a changed view or field never meets a stale cached schema.
SOURCES_HASH := $(shell find addons -type f \( -name '*.py' -o -name '*.xml' -o -name '*.cfg' -o -name '*.po' \) | LC_ALL=C sort | xargs cat | sha1sum | cut -c1-12)
export DB_CACHE := $(CURDIR)/var/cache/$(or $(DB_CACHE_NAME),sqlite)-$(SOURCES_HASH)
# Both cores (one database per worker, a test file stays on one worker); the
# 15 slowest tests close every run: a regression shows the day it comes.
PYTEST_ARGS ?= -n auto --maxprocesses=4 --dist loadfile --durations=15

.PHONY: install sao axe demo init-demo serve test test-pg test-e2e bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	# setuptools warns about the schema folders shipped as package data.
	PYTHONWARNINGS=ignore $(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# sao (the web client) comes from npm at the version matching trytond.
$(SAO_DIR)/index.html:
	rm -rf $(SAO_DIR) var/sao-pack && mkdir -p var/sao-pack
	cd var/sao-pack && npm pack --silent tryton-sao@$(SAO_VERSION) >/dev/null
	tar -xzf var/sao-pack/tryton-sao-*.tgz -C var/sao-pack
	mv var/sao-pack/package $(SAO_DIR) && rm -rf var/sao-pack
	cd $(SAO_DIR) && npm install --silent --omit=dev --legacy-peer-deps >/dev/null

# Hestia's name and language in sao (custom.js and custom.css, which sao
# loads from its root).
$(SAO_DIR)/custom.%: hestia/web/custom.% $(SAO_DIR)/index.html
	cp $< $@

sao: $(SAO_DIR)/index.html $(SAO_DIR)/custom.js $(SAO_DIR)/custom.css

# axe-core, injected by the browser tests into every portal page (RGAA).
AXE := var/axe/node_modules/axe-core/axe.min.js
$(AXE):
	mkdir -p var/axe && cd var/axe && npm install --silent --no-save --prefix . axe-core@4 >/dev/null

axe: $(AXE)

var/db/$(DEMO_DB).sqlite: | install
	$(BIN)/hestia init -d $(DEMO_DB) --demo || (rm -f $@; exit 1)

init-demo: install sao var/db/$(DEMO_DB).sqlite

demo: init-demo
	@echo "Connexion : http://localhost:$(PORT)/  base « $(DEMO_DB) », utilisateur admin, mot de passe admin"
	$(BIN)/hestia serve -d $(DEMO_DB) --port $(PORT)

# Every module test and scenario, then the browser test, on SQLite.
test: install sao axe
	TRYTOND_DATABASE_URI=sqlite:// DB_NAME=:memory: \
		$(BIN)/python -m pytest -q $(PYTEST_ARGS) addons tests

# The same suite on a throwaway PostgreSQL cluster started here.
test-pg: install sao axe
	DB_CACHE_NAME=postgresql bash tests/with_postgresql.sh \
		$(BIN)/python -m pytest -q $(PYTEST_ARGS) addons tests

bench: install
	PYTHONWARNINGS=ignore $(BIN)/pip install -q -e '.[test,bench]'
	# PostgreSQL, the production backend; each bench checks its results
	# and prints CPU seconds and the load average beside wall time.
	# Issue 23: the time per household must not grow from 2,000 to 10,000.
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_households.py --families 2000 10000
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_flux1.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_cesu.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_telegestion.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_billing.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_pes.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_portal.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_portal.py --space plateforme
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_school_rollover.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_ban_import.py
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_creche_billing.py
	# Issue 22: the lists and forms agents open daily, as sao calls them.
	bash tests/with_postgresql.sh $(BIN)/python bench/bench_screens.py

clean:
	rm -rf var/cache
