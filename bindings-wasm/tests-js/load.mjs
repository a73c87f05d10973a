// Loads the built package (dist/, from build.sh) for the tests.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const pkgDir = fileURLToPath(new URL('..', import.meta.url));

/** `{ name, m }` for each built Node variant: `full` (titles) and `lite` (no titles). */
export const variants = [
  ['full', 'node'],
  ['lite', 'node-lite'],
].map(([name, dir]) => {
  const file = `${pkgDir}dist/${dir}/medcodes.js`;
  if (!existsSync(file)) throw new Error(`${file} missing: run ./build.sh first`);
  return { name, m: require(file) };
});

export const full = variants[0].m;

/** The `all` build (full + ICD-9-CM with the GEMs + the groupers), `medcodes/all`. Not in
 * `variants`: the tests that run on every variant run on full and lite. */
export const all = (() => {
  const file = `${pkgDir}dist/node-all/medcodes.js`;
  if (!existsSync(file)) throw new Error(`${file} missing: run ./build.sh first`);
  return require(file);
})();
