# Two commands do all set-up on a fresh machine with only python3 (3.11 or newer; pandas 3 needs it):
#   make lab    create .venv if missing, install the course, open JupyterLab on the first notebook
#   make test   the same set-up, then the whole test suite
# Nothing is registered globally: the kernel and the extensions live in .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LAB_STAMP  := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed-test
PORT   ?= 8888
# JupyterLab refuses to run as root (some containers and CI machines) unless told it may
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab lab-zh zh test install check strip present bench clean help git-setup handouts slides

help:
	@echo "make lab    - set up .venv and open JupyterLab on notebooks/00_start_here.ipynb"
	@echo "make lab-zh - the same, on the Chinese edition: notebooks/zh/00_start_here.ipynb (中文版)"
	@echo "make zh     - rebuild the Chinese notebooks notebooks/zh/ from the English ones and locale/"
	@echo "make test   - set up .venv, lint (ruff) and run the whole test suite"
	@echo "make check  - check the installation (python -m utils.check_install)"
	@echo "make strip  - strip outputs from the notebooks before committing"
	@echo "make git-setup - show notebooks as text in git diff (sets a local git diff driver)"
	@echo "make clean  - remove .venv and caches"
	@echo "make bench  - time widgets, notebooks and browser interaction (table + JSON)"
	@echo "make present - classroom mode: the widget panels in Voila, large type, one page per notebook"
	@echo "make handouts - one A4 PDF handout per notebook (build/handouts/), printed by headless Chromium"
	@echo "make slides - one reveal.js slide deck per notebook (build/slides/), works offline"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "This course needs Python 3.11 or newer (pandas 3 requires it); '$(PYTHON)' is `$(PYTHON) --version 2>&1`."; \
	    echo "Install a newer python3, or run: make PYTHON=/path/to/python3.11 lab"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; \
	    rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@ $(LAB_STAMP)

install: $(LAB_STAMP)

lab: $(LAB_STAMP)
	@echo "Starting JupyterLab; open the URL printed below (Ctrl+C twice to stop)."
	$(BIN)/jupyter lab --ServerApp.root_dir=. --port=$(PORT) $(ROOT_FLAG) notebooks/00_start_here.ipynb

# 中文版: the Chinese notebooks are generated from the English notebook + locale/zh_CN catalogs
lab-zh: $(LAB_STAMP)
	@echo "正在启动 JupyterLab（中文版）；请打开下面显示的网址（按两次 Ctrl+C 停止）。"
	$(BIN)/jupyter lab --ServerApp.root_dir=. --port=$(PORT) $(ROOT_FLAG) notebooks/zh/00_start_here.ipynb

# After editing an English notebook or a catalog: update the catalogs, then rebuild notebooks/zh/
zh: $(LAB_STAMP)
	$(BIN)/python -m utils.i18n extract
	$(BIN)/python -m utils.i18n build

# Lint and format check first (seconds), then the suite on all cores (pytest-xdist).
PYTEST_WORKERS ?= 2
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

check: $(LAB_STAMP)
	$(BIN)/python -m utils.check_install

strip: $(LAB_STAMP)
	$(BIN)/python -m utils.nbtools strip notebooks/*.ipynb notebooks/zh/*.ipynb

# Readable notebook diffs: `git diff` shows each notebook's cells as text (see .gitattributes).
git-setup: $(LAB_STAMP)
	git config diff.ipynb.textconv "$(CURDIR)/$(BIN)/python -m utils.nbtools text"
	@echo "git diff now shows notebooks as text (cells with their ids)."

PRESENT_STAMP := $(VENV)/.installed-present
PRESENT_PORT  ?= 8866

$(PRESENT_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[present]"
	@touch $@

# Classroom mode: one Voila page per notebook with its what-if panels (no code, large type).
present: $(PRESENT_STAMP)
	$(BIN)/python present/build.py build/present
	@echo "Classroom mode: open http://localhost:$(PRESENT_PORT)/voila/render/index.ipynb (Ctrl+C to stop)."
	cd build/present && ../../$(BIN)/voila --port=$(PRESENT_PORT) --theme=light --Voila.ip=127.0.0.1 .

PRINT_STAMP := $(VENV)/.installed-print

$(PRINT_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[print]"
	@touch $@

# Printable handouts: needs Debian's chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk).
handouts: $(PRINT_STAMP)
	MPLBACKEND=agg $(BIN)/python -m utils.handouts build build/handouts

# Slides: each notebook executed and exported as a reveal.js deck; open build/slides/index.html.
slides: $(PRINT_STAMP)
	MPLBACKEND=agg $(BIN)/python -m utils.slides build build/slides

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts build *.egg-info
