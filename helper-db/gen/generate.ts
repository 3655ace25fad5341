/**
 * Builds helper-db/helpers.json and helper-db/constants.json from the sources,
 * the knowledge files and the doc files. `npm run helper-db:gen [-- --partial]`.
 * --partial writes even when some doc files are missing or invalid (their docs
 * stay empty and the completeness tests fail), for work in progress.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ConstantDatabase, Helper, HelperDatabase } from '../../server/src/helpers/schema.ts';
import { extractHelperDecls } from './c-enums.ts';
import { HELPER_DB_DIR, loadDocFile, readReferenceHelpers, readSeedHelperNames, type DocFile, type ReferenceHelper } from './doc-files.ts';
import { loadKnowledge } from './knowledge.ts';
import { buildHelper, type Matrix } from './build-helper.ts';
import { buildConstants } from './build-constants.ts';
import { readUapiEnums } from './uapi-constants.ts';

const partial = process.argv.includes('--partial');
/** --check: build in memory and fail if the committed files differ (used by the tests). */
const checkOnly = process.argv.includes('--check');
const problems: string[] = [];
const generatedFrom: string[] = [
  'sources/helpers.json',
  'sources/flags.json',
  'sources/kernel-6.18-helper-matrix.json',
  'sources/seed-bpf-helpers-zh.md',
];

const refs = readReferenceHelpers();
const helperDefsPath = '/usr/include/bpf/bpf_helper_defs.h';
if (existsSync(helperDefsPath)) {
  generatedFrom.push(helperDefsPath);
  const decls = extractHelperDecls(readFileSync(helperDefsPath, 'utf8'));
  for (const ref of refs) {
    const d = decls.find((x) => x.id === ref.id);
    if (!d) continue; // an older libbpf may lack the newest helpers
    if (d.name !== ref.name || d.returnType !== ref.returnType || JSON.stringify(d.params) !== JSON.stringify(ref.params)) {
      problems.push(`${ref.name}: installed bpf_helper_defs.h disagrees with sources/helpers.json: ${JSON.stringify(d)}`);
    }
  }
}

const knowledge = loadKnowledge();
generatedFrom.push(...knowledge.present);
const matrix = JSON.parse(readFileSync(join(HELPER_DB_DIR, 'sources', 'kernel-6.18-helper-matrix.json'), 'utf8')) as Matrix;
const flagsJson = JSON.parse(readFileSync(join(HELPER_DB_DIR, 'sources', 'flags.json'), 'utf8')) as { name: string; value: number | string }[];
const flagNames = new Set(flagsJson.map((f) => f.name));
for (const r of refs) for (const list of Object.values(r.flags ?? {})) for (const f of list) flagNames.add(f.name);
const seedNames = new Set(readSeedHelperNames());

const values = new Map<string, number | string>();
for (const f of flagsJson) values.set(f.name, f.value);
for (const c of readUapiEnums().constants) {
  const n = Number(c.value);
  if (!values.has(c.name)) values.set(c.name, Number.isSafeInteger(n) ? n : c.value);
}
const helpers: Helper[] = [];
let missingDocs = 0;
for (const ref of refs as ReferenceHelper[]) {
  const { doc, errors } = loadDocFile(ref, flagNames);
  if (!doc) {
    missingDocs++;
    problems.push(...errors);
  }
  helpers.push(buildHelper(ref, doc as DocFile | null, knowledge, matrix, seedNames.has(ref.name), values, problems));
}

const { constants, fromHeaders } = buildConstants(
  flagsJson,
  helpers,
  knowledge.programTypes,
  parse(readFileSync(join(HELPER_DB_DIR, 'knowledge', 'newer-constants.yaml'), 'utf8')),
  parse(readFileSync(join(HELPER_DB_DIR, 'knowledge', 'context-fields.yaml'), 'utf8')),
);
generatedFrom.push('sources/uapi-enums.json', 'knowledge/newer-constants.yaml', 'knowledge/context-fields.yaml');
if (fromHeaders.length) console.error(`read enums from ${fromHeaders.join(', ')}`);

if (missingDocs && !partial) {
  for (const p of problems) console.error(p);
  console.error(`${missingDocs} helpers have no valid doc file; nothing written (use --partial to write anyway)`);
  process.exit(1);
}
const db: HelperDatabase = { generatedFrom: generatedFrom.filter((g) => !g.startsWith('/')), helpers };
const outputs: [string, string][] = [
  [join(HELPER_DB_DIR, 'helpers.json'), JSON.stringify(db, null, 1) + '\n'],
  [join(HELPER_DB_DIR, 'constants.json'), JSON.stringify(constants satisfies ConstantDatabase, null, 1) + '\n'],
];
if (checkOnly) {
  const stale = outputs.filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([p]) => p);
  if (stale.length) {
    console.error(`out of date: ${stale.join(', ')}; run npm run helper-db:gen`);
    process.exit(1);
  }
  console.log('helper-db is up to date');
  process.exit(0);
}
for (const [path, text] of outputs) writeFileSync(path, text);
for (const p of problems) console.error(`note: ${p}`);
console.log(
  `wrote ${helpers.length} helpers (${helpers.length - missingDocs} with docs) and ${constants.constants.length} constants, ${constants.programTypes.length} program types`,
);
