/** Fixture programs with inline expectations (see check.ts for the directives). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFixture, FIXTURES } from './check.ts';

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.bpf.c')).sort();

describe('interpreter fixtures', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s', async (file) => {
    expect(await checkFixture(file)).toEqual([]);
  });
});
