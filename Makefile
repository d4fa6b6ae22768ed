# Two commands matter (see README): `make site` and `make test`.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := site
# Quiet Material's end-of-life banner in build output; it is not about this project.
export NO_MKDOCS_2_WARNING := 1

VENV := .venv
PYTHON := $(VENV)/bin/python
# Pinned versions, with hashes, of what pyproject.toml's ranges allow (`make lock` writes them):
# the site's, and the site's plus the tests' (the same versions of what both need).
SITE_LOCK := requirements/site.txt
TEST_LOCK := requirements/test.txt
PIP_INSTALL := $(PYTHON) -m pip install --quiet --disable-pip-version-check
# Touched after a successful install; pip runs again only when a lock file or pyproject.toml is newer.
SITE_STAMP := $(VENV)/.installed-site-lock
TEST_STAMP := $(VENV)/.installed-test-lock
NODE_STAMP := node_modules/.installed-from-lockfile
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
# apt-get needs root; elsewhere try sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: site serve links test mutation lock messages system-deps card-deps clean

# English first: its build replaces site/ as a whole; the Arabic edition's then replaces site/ar/.
site: $(SITE_STAMP) card-deps
	$(PYTHON) -m generator validate content
	$(VENV)/bin/mkdocs build --strict
	$(VENV)/bin/mkdocs build --strict --config-file mkdocs.ar.yml

serve: $(SITE_STAMP) card-deps
	$(VENV)/bin/mkdocs serve

# Asks every url and archive_url in content/ whether it still answers (exit 1 when one is dead),
# and writes what it found to LINK_REPORT too; .github/workflows/links.yml runs it every week.
LINK_REPORT ?= link-report.md
links: $(SITE_STAMP)
	$(PYTHON) -m generator check-links content --report $(LINK_REPORT)

# The tests run under `coverage run` (settings in pyproject.toml), in two pytest runs: the ones that
# may run side by side in TEST_JOBS processes (pytest-xdist), then, in one process, the browser tests
# (one Chromium at a time) and test_parallel.py, which must fork a process without threads (an xdist
# worker has one). Both runs always happen, each listing its slowest tests; then the coverage of
# generator/ is printed, and the exit status is that of the tests.
TEST_JOBS ?= 2
SERIAL_TESTS := tests/browser tests/test_parallel.py
COVERAGE := $(VENV)/bin/coverage
# Where every process writes its coverage data: an absolute path, as tests change the working
# folder before generator.parallel forks (the relative data_file in pyproject.toml is for manual runs).
COVERAGE_DATA := $(CURDIR)/test-artifacts/coverage
PYTEST_UNDER_COVERAGE := COVERAGE_FILE=$(COVERAGE_DATA)/.coverage $(COVERAGE) run -m pytest -p no:cacheprovider --durations=15

test: $(TEST_STAMP) system-deps card-deps $(NODE_STAMP)
	rm -rf $(COVERAGE_DATA) && mkdir -p $(COVERAGE_DATA)
	status=0; \
	$(PYTEST_UNDER_COVERAGE) -n $(TEST_JOBS) --dist worksteal $(addprefix --ignore=,$(SERIAL_TESTS)) tests || status=$$?; \
	$(PYTEST_UNDER_COVERAGE) $(SERIAL_TESTS) || status=$$?; \
	COVERAGE_FILE=$(COVERAGE_DATA)/.coverage $(COVERAGE) combine --quiet; \
	COVERAGE_FILE=$(COVERAGE_DATA)/.coverage $(COVERAGE) report; \
	exit $$status

# Mutation testing of generator/ against the tests that need no browser (tests/README.md).
# Slow: run it on one module, e.g. `make mutation MUTANTS='generator.site.*'`.
# PYTHONPATH: the CLI and MkDocs runs that tests start import the mutated package too. The folder
# must exist before Python starts, or Python remembers it as missing and imports the original.
MUTANTS ?=
# Seconds of test time each mutant may use (tests/mutation_support.py); empty: every test that calls it.
MUTATION_TEST_BUDGET ?= 1.5
# Mutants tested at once: twice the cores, since many tests wait (timeouts, a server, a background run).
MUTATION_CHILDREN ?= 4
mutation: $(TEST_STAMP)
	mkdir -p mutants
	MUTATION_TEST_BUDGET=$(MUTATION_TEST_BUDGET) PYTHONPATH=$(CURDIR)/mutants $(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) $(foreach m,$(MUTANTS),'$(m)')
	$(VENV)/bin/mutmut results --all true | $(PYTHON) tests/mutation_report.py

$(PYTHON):
	python3 -m venv $(VENV)

# The locked versions, then the package itself (editable) without letting pip choose any other.
$(SITE_STAMP): $(SITE_LOCK) pyproject.toml | $(PYTHON)
	$(PIP_INSTALL) --require-hashes -r $(SITE_LOCK)
	$(PIP_INSTALL) --no-deps -e .
	$(PYTHON) -m pip check
	touch $@

$(TEST_STAMP): $(TEST_LOCK) pyproject.toml | $(PYTHON)
	$(PIP_INSTALL) --require-hashes -r $(TEST_LOCK)
	$(PIP_INSTALL) --no-deps -e .
	$(PYTHON) -m pip check
	touch $@

# Rewrites the lock files from pyproject.toml's ranges, for Python 3.11 on Linux. A pin that still
# fits its range is kept; `make lock UPGRADE=1` moves every pin to the newest version that fits.
# The local pre-commit hook's virtualenv gets the site lock's pins too. Commit all three files:
# CI and the publishing workflow install exactly these versions.
UV_VERSION := 0.13.9
LOCK_OPTIONS := --quiet --python-version 3.11 --python-platform linux --generate-hashes \
	--custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade)
lock: | $(PYTHON)
	$(PIP_INSTALL) uv==$(UV_VERSION)
	$(PYTHON) -m uv pip compile pyproject.toml $(LOCK_OPTIONS) -o $(SITE_LOCK)
	$(PYTHON) -m uv pip compile pyproject.toml --extra test -c $(SITE_LOCK) $(LOCK_OPTIONS) -o $(TEST_LOCK)
	$(PYTHON) requirements/hook_pins.py $(SITE_LOCK) .pre-commit-config.yaml

# The interface's words (README, Languages): extracted from the templates and the Python sources
# (babel.cfg) into a template catalog, which updates every language's catalog under LOCALES: new
# words come in untranslated, words no longer used go. `make messages NEW_LANGUAGE=fr` starts a catalog.
LOCALES := site_templates/locales
MESSAGES_POT := .cache/messages.pot
PYBABEL := $(VENV)/bin/pybabel
MESSAGES_SKIPPED := node_modules mutants site test-artifacts benchmarks tests content docs
messages: $(SITE_STAMP)
	mkdir -p $(dir $(MESSAGES_POT))
	$(PYBABEL) extract --mapping-file babel.cfg --add-comments Translators: --sort-by-file \
	  --ignore-dirs '.* _* $(MESSAGES_SKIPPED)' --no-wrap --project factcheck-site-generator --output-file $(MESSAGES_POT) .
	$(if $(NEW_LANGUAGE),$(PYBABEL) init --input-file $(MESSAGES_POT) --output-dir $(LOCALES) --locale $(NEW_LANGUAGE) --no-wrap)
	$(PYBABEL) update --input-file $(MESSAGES_POT) --output-dir $(LOCALES) --no-fuzzy-matching \
	  --ignore-obsolete --no-wrap --ignore-pot-creation-date

# What the share cards are drawn with (generator/cards.py), so that nothing is downloaded at build time:
# DejaVu Sans, and FriBiDi, which the libraqm in Pillow's wheels loads to order right-to-left text.
SHARE_CARD_FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
card-deps:
	@missing=""; \
	[ -f $(SHARE_CARD_FONT) ] || missing="$$missing fonts-dejavu-core"; \
	/sbin/ldconfig -p | grep -q 'libfribidi\.so\.0' || missing="$$missing libfribidi0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q; \
	  $(APT_INSTALL) $$missing; \
	fi

# Debian's Chromium for the browser tests, Java for the Nu HTML Checker, npm to fetch it.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q; \
	  $(APT_INSTALL) $$missing; \
	fi

# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; Debian's is used.
$(NODE_STAMP): package.json package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund
	test -f $(VNU_JAR)
	touch $@

clean:
	rm -rf site test-artifacts node_modules mutants link-report.md .cache
