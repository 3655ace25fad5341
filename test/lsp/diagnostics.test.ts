/** Verifier-grade diagnostics and quick fixes over LSP (the built server over stdio). */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lsp-client.ts';
import { ROOT } from '../support/paths.ts';

const CHECKS = join(ROOT, 'test/fixtures/checks');
let client: LspTestClient;

beforeAll(async () => {
  client = await LspTestClient.start({ locale: 'en' });
});
afterAll(async () => {
  await client?.stop();
});

describe('diagnostics over LSP', () => {
  it('publishes helper-not-allowed with a code, a range and related information', async () => {
    const { diagnostics, text } = await client.openFile(join(CHECKS, 'helper-not-allowed.bpf.c'));
    const d = diagnostics.find((x) => x.code === 'bpf/helper-not-allowed') as Diagnostic;
    expect(d.severity).toBe(1);
    expect(d.source).toBe('bpfls');
    const line = text.split('\n')[d.range.start.line];
    expect(line.slice(d.range.start.character, d.range.end.character)).toBe('bpf_skb_store_bytes');
    expect(d.relatedInformation?.[0].message).toContain('xdp_prog');
  });

  it('offers quick fixes for flags and a missing license', async () => {
    const { uri, diagnostics, text } = await client.openFile(join(CHECKS, 'flags.bpf.c'));
    const line = text.split('\n').findIndex((l) => l.includes('return bpf_redirect(2, BPF_F_INGRESS); // expect-error'));
    const d = diagnostics.find((x) => x.code === 'bpf/flags' && x.range.start.line === line)!;
    expect(d).toBeDefined();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.title.includes('0'))!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.edit!.changes![uri][0].newText).toBe('0');

    const nolic = await client.openFile(join(CHECKS, 'no-license.bpf.c'));
    const w = nolic.diagnostics.find((x) => x.code === 'bpf/missing-license' && x.severity === 2)!;
    const licActions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: nolic.uri },
      range: w.range,
      context: { diagnostics: [w] },
    });
    expect(licActions[0].edit!.changes![nolic.uri][0].newText).toContain('SEC("license")');
  });

  it('writes diagnostic messages in the client language', async () => {
    const zh = await LspTestClient.start({ locale: 'zh-cn' });
    try {
      const { diagnostics } = await zh.openFile(join(CHECKS, 'gpl-only.bpf.c'));
      expect(diagnostics.find((x) => x.code === 'bpf/gpl-only-helper')!.message).toMatch(/仅限 GPL/);
    } finally {
      await zh.stop();
    }
  });

  it('re-checks with the target kernel from the settings', async () => {
    const c = await LspTestClient.start({ locale: 'en', settings: { targetKernel: '4.4' } });
    try {
      const { diagnostics } = await c.openFile(join(CHECKS, 'clean.bpf.c'));
      expect(diagnostics.some((x) => x.code === 'bpf/helper-too-new')).toBe(true);
    } finally {
      await c.stop();
    }
  });
});
