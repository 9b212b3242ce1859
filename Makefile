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

.PHONY: lab lab-zh zh test install check strip present bench clean help git-setup handouts slides test-compat lite lite-pyodide

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
	@echo "make test-compat - the kernel-side suite and every notebook on Google Colab's versions (.venv-compat)"
	@echo "make lite   - build the static JupyterLite site (build/lite/) with the Pyodide kernel"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "This course needs Python 3.11 or newer (pandas 3 requires it); '$(PYTHON)' is `$(PYTHON) --version 2>&1`."; \
	    echo "Install a newer python3, or run: make PYTHON=/path/to/python3.11 lab"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; \
	    rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
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
# A second environment with Google Colab's versions (tests/compat/colab.txt: Python 3.13, pandas
# 2.2.3, numpy 2.1, matplotlib 3.10.0, ipywidgets 7.7.1, ipykernel 6.17). First the Colab set-up
# cell is run there as on Colab (tests/compat/colab_check.py: installs only what is missing,
# upgrades nothing, the course imports without a restart); then the course is installed editable
# (no dependencies: Colab's stay) and the kernel-side suite and every notebook run on that stack.
COMPAT_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) python3.13)
COMPAT := .venv-compat
COMPAT_STAMP := $(COMPAT)/.installed-colab
# what needs a browser, a lab or the main stack's tools (lint, Binder, Voila, nbconvert for
# handouts and slides, JupyterLite) stays in `make test`; so do the fuzz suite and the two
# slowest cache tests, which test the course's own validation and file-stamp logic, not the
# libraries (keeps CI well under 15 minutes; they run on the main stack); and the catalog
# completeness check, a check of the source: Babel 2.18's extractor (Colab's) also reports string
# literals nested inside non-literal arguments, which 2.19 rightly skips
COMPAT_SKIP := --deselect tests/course/test_i18n.py::test_every_course_string_has_a_checked_translation --ignore=tests/browser --ignore=tests/course/test_fuzz.py --ignore=tests/course/test_handouts.py --ignore=tests/course/test_slides.py --ignore=tests/course/test_lite.py --deselect tests/course/test_data_layer.py::test_clear_cache_also_forgets_values_derived_from_tables --deselect tests/course/test_data_layer.py::test_every_cached_value_follows_an_edited_csv

$(COMPAT_STAMP): pyproject.toml tests/compat/colab.txt tests/compat/colab-stack.txt
	rm -rf $(COMPAT)
	@$(COMPAT_PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 13)' || \
	  { echo "make test-compat needs Python 3.13 (Colab's): make COMPAT_PYTHON=/path/to/python3.13 test-compat"; exit 1; }
	$(COMPAT_PYTHON) -m venv $(COMPAT)
	$(COMPAT)/bin/python -m pip install --quiet -c tests/compat/colab.txt -r tests/compat/colab-stack.txt
	$(COMPAT)/bin/python tests/compat/colab_check.py
	$(COMPAT)/bin/python -m pip install --quiet -c tests/compat/colab.txt --no-deps -e .
	$(COMPAT)/bin/python -m pip install --quiet -c tests/compat/colab.txt pytest-xdist hypothesis
	@touch $@

test-compat: $(COMPAT_STAMP)
	$(COMPAT)/bin/python -m utils.check_install
	$(COMPAT)/bin/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadgroup -p no:cacheprovider --durations=10 $(COMPAT_SKIP)

# The static JupyterLite site (lite/build.py); it loads Pyodide from its CDN at run time.
LITE_STAMP := $(VENV)/.installed-lite
$(LITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lite]"
	@touch $@

lite: $(LITE_STAMP)
	$(BIN)/python lite/build.py build/lite

# For the browser smoke test only (tests/course/test_lite.py): the Pyodide core and the few
# pure-Python wheels its kernel loads first, which the real site takes from the CDN
# (lite/fetch_pyodide_core.py; needs npm and the package registries; the site does not use it).
lite-pyodide: | $(BIN)/python
	$(BIN)/python lite/fetch_pyodide_core.py

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) $(COMPAT) .pytest_cache .hypothesis artifacts build *.egg-info
