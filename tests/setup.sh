#!/usr/bin/env bash
# Installs, once, what the browser tests (tests/all/browser.rs) need: Debian's Chromium and the
# Noto CJK fonts, Node.js and Java when missing, and the npm packages of tests/browser from their
# lock file; and for the open-data and spreadsheet tests (tests/all/opendata.rs, sheet.rs) a
# Python environment with the pinned packages of tests/opendata/requirements.txt. Each step is
# skipped when already done, so running it again costs nothing. The browser is Debian's
# /usr/bin/chromium: playwright-core never downloads one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

pkgs=()
[[ -x /usr/bin/chromium ]] || pkgs+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || pkgs+=(fonts-noto-cjk)
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)   # playwright-core wants Node.js 20 or newer
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
command -v java >/dev/null 2>&1 || pkgs+=(openjdk-17-jre-headless)   # the Nu HTML Checker
command -v cc >/dev/null 2>&1 || pkgs+=(gcc libc6-dev)   # links Rust binaries; compiles mimalloc
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || pkgs+=(python3 python3-venv)
if [[ ${#pkgs[@]} -gt 0 ]]; then
  echo "setup: apt-get install ${pkgs[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# npm writes node_modules/.package-lock.json on every install: older than the lock file means
# the lock file changed since. --ignore-scripts: the only install script is vnu-jar's, which
# would fetch a Java runtime when none is installed.
lock=tests/browser/package-lock.json
if [[ ! -f tests/browser/node_modules/.package-lock.json || $lock -nt tests/browser/node_modules/.package-lock.json ]]; then
  echo "setup: npm ci in tests/browser"
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# The same rule for the Python packages: a marker older than the requirements means they changed.
venv=tests/opendata/.venv
req=tests/opendata/requirements.txt
if [[ ! -f $venv/installed || $req -nt $venv/installed ]]; then
  echo "setup: pip install in $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-virtualenv -r "$req"
  touch "$venv/installed"
fi
