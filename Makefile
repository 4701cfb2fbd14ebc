# The two commands of the README are `make site` and `make test`; everything else is for
# editors and developers. The first run creates .venv and installs the pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test validate serve bench clean lock screenshots

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## validate and build the demo province: portal in site/, data package in export/
site: $(STAMP)
	$(BIN)/quangba build

## the whole test suite, on TEST_WORKERS processes (the machine's cores; each test file runs
## whole in one worker, so its module fixtures — demo builds — are made once)
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

validate: $(STAMP)
	$(BIN)/quangba validate

## preview the portal while editing: http://127.0.0.1:8000/ (live reload, drafts shown)
serve: $(STAMP)
	$(BIN)/quangba serve

## performance figures, in one run: every bench/*.py (each writes bench/results-<name>.json;
## bench/scale.py builds and validates synthetic provinces against naive MkDocs and Hugo),
## then bench/report.py merges them into bench/results.json and bench/RESULTS.md (printed)
## and the README's Performance section. Hugo is installed with apt, and Pagefind (the search
## comparison, the `bench` extra) with pip, when missing.
$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	@command -v hugo >/dev/null || { echo "bench: installing Debian's hugo for the baseline (apt-get install hugo)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo >/dev/null; }; }
	@set -e; for script in $(filter-out bench/report.py,$(wildcard bench/*.py)); do echo "== $$script"; $(BIN)/python $$script; done
	$(BIN)/python bench/report.py --readme

## every page type at 1280 and 390 px in every language (build/screenshots/), and the README's
## four pictures (docs/screenshots/), by headless Chromium (/usr/bin/chromium)
screenshots: site
	$(BIN)/quangba screenshots --out build/screenshots --readme docs/screenshots

## re-pin every dependency to the newest allowed version (then commit constraints.txt)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[test]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^quangba' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site export .cache .quangba-output .quangba-live
