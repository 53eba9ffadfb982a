# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
# The Python versions the archive is tested on (README, "Run it"); the Dockerfile uses the first.
SUPPORTED_PYTHONS := 3.11 3.12 3.13
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx

.PHONY: run test lint lock smoke check chromium nginx screenshots lighthouse load serving clean run-deps dev-deps

## Serve the archive with gunicorn on http://127.0.0.1:8000 (the Dockerfile runs the same command).
run: run-deps
	$(BIN)/gunicorn --config gunicorn.conf.py

## Install everything the tests need (Debian's Chromium and nginx too, as root), lint, then run every test.
test: dev-deps $(VENV)/.npm-deps chromium nginx
	$(MAKE) lint
	$(BIN)/pytest

lint: dev-deps
	$(BIN)/ruff check app tests bench harness deploy deploy/smoke
	$(BIN)/lint-imports
	$(BIN)/hadolint --failure-threshold style Dockerfile

## Load test: gunicorn as `make run` starts it, alone and with 1,000 slow clients, then behind nginx (64 connections, 60 s each; see bench/load.py).
load: dev-deps
	$(BIN)/python -m bench.load --slow-clients 1000

## Serving: the app against a bare Flask route, nginx static and nginx's cache, with wrk (see bench/serving.py).
serving: dev-deps
	$(BIN)/python -m bench.serving

## Validate the corpus without serving.
check: run-deps
	$(BIN)/flask --app app check

## Compile requirements.in and requirements-dev.in into the hashed locks requirements.txt and
## requirements-dev.txt, for every platform, from PyPI alone, keeping the versions already locked
## (`make lock LOCK_OPTIONS=--upgrade` moves every package to its newest release).
lock: dev-deps
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt

## What CI runs before the tests: a clean clone served by `make run`, the Dockerfile's steps as uid 10001, the image if a container runtime works.
smoke:
	deploy/smoke

UV_COMPILE = $(BIN)/uv --no-config pip compile --quiet --universal --python-version $(firstword $(SUPPORTED_PYTHONS)) \
	--generate-hashes --default-index https://pypi.org/simple --custom-compile-command "make lock" $(LOCK_OPTIONS)

# $(call supported,PYTHON,HINT): nothing if PYTHON is one of SUPPORTED_PYTHONS, else make stops
# with one line saying what it found (expanded only when a recipe that needs PYTHON runs).
python_version = $(shell $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
supported = $(if $(filter $(SUPPORTED_PYTHONS),$(call python_version,$(1))),,$(error $(1) is \
	$(if $(call python_version,$(1)),Python $(call python_version,$(1)),not a working Python); the archive needs \
	Python $(subst $(space),$(comma)$(space),$(SUPPORTED_PYTHONS)): $(2)))
empty :=
space := $(empty) $(empty)
comma := ,

$(BIN)/python:
	$(call supported,$(PYTHON),run make with PYTHON=python3.11$(comma) for example)
	$(PYTHON) -m venv --clear $(VENV)

# $(call sync,LOCK,STAMP): install LOCK unless the venv is in step with it (deploy/locks.py).
define sync
	$(call supported,$(BIN)/python,remove $(VENV) (make clean) and run make again)
	@$(BIN)/python deploy/locks.py check $(1) $(VENV)/$(2) || { \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(1) && \
	  $(BIN)/python deploy/locks.py stamp $(1) $(VENV)/$(2); }
endef

## (Re)install requirements.txt when it changed since the last install or a package it pins is missing.
run-deps: | $(BIN)/python
	$(call sync,requirements.txt,.run-deps)

dev-deps: | $(BIN)/python
	$(call sync,requirements-dev.txt,.dev-deps)

# The HTTP Observatory's install scripts download Chromium's HSTS preload list and the list of
# top-level domains from the web: its npm project is installed without scripts, and an empty
# preload list stands in (no loopback address is preloaded; its scan reads no TLD list).
$(VENV)/.npm-deps: tests/browser/package-lock.json tests/observatory/package-lock.json | $(BIN)/python
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	npm ci --prefix tests/observatory --ignore-scripts --no-audit --no-fund --silent
	echo '{}' > tests/observatory/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
	touch $@

# $(call debian,PATH,PACKAGE): install Debian's PACKAGE with apt-get (as root) unless PATH exists.
define debian
	@if [ ! -x $(1) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(2) is missing: install it with 'sudo apt-get install $(2)' (the tests that use it will fail until then)." >&2; \
	  fi; \
	fi
endef

## The browser tests drive Debian's Chromium; without root they fail saying how to install it.
chromium:
	$(call debian,$(CHROMIUM),chromium)

## The deployment test (tests/test_deploy.py) runs deploy/nginx.conf in Debian's nginx.
nginx:
	$(call debian,$(NGINX),nginx)

## Refresh the README's screenshots from the ones the browser tests just took.
screenshots:
	cp screenshots/test_home_article_passage_and_back_in_context-desktop-light--in-context.png docs/screenshot-article.png
	cp screenshots/test_home_article_passage_and_back_in_context-phone-dark--passage.png docs/screenshot-passage-phone.png
	cp screenshots/test_a_left_out_line_opened_by_its_link_is_highlighted_with_its_reason-desktop-light--express-capture-left-out.png docs/screenshot-capture-express.png
	cp screenshots/test_a_left_out_line_opened_by_its_link_is_highlighted_with_its_reason-phone-dark--express-capture-left-out.png docs/screenshot-capture-express-phone-dark.png
	cp screenshots/test_from_a_passage_to_its_lines_in_the_capture_and_back-desktop-dark--hausatv-capture.png docs/screenshot-capture-hausatv-dark.png
	cp screenshots/test_from_a_passage_to_its_lines_in_the_capture_and_back-phone-light--hausatv-capture.png docs/screenshot-capture-hausatv-phone.png

## Lighthouse scores of the main pages (installs Lighthouse with npm the first time).
lighthouse: dev-deps chromium
	$(BIN)/python -m bench.lighthouse

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/browser/node_modules tests/observatory/node_modules screenshots
