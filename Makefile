# Kalabarg Ops. `make run` starts the app on the sample data; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB := data/kalabarg.db

.PHONY: run test bench lint format seed chromium clean

# uv installs the pinned requirements in seconds where pip takes a minute (a fresh clone's
# make test waits for it), compiled: without, every process started (servers, the command
# line) compiles the modules it imports again, 3 s each
INSTALL := $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install -q uv==0.13.8

$(VENV)/.runtime: requirements.txt | $(BIN)/uv
	$(INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/uv
	$(INSTALL) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: set up, build the sample database if it is missing, start the app
run: $(VENV)/.runtime
	@if [ -z "$$DATABASE_URL" ] && [ ! -f $(DB) ]; then \
		echo "Building the sample database (under two minutes) ..."; \
		$(BIN)/python -m dashboard seed --preset sample; \
	fi
	$(BIN)/python -m dashboard db init
	$(BIN)/python -m frame.serve

## seed: rebuild the sample database (PRESET=tiny|sample|lorestan|tehran, SEED=N)
seed: $(VENV)/.runtime
	$(BIN)/python -m dashboard seed --preset $(or $(PRESET),sample) --seed $(or $(SEED),1)

# apt without the packages they only recommend (udev, upower, mesa, printing, fonts we serve
# ourselves): 18 packages in 7-8 s, not 116 (and 15 upgrades) in 25-28 s on a fresh machine
APT := apt-get install -y --no-install-recommends

## chromium: Debian's chromium for the browser tests, and poppler-utils' pdftoppm for the
## brief's picture (installed when missing and root)
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			$(APT) chromium || (apt-get update && $(APT) chromium); \
		else \
			echo "chromium is missing and this is not root: the browser tests will be skipped"; \
		fi; \
	fi
	@if [ ! -x /usr/bin/pdftoppm ] && [ "$$(id -u)" = 0 ]; then \
		$(APT) poppler-utils || (apt-get update && $(APT) poppler-utils); \
	fi

## test: set up and run every test (SQLite, PostgreSQL via pgserver, AppTest, Chromium), in
## JOBS processes (pytest-xdist; default 2, this machine's cores), a test file to one process.
## The packages and chromium are set up side by side (apt waits on the network and dpkg, uv
## on the disk)
test:
	@$(MAKE) --no-print-directory --jobs=2 --output-sync=target $(VENV)/.dev chromium
	$(BIN)/python -m pytest -n $(or $(JOBS),2) --dist loadfile

## bench: page speed on lorestan and tehran, SQLite and PostgreSQL, and the sample nationally;
## the pages in Chromium and a room of 30 sessions -> bench/results.md (long: the first run
## seeds both presets on both databases; later runs reuse data/bench/). One part only:
## make bench BENCH_ARGS="--parts browser" (parts: seed server imports browser room)
bench: $(VENV)/.dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
