/** SARIF 2.1.0 for code-scanning services: one run, one rule per diagnostic code. */
import type { CheckReport } from './check-report.ts';

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function formatSarif(report: CheckReport, toolVersion: string, toUri: (path: string) => string): string {
  const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
  const results = [];
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      if (!rules.has(d.code)) rules.set(d.code, { id: d.code, shortDescription: { text: d.code } });
      results.push({
        ruleId: d.code,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUri(f.path) },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
        ...(d.related?.length
          ? {
              relatedLocations: d.related.map((r, i) => ({
                id: i,
                message: { text: r.message },
                physicalLocation: {
                  artifactLocation: { uri: toUri(r.path) },
                  region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1 },
                },
              })),
            }
          : {}),
      });
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'bpfls', version: toolVersion, rules: [...rules.values()] } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
