/**
 * Differential test: every program x packet the kernel ran (test/interp-goldens)
 * through the interpreter; retval, output bytes and every map must agree.
 */
import { describe, expect, it } from 'vitest';
import { checkProgram, GOLDENS_FILE, loadGoldens } from './goldens-support.ts';

const goldens = loadGoldens();

if (!goldens) {
  console.warn(`kernel goldens skipped: ${GOLDENS_FILE} does not exist (record them with scripts/record-interp-goldens.mjs)`);
}

describe.skipIf(!goldens)('interpreter vs kernel goldens', () => {
  const names = goldens ? Object.keys(goldens.programs).sort() : [];

  it('has programs to compare', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s agrees with the kernel', async (name) => {
    const outcome = await checkProgram(goldens!, name);
    expect(outcome.runs).toBeGreaterThan(0);
    const report = outcome.mismatches.map((m) => `run ${m.run} (${m.packet}) ${m.what}\n  kernel:      ${m.expected}\n  interpreter: ${m.actual}`);
    expect(report).toEqual([]);
  });
});
