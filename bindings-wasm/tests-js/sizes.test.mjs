// The download budgets (gzip -9 of each .wasm, measured by build.sh into dist/sizes.json):
// lite 700 KB, full 2.5 MB, all 4 MB. A table that grows past its build's budget fails here,
// not in a user's page load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pkgDir } from './load.mjs';

const BUDGETS = { lite: 700_000, full: 2_500_000, all: 4_000_000 };

test('each build within its gzip budget', () => {
  const sizes = JSON.parse(readFileSync(`${pkgDir}dist/sizes.json`, 'utf8'));
  for (const [variant, budget] of Object.entries(BUDGETS)) {
    assert.ok(sizes[variant], `dist/sizes.json has no ${variant} build`);
    assert.ok(sizes[variant].gzip <= budget, `${variant}: ${sizes[variant].gzip} B gzip > ${budget} B`);
  }
});
