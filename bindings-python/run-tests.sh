#!/usr/bin/env bash
# Builds and installs the `medcodes` Python package from this directory into a virtual
# environment, then runs its pytest suite and checks the .pyi stubs against the built module
# (mypy stubtest) and against typed usage (mypy --strict). Exits non-zero on any failure.
#
# Installs what it needs itself: a venv (default: $CARGO_TARGET_DIR/python-venv, else
# ../target/python-venv; MEDCODES_VENV overrides) with the pinned requirements-test.txt.
# Needs a Rust toolchain and a Python 3.9+ with the venv module (Debian/Ubuntu: the
# python3-venv package, which this script installs itself when run as root on a machine
# with apt-get). PYTHON picks the interpreter the venv is made from (default python3).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
BASE_PYTHON="${PYTHON:-python3}"
target="${CARGO_TARGET_DIR:-$here/../target}"
VENV="${MEDCODES_VENV:-$target/python-venv}"

# A fresh Debian/Ubuntu machine may lack python3 or its venv module (ensurepip): install them
# when we can (root with apt-get), otherwise say what is missing.
apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== apt-get install $*"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null ||
            { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
    else
        return 1
    fi
}
if ! command -v "$BASE_PYTHON" >/dev/null; then
    apt_install python3 python3-venv || { echo "$BASE_PYTHON not found: install Python 3.9+" >&2; exit 1; }
fi

# tests/test_spark.py runs a local Spark session: Java 17 or later.
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
    apt_install openjdk-17-jre-headless ||
        { echo "Java 17+ not found (tests/test_spark.py needs it): install a JRE 17" >&2; exit 1; }
fi

echo "== virtual environment: $VENV"
if [ ! -x "$VENV/bin/python" ]; then
    if ! "$BASE_PYTHON" -m venv "$VENV" 2>/dev/null; then
        rm -rf "$VENV"
        if ! { apt_install python3-venv && "$BASE_PYTHON" -m venv "$VENV"; }; then
            rm -rf "$VENV"
            echo "could not create a venv with $BASE_PYTHON: install its venv module" \
                 "(Debian/Ubuntu: apt-get install python3-venv)" >&2
            exit 1
        fi
    fi
fi
PYTHON="$VENV/bin/python"
# The build backend (maturin's PEP 517 hook) runs the `maturin` command it finds on PATH:
# the venv's own bin/ comes first, so the build uses what requirements-test.txt installed,
# never a maturin that happens to be on the machine.
export PATH="$VENV/bin:$PATH"
export VIRTUAL_ENV="$VENV"
"$PYTHON" -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

echo "== building and installing medcodes (maturin, release)"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall \
    --no-build-isolation .

echo "== pytest"
# From tests/ so that `import medcodes` is the installed package, not ./python.
(cd tests && "$PYTHON" -m pytest -q -p no:cacheprovider .)

echo "== stubs: mypy.stubtest"
(cd tests && "$PYTHON" -m mypy.stubtest medcodes --mypy-config-file ../stubtest.ini)

echo "== stubs: mypy --strict on typed usage"
(cd tests && "$PYTHON" -m mypy --strict --config-file ../stubtest.ini --no-incremental typing_usage.py)
