# drivetime: build, test, demo and benchmark entry points.
# SPDX-License-Identifier: MIT
#
# The first target that needs it creates .venv and installs the pinned
# dependencies (requirements/dev.txt) plus this project in editable mode; the
# venv is refreshed whenever either file changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp
MP_HEAP ?= 192K
CORE := firmware/drivetime
MP_PORT := firmware/ports/micropython

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.NOTPARALLEL:
.DEFAULT_GOAL := test

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

.PHONY: venv debian-packages test test-py test-mp mpy-check demo bench clean

venv: $(STAMP)

$(STAMP): requirements/dev.txt pyproject.toml
	@echo "== venv: installing pinned dependencies into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements/dev.txt
	$(BIN)/python -m pip install -q -e . --no-deps
	@touch $@

# Debian packages the tests and the demo need (requirements/debian.txt, one
# package=version per line): apt-get installs those missing or at another
# version (as root, else through sudo); when all are there this only asks dpkg.
debian-packages:
	@want=(); \
	while IFS= read -r line || [ -n "$$line" ]; do \
		line=$${line%%#*}; line=$${line//[[:space:]]/}; [ -n "$$line" ] || continue; \
		have=$$(dpkg-query -W -f='$${db:Status-Status} $${Version}' "$${line%%=*}" 2>/dev/null || true); \
		[ "$$have" = "installed $${line#*=}" ] || want+=("$$line"); \
	done < requirements/debian.txt; \
	if [ $${#want[@]} -gt 0 ]; then \
		echo "== debian-packages: installing $${want[*]}"; \
		sudo=(); [ "$$(id -u)" -eq 0 ] || sudo=(sudo); \
		apt=("$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends); \
		"$${apt[@]}" install "$${want[@]}" || { "$${sudo[@]}" apt-get -q update && "$${apt[@]}" install "$${want[@]}"; }; \
	fi

test: test-py test-mp mpy-check
	@echo "== test: all stages passed"

test-py: $(STAMP) debian-packages
	@echo "== test-py: pytest (CPython, tests/)"
	$(BIN)/python -m pytest -q

test-mp: $(STAMP)
	@echo "== test-mp: core tests under MicroPython (heap $(MP_HEAP))"
	@# One process per test module: each starts on a fresh $(MP_HEAP) heap, as a board would.
	@failed=(); total=0; \
	for f in tests/core/test_*.py; do \
		m=$$(basename "$$f" .py); total=$$((total + 1)); \
		if out=$$($(BIN)/micropython -X heapsize=$(MP_HEAP) tests/mp_run.py "=$$m" 2>&1); then \
			echo "$$m: $${out##*$$'\n'}"; \
		else echo "$$out"; failed+=("$$m"); fi; \
	done; \
	if [ $${#failed[@]} -gt 0 ]; then echo "test-mp: failing modules: $${failed[*]}" >&2; exit 1; fi; \
	echo "test-mp: $$total modules passed under MicroPython"

mpy-check: $(STAMP)
	@echo "== mpy-check: mpy-cross compile gate over $(CORE) and $(MP_PORT)"
	@test -d $(CORE) || { echo "mpy-check: $(CORE) not found" >&2; exit 1; }
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; n=0; \
	while IFS= read -r -d '' f; do \
		out="$$tmp/$${f//\//_}"; \
		$(BIN)/mpy-cross -o "$${out%.py}.mpy" "$$f" || { echo "mpy-cross failed: $$f"; exit 1; }; \
		n=$$((n + 1)); \
	done < <(find $(CORE) $(MP_PORT) -name '*.py' -print0 | sort -z); \
	if [ $$n -eq 0 ]; then echo "mpy-check: no .py files under $(CORE)" >&2; exit 1; fi; \
	echo "$$n files compiled"

# The example contains infringements, so `drivetime check` exits 1 there;
# only 0 and 1 are acceptable (2 = bad input, anything else = a crash). An
# uncaught Python exception also exits 1, so a traceback fails the demo too.
define run_demo
	@echo "== demo: drivetime $(1)"
	@err=$$(mktemp); trap 'rm -f "$$err"' EXIT; rc=0; \
	$(BIN)/drivetime $(1) 2>"$$err" || rc=$$?; cat "$$err" >&2; \
	if [ $$rc -gt 1 ]; then echo "drivetime $(1): exit status $$rc" >&2; exit $$rc; fi; \
	if grep -q '^Traceback (most recent call last):' "$$err"; then \
		echo "drivetime $(1): crashed (traceback)" >&2; exit 3; fi
endef

# The main job (issue 7): the simulator drives a scripted day through the Pi
# unit on emulated SLCAN and GNSS devices, then the office syncs it and
# reports. `drivetime sim demo` exits 0 only when all came out as expected.
demo: $(STAMP) debian-packages
	$(call run_demo,check examples/fortnight.json)
	@echo "== demo: drivetime sim demo"
	$(BIN)/drivetime sim demo

bench: $(STAMP)
	@echo "== bench: bench/run.py"
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info firmware/*.egg-info
	find . -path ./.git -prune -o \( -name __pycache__ -type d -prune -exec rm -rf {} + \) \
		-o \( -name '*.mpy' -type f -exec rm -f {} + \)
