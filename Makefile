# Thin wrapper: the environment logic lives in tools/env.py (standard library only).
PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python

.PHONY: book test lab env clean bench

book:            ## create .venv if needed, execute every chapter (side by side), build the HTML book
	$(PYTHON) tools/env.py ensure
	$(VPY) tools/build_book.py

test:            ## create .venv if needed; unit tests + strict book build (from the chapters) || nbval over every chapter
	$(PYTHON) tools/env.py ensure
	$(VPY) tools/run_tests.py

lab:             ## JupyterLab on the chapters (installs the dev extra once)
	$(PYTHON) tools/env.py ensure --extras book,test,dev
	$(VENV)/bin/jupyter lab book/

bench:           ## benchmarks (print timings)
	$(PYTHON) tools/env.py ensure
	$(VPY) benchmarks/run_all.py

env:             ## create/update .venv: the package, the book's and the tests' tools (-e .[book,test]; says what it installs)
	$(PYTHON) tools/env.py ensure

clean:
	rm -rf _build .pytest_cache
