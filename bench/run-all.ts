/**
 * Runs every benchmark in bench/ one after another (`npm run bench`), or the ones
 * named on the command line (`npm run bench -- lsp-latency`). Each prints its own figures.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
let failed = 0;
for (const name of wanted.length ? wanted : all) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark ${name} (have: ${all.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
