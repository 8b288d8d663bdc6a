# Two commands for a newcomer: `make run` and `make test`. Each creates .venv when missing and
# installs the pinned, hash-checked versions of requirements/dev.txt, then citebot itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip-compile runs from a throwaway venv; the lock is resolved against PyPI, ignoring any local
# pip configuration (a mirror or --find-links would put its own files' hashes in the lock).
PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := .lock-venv
LOCK_INDEX ?= https://pypi.org/simple
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null
COMPILE = $(LOCK_ENV) CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
	--generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	--index-url $(LOCK_INDEX)

.PHONY: run test lint bench clean lock lock-upgrade

# The venv's own pip is used as it comes: upgrading it to whatever is newest that day would be
# the one unpinned step.
$(STAMP): requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v in ((3, 11), (3, 12)) else "citebot needs Python 3.11 or 3.12 (the lock holds no audioop-lts, which discord.py needs from 3.13); this is " + sys.version.split()[0] + ": make test PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy bot bench

bench: $(STAMP)
	$(BIN)/python -m bench

# Refresh the lock after a change to pyproject.toml: versions already pinned stay unless the
# new ranges exclude them. `make lock-upgrade` moves every pin to the newest allowed release.
# dev.txt (runtime + semantic + dev) is resolved first; runtime.txt (runtime + semantic, what
# the Docker image installs) is constrained to it, so the two never pin different versions.
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_ENV) $(LOCK_VENV)/bin/python -m pip install --quiet --index-url $(LOCK_INDEX) $(PIP_TOOLS)
	$(COMPILE) $(UPGRADE) --extra semantic --extra dev -o requirements/dev.txt pyproject.toml
	$(COMPILE) $(UPGRADE) --extra semantic -c requirements/dev.txt \
		-o requirements/runtime.txt pyproject.toml
	rm -rf $(LOCK_VENV)

lock-upgrade:
	$(MAKE) lock UPGRADE=--upgrade

# build/ too: setuptools copies the package there and never removes a file from it, so a wheel
# built after a module was deleted or renamed still carried the old module.
clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
