# make demo: install into .venv, migrate, load plans and demo accounts, serve on :8000
# make test: install into .venv and run the whole suite
# The distribution's python3.11 first, where it has venv: Debian's is linked statically and
# ran the application 6 % faster than pyenv's shared-library build here (bench/request_cpu.py:
# 4.42 against 4.68 ms per request), the suite 8 % faster; `make PY=...` picks another.
PY ?= $(shell for p in /usr/bin/python3.11 python3.11 python3; do \
	command -v $$p >/dev/null && $$p -c 'import ensurepip' 2>/dev/null && command -v $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := DJANGO_SETTINGS_MODULE=zhicheng.settings.demo

.PHONY: install demo serve-prod test lint clean

$(STAMP): pyproject.toml
	$(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "zhicheng needs Python 3.11")'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,s3]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(DEMO_ENV) $(BIN)/zhicheng migrate --noinput
	$(DEMO_ENV) $(BIN)/zhicheng load_plans
	$(DEMO_ENV) $(BIN)/zhicheng load_demo
	@echo "打开 http://127.0.0.1:8000 （Ctrl-C 停止）；后台任务（短信、邮件、导出、批量预审与审核、专家分配、查重）由同时启动的 db_worker 执行"
	$(DEMO_ENV) $(BIN)/zhicheng db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/zhicheng runserver 127.0.0.1:8000

# the production stack on this machine (nginx + gunicorn + PostgreSQL + Redis + RQ worker),
# with the demo accounts: https://127.0.0.1:8443/ (docs/deploy.md)
serve-prod: install
	$(BIN)/python deploy/serve_prod.py --demo

lint: install
	$(BIN)/ruff check src tests bench tools deploy

test: lint
	mkdir -p var
	$(BIN)/pytest --create-db --junitxml=var/junit.xml
	$(BIN)/python tools/check_junit.py var/junit.xml

clean:
	rm -rf $(VENV) var build src/*.egg-info
