# PQR Lakehouse — the two commands: `make run` (set up + the whole pipeline) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PYTHONUNBUFFERED := 1

.PHONY: install install-test observability-tools browser-tools run test up status schedule clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip==26.3"

# torch first and explicitly: a pinned CPU build (an unpinned torch pulls a multi-GB CUDA build).
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q "torch==2.13.0"
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	touch $@

install: $(STAMP)
install-test: $(TSTAMP)

run: install  ## set up, then run the whole pipeline once on the embedded stack
	$(BIN)/pqrlab run

# Prometheus, Pushgateway and promtool from Debian, for the observability tests (root + apt only);
# docker-compose (Debian's) for the static `docker-compose config` check of compose.yaml (no engine needed).
observability-tools:
	@command -v promtool >/dev/null && command -v prometheus-pushgateway >/dev/null && command -v docker-compose >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	       prometheus prometheus-pushgateway docker-compose >/dev/null) || \
	    echo "observability-tools: cannot install prometheus/docker-compose here; those tests will be skipped"; }

# Chromium and its WebDriver from Debian, for the workspace's real-browser tests (root + apt only; no browser downloads).
browser-tools:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	       chromium chromium-driver >/dev/null) || \
	    echo "browser-tools: cannot install chromium here; the browser tests will be skipped"; }

test: install-test observability-tools browser-tools  ## set up, then the whole test suite: unit, integration, notebooks
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax -p tests.nbval_env notebooks

up: install  ## keep services alive for a student: PostgreSQL, Prefect, one shared Dask cluster, JupyterLab, Streamlit
	$(BIN)/pqrlab up

status: install
	$(BIN)/pqrlab status

schedule: install  ## serve the daily Prefect deployment: ingest the next day every morning (PQR_SCHEDULE_TIME, Bogotá)
	$(BIN)/pqrlab schedule

clean:  ## remove the lake, the embedded services' state and caches (keeps .venv)
	rm -rf lakehouse .pqr .pytest_cache dask-scratch-space
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
