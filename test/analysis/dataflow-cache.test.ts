/**
 * Dataflow results are cached per program between edits: after any edit, the
 * diagnostics must equal those of a fresh analysis of the new text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocument } from '../../server/src/analysis/check.ts';
import { DocumentAnalysis } from '../../server/src/analysis/document-analysis.ts';
import { NO_FILES } from '../../server/src/analysis/source-files.ts';
import { loadSyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { ROOT } from '../support/paths.ts';

const FILES = ['bad-stale.bpf.c', 'bad-bounds.bpf.c', 'bad-null.bpf.c'].map((f) => join(ROOT, 'test/fixtures/dataflow', f));
const flow = (ds: ReturnType<typeof checkDocument>) =>
  ds.filter((d) => d.code.startsWith('bpf/stale') || d.code === 'bpf/packet-bounds' || d.code === 'bpf/map-value-null').map((d) => JSON.stringify(d));

function fresh(text: string) {
  const a = new DocumentAnalysis('file:///fresh.bpf.c', text, NO_FILES);
  try {
    return flow(checkDocument(a, { locale: 'en' }));
  } finally {
    a.dispose();
  }
}

beforeAll(async () => {
  await loadSyntaxRuntime();
});

describe('dataflow cache', () => {
  it.each(FILES)('%s: edits give the same diagnostics as a fresh analysis', (file) => {
    const text = readFileSync(file, 'utf8');
    const a = new DocumentAnalysis(`file://${file}`, text, NO_FILES);
    try {
      expect(flow(checkDocument(a, { locale: 'en' }))).toEqual(fresh(text));
      expect(flow(checkDocument(a, { locale: 'en' })).length).toBeGreaterThan(0);
      // Edits before every function, inside the first body, and at the end.
      const firstBody = text.indexOf('{', text.indexOf('SEC('));
      const edits = [
        { start: 0, end: 0, newText: '// a new first line\n\n' },
        { start: firstBody + 1 + 22, end: firstBody + 1 + 22, newText: '\n\t/* typed */\n' },
        { start: 0, end: 22, newText: '' },
      ];
      for (const e of edits) {
        a.applyEdits([e]);
        expect(flow(checkDocument(a, { locale: 'en' }))).toEqual(fresh(a.text));
      }
    } finally {
      a.dispose();
    }
  });
});
