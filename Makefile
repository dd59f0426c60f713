# The two commands of the README: `make run` and `make test`. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000
# plotly's partial bundle, checked in under static/vendor/ (see its README.md).
PLOTLY_BASIC := 4.1.1
PLOTLY_BASIC_SHA256 := 99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba

.PHONY: run test lint bench vendor clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_sample_data
	@echo "Open http://127.0.0.1:$(PORT)/ ; staff log in at http://127.0.0.1:$(PORT)/accounts/login/"
	@echo "as the sample editor: editor / editor-sample-pass (council viewer: viewer / viewer-sample-pass)"
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	SECRET_KEY=make-test-only $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@if [ -x "$(CHROMIUM)" ]; then echo "Real-browser tests: using $(CHROMIUM)"; \
	else echo "Real-browser tests: SKIPPED (no Chromium at $(CHROMIUM); apt-get install chromium)"; fi
	SECRET_KEY=make-test-only $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The benchmark's own environment, for Datasette (bench/peer.py); ignored by git (its own
# .gitignore). When it cannot be installed, the side-by-side says "skipped" and the rest runs.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed-$(shell cksum < bench/requirements.txt | cut -d' ' -f1)

$(BENCH_STAMP): bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	echo '*' > $(BENCH_VENV)/.gitignore
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	rm -f $(BENCH_VENV)/.installed-* && touch $@

bench: $(STAMP)
	@$(MAKE) --no-print-directory $(BENCH_STAMP) \
	  || echo "Datasette could not be installed into $(BENCH_VENV): its side-by-side is skipped"
	SECRET_KEY=make-bench-only BENCH_DATASETTE=$(BENCH_VENV)/bin/datasette $(BIN)/python bench/run.py

# Re-fetch the checked-in plotly bundle with npm pack; refuses a version other than the
# one the installed plotly wheel draws for.
vendor: $(STAMP)
	test "$$($(BIN)/python -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')" = "$(PLOTLY_BASIC)"
	tmp=$$(mktemp -d) && cd $$tmp && \
	npm pack --silent plotly.js-basic-dist-min@$(PLOTLY_BASIC) >/dev/null && \
	tar xzf plotly.js-basic-dist-min-$(PLOTLY_BASIC).tgz && \
	grep -q '"version": "$(PLOTLY_BASIC)"' package/package.json && \
	head -c 200 package/plotly-basic.min.js | grep -q 'v$(PLOTLY_BASIC)$$' && \
	echo "$(PLOTLY_BASIC_SHA256)  package/plotly-basic.min.js" | sha256sum --check --quiet && \
	cp package/plotly-basic.min.js $(CURDIR)/static/vendor/plotly-basic-$(PLOTLY_BASIC).min.js && \
	cd / && rm -rf $$tmp
	@echo "static/vendor/plotly-basic-$(PLOTLY_BASIC).min.js: plotly.js $(PLOTLY_BASIC) (basic)"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-* test-results .pytest_cache
