# The two commands of the README: `make run` and `make test`. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_sample_data
	@echo "Open http://127.0.0.1:8000/ ; staff log in at http://127.0.0.1:8000/accounts/login/"
	@echo "as the sample editor: editor / editor-sample-pass (council viewer: viewer / viewer-sample-pass)"
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	SECRET_KEY=make-test-only $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@if [ -x "$(CHROMIUM)" ]; then echo "Real-browser tests: using $(CHROMIUM)"; \
	else echo "Real-browser tests: SKIPPED (no Chromium at $(CHROMIUM); apt-get install chromium)"; fi
	SECRET_KEY=make-test-only $(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	SECRET_KEY=make-bench-only $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 test-results .pytest_cache
