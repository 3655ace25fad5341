/**
 * Validates helper doc files: `npx tsx helper-db/gen/check-docs.ts [NAME ...]`.
 * Exit 1 when any checked file has a problem; 0 otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELPER_DB_DIR, loadDocFile, missingSeedPoints, readReferenceHelpers, readSeedHelperNames } from './doc-files.ts';

const refs = readReferenceHelpers();
const flagNames = new Set<string>(
  (JSON.parse(readFileSync(join(HELPER_DB_DIR, 'sources', 'flags.json'), 'utf8')) as { name: string }[]).map((f) => f.name),
);
for (const r of refs) for (const list of Object.values(r.flags ?? {})) for (const f of list) flagNames.add(f.name);
for (const extra of ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT']) flagNames.add(extra);

const wanted = process.argv.slice(2);
const selected = wanted.length ? refs.filter((r) => wanted.includes(r.name)) : refs;
for (const n of wanted) if (!refs.some((r) => r.name === n)) console.error(`unknown helper: ${n}`);
const seedNames = new Set(readSeedHelperNames());
let bad = 0;
let ok = 0;
for (const ref of selected) {
  const { doc, errors } = loadDocFile(ref, flagNames);
  if (doc && seedNames.has(ref.name)) {
    if (!doc.seedPoints?.length) errors.push(`${ref.name}: a seed helper needs seedPoints`);
    for (const m of missingSeedPoints(doc, doc.seedPoints ?? [])) errors.push(`${ref.name}: seed point not covered: ${m}`);
  }
  if (errors.length) {
    bad++;
    for (const e of errors) console.error(e);
  } else ok++;
}
console.log(`${ok} ok, ${bad} with problems (of ${selected.length} checked)`);
process.exit(bad ? 1 : 0);
