# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx

.PHONY: run test lint check chromium nginx screenshots lighthouse load serving clean

## Serve the archive with gunicorn on http://127.0.0.1:8000 (the Dockerfile runs the same command).
run: $(VENV)/.run-deps
	$(BIN)/gunicorn --config gunicorn.conf.py

## Install everything the tests need (Debian's Chromium and nginx too, as root), lint, then run every test.
test: $(VENV)/.test-deps chromium nginx
	$(MAKE) lint
	$(BIN)/pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check app tests bench harness
	$(BIN)/lint-imports
	$(BIN)/hadolint --failure-threshold style Dockerfile

## Load test: gunicorn as `make run` starts it, alone and with 1,000 slow clients, then behind nginx (64 connections, 60 s each; see bench/load.py).
load: $(VENV)/.test-deps
	$(BIN)/python -m bench.load --slow-clients 1000

## Serving: the app against a bare Flask route, nginx static and nginx's cache, with wrk (see bench/serving.py).
serving: $(VENV)/.test-deps
	$(BIN)/python -m bench.serving

## Validate the corpus without serving.
check: $(VENV)/.run-deps
	$(BIN)/flask --app app check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The HTTP Observatory's install scripts download Chromium's HSTS preload list and the list of
# top-level domains from the web: its npm project is installed without scripts, and an empty
# preload list stands in (no loopback address is preloaded; its scan reads no TLD list).
$(VENV)/.test-deps: requirements.txt requirements-dev.txt tests/browser/package-lock.json tests/observatory/package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
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
lighthouse: $(VENV)/.test-deps chromium
	$(BIN)/python -m bench.lighthouse

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/browser/node_modules tests/observatory/node_modules screenshots
