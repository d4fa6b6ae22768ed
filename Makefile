# Two commands matter (see README): `make site` and `make test`.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := site
# Quiet Material's end-of-life banner in build output; it is not about this project.
export NO_MKDOCS_2_WARNING := 1

VENV := .venv
PYTHON := $(VENV)/bin/python
# Touched after a successful install; pip runs again only when pyproject.toml is newer.
PY_STAMP := $(VENV)/.installed-from-pyproject
NODE_STAMP := node_modules/.installed-from-lockfile
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
# apt-get needs root; elsewhere try sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: site serve test system-deps clean

site: $(PY_STAMP)
	$(PYTHON) -m generator validate content
	$(VENV)/bin/mkdocs build --strict

serve: $(PY_STAMP)
	$(VENV)/bin/mkdocs serve

test: $(PY_STAMP) system-deps $(NODE_STAMP)
	$(VENV)/bin/pytest -p no:cacheprovider tests

$(PYTHON):
	python3 -m venv $(VENV)

$(PY_STAMP): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

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
	rm -rf site test-artifacts node_modules
