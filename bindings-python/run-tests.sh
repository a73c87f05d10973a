#!/usr/bin/env bash
# Builds and installs the `medcodes` Python package from this directory, then runs its
# pytest suite and checks the .pyi stubs against the built module (mypy stubtest) and
# against typed usage (mypy --strict). Exits non-zero on any failure.
#
# Needs the test dependencies (pip install -r requirements-test.txt), a Rust toolchain
# and maturin. PYTHON picks the interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"

echo "== building and installing medcodes (maturin, release)"
ISOLATION=()
if "$PYTHON" -c "import maturin" 2>/dev/null; then ISOLATION=(--no-build-isolation); fi
"$PYTHON" -m pip install --quiet --no-deps --force-reinstall ${ISOLATION[@]+"${ISOLATION[@]}"} .

echo "== pytest"
# From tests/ so that `import medcodes` is the installed package, not ./python.
(cd tests && "$PYTHON" -m pytest -q -p no:cacheprovider .)

echo "== stubs: mypy.stubtest"
ALLOW=()
if ! (cd tests && "$PYTHON" -c "import medcodes._medcodes as m; assert hasattr(m, 'Note')" 2>/dev/null); then
    echo "(core without instructional notes: their stubs are allowlisted)"
    ALLOW=(--allowlist ../stubtest-allowlist-core-without-rules.txt --ignore-unused-allowlist)
fi
(cd tests && "$PYTHON" -m mypy.stubtest medcodes --mypy-config-file ../stubtest.ini ${ALLOW[@]+"${ALLOW[@]}"})

echo "== stubs: mypy --strict on typed usage"
(cd tests && "$PYTHON" -m mypy --strict --config-file ../stubtest.ini --no-incremental typing_usage.py)
