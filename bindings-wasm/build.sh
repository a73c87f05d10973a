#!/usr/bin/env bash
# Builds the npm package and the browser tool's module from the Rust crate.
#
#   dist/node/       CommonJS for Node (require), with medcodes.mjs for `import`   -- all titles
#   dist/web/        ESM + `init` for browsers and bundlers                        -- all titles
#   dist/node-lite/, dist/web-lite/   the same without titles (validation, hierarchy, search by code)
#   dist/node-all/, dist/web-all/     the full build plus ICD-9-CM with the GEMs (gemsMap) and the
#                    groupers (hccCategories, elixhauser, charlson, ...): `medcodes/all`
#   www/pkg/         the browser tool's copy: a classic script (no modules, so the page also
#                    works from file://), the .wasm, and the .wasm as base64 in a script
#   dist/sizes.json  raw and gzip sizes of each .wasm
#   dist/medcodes-<version>.tgz   the npm package (`npm pack`), installable with
#                    `npm install path/to/medcodes-<version>.tgz`
#
# Needs the tools of ../scripts/setup-wasm.sh. Env:
#   MEDCODES_TOOLS        where wasm-bindgen is cached (default ~/.cache/medcodes-tools)
#   MEDCODES_WASM_TARGET  cargo target dir of the wasm builds (default <workspace>/target/wasm)
#   VARIANTS              "full lite all" (default) or some of them; "cm" (ICD-10-CM with titles and
#                         notes, dist/node-cm) is built only when asked, to measure its size
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
TOOLS=${MEDCODES_TOOLS:-$HOME/.cache/medcodes-tools}
TARGET_DIR=${MEDCODES_WASM_TARGET:-$ROOT/target/wasm}
VARIANTS=${VARIANTS:-full lite all}
export PATH="$TOOLS/bin:$HERE/node_modules/.bin:$PATH"

for tool in wasm-bindgen wasm-opt wasm-ld-22 /usr/bin/cargo; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found: run scripts/setup-wasm.sh" >&2; exit 1; }
done
wasm-opt --version | grep -q "version 132" || { echo "build.sh: wasm-opt is not binaryen 132 (npm): $(command -v wasm-opt)" >&2; exit 1; }

# Debian's rustc-web with std built from source; the release profile for wasm is set here
# (member profiles are ignored and the root profile serves the native builds): fat LTO, one
# codegen unit, opt-level "s" (code is under 100 KB of the module: the tables dominate).
# Panics abort: that is wasm32-unknown-unknown's only strategy, and leaving `panic` unset
# lets `cargo test --release` (run-tests.sh) reuse the std built here.
# `wasm_cargo` is also used by run-tests.sh (sourced with BUILD_SH_LIB=1).
wasm_cargo() {
  env RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$TOOLS/bin/wasm-bindgen-test-runner" \
    CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=false \
    /usr/bin/cargo "$@" -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown \
    --target-dir "$TARGET_DIR"
}

gz_size() { gzip -9c "$1" | wc -c; }

[ "${BUILD_SH_LIB:-0}" = 1 ] && return 0

mkdir -p "$HERE/dist"
sizes="$HERE/dist/sizes.json.tmp"
echo "{" >"$sizes"
first=1
for variant in $VARIANTS; do
  case $variant in
    full) features=(); suffix="" ;;
    lite) features=(--no-default-features --features icd10cm); suffix="-lite" ;;
    all) features=(--features icd9,groupers); suffix="-all" ;;
    # ICD-10-CM with titles and notes, no PCS and no claims: only for measuring (VARIANTS=cm).
    cm) features=(--no-default-features --features icd10cm,titles,notes); suffix="-cm" ;;
    *) echo "build.sh: unknown variant $variant" >&2; exit 1 ;;
  esac
  t0=$(date +%s)
  wasm_cargo build -q --release -p medcodes-wasm --lib "${features[@]}"
  raw="$TARGET_DIR/wasm32-unknown-unknown/release/medcodes_wasm.wasm"
  work="$TARGET_DIR/pkg$suffix"
  rm -rf "$work"; mkdir -p "$work"
  cp "$raw" "$work/cargo.wasm"
  t1=$(date +%s)

  # wasm-bindgen once per target; the .wasm it emits is the same for every target, so
  # wasm-opt (the slow step on 13 MB) runs once and its output is shared -- unless a
  # wasm-bindgen version makes them differ, then each is optimised on its own.
  for target in nodejs web no-modules; do
    wasm-bindgen --target "$target" --out-dir "$work/$target" --out-name medcodes "$work/cargo.wasm"
  done
  optimize() {
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --strip-debug --strip-producers "$1" -o "$2"
  }
  optimize "$work/nodejs/medcodes_bg.wasm" "$work/opt.wasm"
  for target in web no-modules; do
    if cmp -s "$work/nodejs/medcodes_bg.wasm" "$work/$target/medcodes_bg.wasm"; then
      cp "$work/opt.wasm" "$work/$target/medcodes_bg.wasm"
    else
      optimize "$work/$target/medcodes_bg.wasm" "$work/$target/medcodes_bg.wasm"
    fi
  done
  cp "$work/opt.wasm" "$work/nodejs/medcodes_bg.wasm"
  t2=$(date +%s)

  rm -rf "$HERE/dist/node$suffix" "$HERE/dist/web$suffix"
  cp -r "$work/nodejs" "$HERE/dist/node$suffix"
  cp -r "$work/web" "$HERE/dist/web$suffix"
  # The error classes (errors.js), exported by both, so that `instanceof DateError` works.
  error_classes="DateError, SearchError, HcpcsFileError, CptFileError, HccError, ComorbidityError, ReleaseError"
  { echo; cat "$HERE/errors.js"; echo "Object.assign(module.exports, { $error_classes });"; } \
    >>"$HERE/dist/node$suffix/medcodes.js"
  { echo; cat "$HERE/errors.js"; echo "export { $error_classes };"; } >>"$HERE/dist/web$suffix/medcodes.js"
  # The classes with a free(): after it, their calls say so (errors.js, medcodesGuardFreed).
  freeable=$(node -e '
    const m = require(process.argv[1] + "/medcodes.js");
    console.log(Object.keys(m).filter((k) => typeof m[k] === "function" && m[k].prototype &&
      typeof m[k].prototype.free === "function").sort().join(", "));
  ' "$HERE/dist/node$suffix")
  echo "medcodesGuardFreed([$freeable]);" >>"$HERE/dist/node$suffix/medcodes.js"
  echo "medcodesGuardFreed([$freeable]);" >>"$HERE/dist/web$suffix/medcodes.js"
  for dts in "$HERE/dist/node$suffix/medcodes.d.ts" "$HERE/dist/web$suffix/medcodes.d.ts"; do
    for name in DateError SearchError HcpcsFileError CptFileError HccError ComorbidityError ReleaseError; do
      printf '/** `err instanceof %s` holds for the errors the module throws with that name (their fields: the interface of the same name). */\nexport class %s extends Error { constructor(message?: string, fields?: object); static [Symbol.hasInstance](value: unknown): boolean }\n' \
        "$name" "$name" >>"$dts"
    done
  done
  rm -f "$HERE/dist/node$suffix/.gitignore" "$HERE/dist/web$suffix/.gitignore"
  # ESM entry for Node: the CommonJS module's exports, re-exported by name.
  node -e '
    const m = require(process.argv[1] + "/medcodes.js");
    const names = Object.keys(m).filter(n => n !== "__esModule").sort();
    require("fs").writeFileSync(process.argv[1] + "/medcodes.mjs",
      "// ESM entry for Node: re-exports the CommonJS module (generated by build.sh).\n" +
      "import m from \"./medcodes.js\";\n" +
      "export const { " + names.join(", ") + " } = m;\n" +
      "export default m;\n");
  ' "$HERE/dist/node$suffix"
  cp "$HERE/dist/node$suffix/medcodes.d.ts" "$HERE/dist/node$suffix/medcodes.d.mts"
  # Module kind of each folder, whatever the enclosing package says.
  echo '{ "type": "commonjs" }' >"$HERE/dist/node$suffix/package.json"
  echo '{ "type": "module" }' >"$HERE/dist/web$suffix/package.json"

  if [ "$variant" = full ]; then
    rm -rf "$HERE/www/pkg"; mkdir -p "$HERE/www/pkg"
    cp "$work/no-modules/medcodes.js" "$work/no-modules/medcodes_bg.wasm" "$HERE/www/pkg/"
    { printf '// The module as base64, for pages opened from file:// (generated by build.sh).\nvar MEDCODES_WASM_BASE64 = "'
      base64 -w0 "$work/no-modules/medcodes_bg.wasm"
      printf '";\n'; } >"$HERE/www/pkg/medcodes_wasm_base64.js"
  fi

  opt="$HERE/dist/node$suffix/medcodes_bg.wasm"
  # gzip -9 of the full module takes ~7 s: each size is computed once.
  opt_gzip=$(gz_size "$opt")
  [ $first = 1 ] || echo "," >>"$sizes"; first=0
  printf '  "%s": { "cargo_raw": %d, "cargo_gzip": %d, "raw": %d, "gzip": %d }' "$variant" \
    "$(stat -c %s "$raw")" "$(gz_size "$raw")" "$(stat -c %s "$opt")" "$opt_gzip" >>"$sizes"
  echo "build.sh: $variant: cargo $((t1 - t0)) s, bindgen+opt $((t2 - t1)) s, .wasm $(stat -c %s "$opt") B raw, $opt_gzip B gzip"
done
printf '\n}\n' >>"$sizes"
mv "$sizes" "$HERE/dist/sizes.json"

# The npm package as a tarball a user installs (`npm install dist/medcodes-<version>.tgz`),
# once the full, lite and all builds it holds are there.
if [ -f "$HERE/dist/node/medcodes.js" ] && [ -f "$HERE/dist/node-lite/medcodes.js" ] &&
  [ -f "$HERE/dist/node-all/medcodes.js" ]; then
  rm -f "$HERE"/dist/medcodes-*.tgz
  (cd "$HERE" && npm pack --silent --pack-destination dist >/dev/null)
  echo "build.sh: npm package $(cd "$HERE/dist" && ls medcodes-*.tgz) ($(stat -c %s "$HERE"/dist/medcodes-*.tgz) B)"
fi
