#!/usr/bin/env bash
# Installs what the WebAssembly package (bindings-wasm/) needs to build and test, on a
# Debian 12 machine with rustup's host toolchain (see ../shared/docs/WASM-TOOLCHAIN.md).
# Idempotent: every step is skipped when what it installs is already there.
#
#   - Debian: rustc-web + cargo-web + rust-web-src (Rust for -Zbuild-std), lld-22 (wasm-ld),
#     chromium (the browser test);
#   - wasm-bindgen-cli at exactly the version bindings-wasm/Cargo.toml pins, built once with
#     the host cargo into $MEDCODES_TOOLS (default ~/.cache/medcodes-tools) -- the slow step
#     (~3 min), cached;
#   - npm devDependencies of bindings-wasm/ (binaryen@132 for wasm-opt, playwright-core),
#     installed locally under bindings-wasm/node_modules.
#
# Usage: scripts/setup-wasm.sh            (as root, or with sudo for apt)
#   env: MEDCODES_TOOLS=/path   where wasm-bindgen-cli is cached
#        SKIP_APT=1             do not touch apt (packages installed some other way)
#        SKIP_BROWSER=1         do not install chromium
# Prints `export PATH=...` hints at the end; bindings-wasm/run-tests.sh finds the tools itself.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PKG="$ROOT/bindings-wasm"
TOOLS=${MEDCODES_TOOLS:-$HOME/.cache/medcodes-tools}
mkdir -p "$TOOLS"

# The CLI must equal the wasm-bindgen crate version, which Cargo.toml pins with `=`.
WBG_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$PKG/Cargo.toml" | head -n1)
[ -n "$WBG_VERSION" ] || { echo "setup-wasm: cannot read the pinned wasm-bindgen version from $PKG/Cargo.toml" >&2; exit 1; }

t_start=$(date +%s)
stamp() { echo "setup-wasm: $* ($(($(date +%s) - t_start)) s)"; }

# ------------------------------------------------------------------ 1. Debian packages
if [ "${SKIP_APT:-0}" != 1 ]; then
  want=(rustc-web cargo-web rust-web-src lld-22)
  [ "${SKIP_BROWSER:-0}" = 1 ] || want+=(chromium)
  missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # One command, so that rustc-web and rust-web-src come at the same revision.
    $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
    stamp "apt installed ${missing[*]}"
  else
    stamp "apt packages present"
  fi
  # rustc and its std sources must match, or -Zbuild-std fails in odd ways.
  rv=$(dpkg-query -W -f='${Version}' rustc-web); sv=$(dpkg-query -W -f='${Version}' rust-web-src)
  [ "$rv" = "$sv" ] || { echo "setup-wasm: rustc-web $rv != rust-web-src $sv; reinstall both together" >&2; exit 1; }
fi
command -v wasm-ld-22 >/dev/null || { echo "setup-wasm: wasm-ld-22 missing (apt lld-22)" >&2; exit 1; }
[ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] || { echo "setup-wasm: /usr/bin/rustc or cargo missing (apt rustc-web cargo-web)" >&2; exit 1; }

# ------------------------------------------------------------------ 2. wasm-bindgen-cli (cached)
if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ] ||
   [ ! -x "$TOOLS/bin/wasm-bindgen-test-runner" ]; then
  # Built with the host toolchain (rustup's cargo), not Debian's. No --locked: its lockfile
  # pins a crate version the registry here does not serve. No default features: they only
  # add TLS (rustls) for remote webdrivers, which the Node and local-Chromium runs never use;
  # leaving them out saves about a fifth of the build (7.5 instead of 9.5 CPU-minutes).
  CARGO_TARGET_DIR="$TOOLS/build" cargo install -q wasm-bindgen-cli --version "$WBG_VERSION" \
    --no-default-features --root "$TOOLS" --force
  rm -rf "$TOOLS/build"
  stamp "wasm-bindgen-cli $WBG_VERSION installed in $TOOLS"
else
  stamp "wasm-bindgen-cli $WBG_VERSION cached in $TOOLS"
fi

# ------------------------------------------------------------------ 3. npm devDependencies
# binaryen from npm (never Debian's binaryen 108: its output fails to load).
if [ ! -x "$PKG/node_modules/.bin/wasm-opt" ] || [ ! -d "$PKG/node_modules/playwright-core" ] ||
   [ "$PKG/package.json" -nt "$PKG/node_modules/.package-lock.json" ]; then
  (cd "$PKG" && npm install --no-audit --no-fund --silent)
  stamp "npm devDependencies installed"
else
  stamp "npm devDependencies present"
fi
"$PKG/node_modules/.bin/wasm-opt" --version | grep -q "version 132" ||
  { echo "setup-wasm: wrong wasm-opt: $("$PKG/node_modules/.bin/wasm-opt" --version)" >&2; exit 1; }

stamp "done"
echo "export PATH=\"$TOOLS/bin:$PKG/node_modules/.bin:\$PATH\""
