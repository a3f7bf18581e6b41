# TuoyuGeo — the two commands of the README, and a few more for developers.
#   make run    install what is missing, start PostGIS, migrate, load the demo district, serve on $(API_URL)
#   make test   the same database preparation, then every test project
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

API_URL ?= http://127.0.0.1:5080
CONFIG ?= Release
API_DLL := src/Geo.Api/bin/$(CONFIG)/net10.0/Geo.Api.dll
STATE := .tuoyu

.PHONY: run test stop db deps build bench migration clean
.ONESHELL: run

## Dependencies the build needs: the front end's npm packages.
deps: web/node_modules/.package-lock.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	npm --prefix web ci --no-audit --no-fund --loglevel=error

db:
	scripts/db.sh up

build: deps
	dotnet build src/Geo.Api -c $(CONFIG) --nologo -v quiet

# One shell for the recipe: the connection strings of .tuoyu/db.env reach both commands.
run: build db
	set -a; . $(STATE)/db.env; set +a
	dotnet $(API_DLL) seed-demo
	echo "TuoyuGeo: $(API_URL)  (map at /, API reference at /api-docs; Ctrl-C stops)"
	echo "Staff sign-in: create the first admin with TUOYU_ADMIN_PASSWORD='…' dotnet $(API_DLL) create-admin <name>"
	dotnet $(API_DLL) --urls $(API_URL) & echo $$! > $(STATE)/api.pid; wait $$!

## Integration tests use TUOYU_TEST_DB when set, else Testcontainers when a Docker engine answers, else the
## local cluster that scripts/db.sh starts here. With CI=true a missing database fails the run.
test: deps
	scripts/test-prerequisites.sh
	if [ -z "$${TUOYU_TEST_DB:-}" ] && ! (command -v docker >/dev/null && docker info >/dev/null 2>&1); then scripts/db.sh up; fi
	dotnet test TuoyuGeo.sln -c $(CONFIG) --nologo

stop:
	if [ -f $(STATE)/api.pid ]; then kill $$(cat $(STATE)/api.pid) 2>/dev/null || true; rm -f $(STATE)/api.pid; fi
	scripts/db.sh down

bench: deps
	dotnet run -c Release --project bench/Geo.Bench -- $(ARGS)

## make migration NAME=AddSomething — a new EF Core migration in db-migrations/ (review it before committing).
migration:
	test -n "$(NAME)" || { echo "usage: make migration NAME=..."; exit 2; }
	dotnet tool restore >/dev/null
	dotnet ef migrations add $(NAME) --project src/Geo.Api --output-dir ../../db-migrations --namespace Geo.Api.Migrations
	mv -f src/Geo.Api/Geo/Api/Migrations/TuoyuDbContextModelSnapshot.cs db-migrations/ 2>/dev/null || true
	rm -rf src/Geo.Api/Geo
	sed -i '1s/^\xEF\xBB\xBF//' db-migrations/*.cs # the generator writes a byte-order mark; the repository has none

clean:
	dotnet clean TuoyuGeo.sln --nologo -v quiet
