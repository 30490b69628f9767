# Two commands set everything up on a fresh machine (README):
#   make demo   – creates .venv, installs danvan, renders the seed's plan and 6-month report into out/
#   make test   – creates .venv with the test extras, runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_OUT := out/mn-hung-an/2022
# The reports-that-travel demo: units and the office on "different computers" (folders), an inbox between them.
TRAVEL := out/bao-cao-di-duong
# PDF too where LibreOffice is installed; the .docx alone otherwise.
PDF_FLAG = $(shell command -v soffice >/dev/null 2>&1 && echo --pdf)

.PHONY: demo test test-fast lint bench templates catalog clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Puts `danvan` on the PATH: a link in ~/.local/bin to the environment's command.
install: $(VENV)/.installed
	mkdir -p $(HOME)/.local/bin
	ln -sf $(abspath $(BIN))/danvan $(HOME)/.local/bin/danvan
	@echo "danvan: $(HOME)/.local/bin/danvan (thêm ~/.local/bin vào PATH nếu lệnh danvan chưa chạy được)"

# The demo works on a copy of the seed (out/plans): a report writes its drafts and questions into the unit's
# narrative file, and the repository's own files stay as they are.
demo: $(VENV)/.installed
	rm -rf out/plans && mkdir -p out && cp -r plans out/plans
	$(BIN)/danvan validate --plans-dir out/plans --unit mn-hung-an
	$(BIN)/danvan plan --plans-dir out/plans --unit mn-hung-an --year 2022 -o $(DEMO_OUT) $(PDF_FLAG)
	$(BIN)/danvan report --plans-dir out/plans --unit mn-hung-an --year 2022 --period 6m -o $(DEMO_OUT) $(PDF_FLAG)
	$(BIN)/danvan status --plans-dir out/plans --unit mn-hung-an --year 2022 --as-of 2022-05-13
	@echo "--- Báo cáo đi đường: cơ quan gửi công văn kèm đề cương, hai đơn vị báo cáo và gửi gói, cơ quan tổng hợp từ hộp thư và đôn đốc"
	rm -rf $(TRAVEL) && mkdir -p $(TRAVEL)/hop-thu $(TRAVEL)/van-phong
	$(BIN)/danvan demo-units 2 --plans-dir $(TRAVEL)/don-vi --year 2026
	$(BIN)/danvan de-cuong --plans-dir $(TRAVEL)/don-vi --unit phong-van-hoa-xa-hoi --period 6m --year 2026 \
	  --as-of 2026-05-04 -o $(TRAVEL)/gui $(PDF_FLAG)
	for u in don-vi-0001 don-vi-0002; do \
	  cp $(TRAVEL)/gui/de-cuong-6m.yaml $(TRAVEL)/don-vi/$$u/2026/ && \
	  $(BIN)/danvan report --plans-dir $(TRAVEL)/don-vi --unit $$u --period 6m --as-of 2026-07-20 -o $(TRAVEL)/$$u $(PDF_FLAG) && \
	  cp $(TRAVEL)/$$u/BC-* $(TRAVEL)/hop-thu/ || exit 1; \
	done
	cp -r $(TRAVEL)/don-vi/phong-van-hoa-xa-hoi $(TRAVEL)/van-phong/
	$(BIN)/danvan aggregate --plans-dir $(TRAVEL)/van-phong --unit phong-van-hoa-xa-hoi --period 6m --year 2026 \
	  --inbox $(TRAVEL)/hop-thu --as-of 2026-07-25 -o $(TRAVEL)/tong-hop $(PDF_FLAG)
	$(BIN)/danvan don-doc --plans-dir $(TRAVEL)/van-phong --unit phong-van-hoa-xa-hoi --period 6m --year 2026 \
	  --inbox $(TRAVEL)/hop-thu --as-of 2026-07-25 -o $(TRAVEL)/tong-hop $(PDF_FLAG)

# Lint, format and types; `make test` runs it first, so any finding fails the tests (and CI).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Line coverage per module is printed; under 90 % fails.
test: lint
	$(BIN)/python -m pytest --cov=danvan_cli --cov-report=term-missing:skip-covered --cov-fail-under=90 $(PYTEST_ARGS)

# The edit loop: no lint, no coverage, nothing that starts LibreOffice, no slow test; stops at the first failure.
# `make test` (and .ci/run, which adds the slow tests and many more property examples) is still the gate.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -x -q -m "not soffice and not slow" $(PYTEST_ARGS)

# `make bench QUICK=1`: only the speed aims, each as a ratio to its yardstick (a few minutes); `make bench`: all.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/bench.py $(if $(QUICK),--quick)

# Re-compile the command line's Vietnamese catalog (danvan_cli/locale/vi.po → vi.json) after editing vi.po.
catalog: $(VENV)/.installed
	$(BIN)/python -c "from danvan_cli.clivi import COMPILED, compiled_catalog; from danvan_cli.files import write_text_atomic; write_text_atomic(COMPILED, compiled_catalog())"

# Re-make the built-in NĐ 30 templates from tools/build_templates.py.
templates: $(VENV)/.installed
	$(BIN)/python tools/build_templates.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
