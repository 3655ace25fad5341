/** Seed coverage, doc-file validity and that the committed JSON is what the generator makes. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocFile, missingSeedPoints, readReferenceHelpers, readSeedHelperNames } from '../../helper-db/gen/doc-files.ts';
import { ROOT } from '../support/paths.ts';

const refs = readReferenceHelpers();
const seedNames = readSeedHelperNames();
const flagNames = new Set<string>(
  (JSON.parse(readFileSync(join(ROOT, 'helper-db/sources/flags.json'), 'utf8')) as { name: string }[]).map((f) => f.name),
);
for (const r of refs) for (const list of Object.values(r.flags ?? {})) for (const f of list) flagNames.add(f.name);
for (const a of ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT']) flagNames.add(a);

describe('seed notes', () => {
  it('cover 53 helpers', () => {
    expect(seedNames).toHaveLength(53);
  });

  it.each(seedNames)('%s: every point of the seed is in our docs, in both languages', (name) => {
    const ref = refs.find((r) => r.name === name)!;
    const { doc, errors } = loadDocFile(ref, flagNames);
    expect(errors).toEqual([]);
    expect(doc!.seedPoints?.length ?? 0).toBeGreaterThan(0);
    expect(missingSeedPoints(doc!, doc!.seedPoints!)).toEqual([]);
  });

  it('the trace_printk points include the format specifiers and the three-argument limit', () => {
    const ref = refs.find((r) => r.name === 'bpf_trace_printk')!;
    const { doc } = loadDocFile(ref, flagNames);
    const en = JSON.stringify(doc);
    for (const spec of ['%d', '%i', '%u', '%x', '%ld', '%lu', '%lx', '%lld', '%llu', '%llx', '%p', '%s']) expect(en).toContain(spec);
    expect(en).toMatch(/three|3/);
    expect(en).toContain('trace_pipe');
  });
});

describe('doc files', () => {
  it.each(refs.map((r) => r.name))('%s: doc file is valid', (name) => {
    const { errors } = loadDocFile(refs.find((r) => r.name === name)!, flagNames);
    expect(errors).toEqual([]);
  });
});

describe('generator', () => {
  it('the committed helpers.json and constants.json are what the generator produces', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'helper-db/gen/generate.ts'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('up to date');
  });
});
