/**
 * The VS Code client's document gate (client/src/document-gate.ts): only BPF C reaches
 * the server, a file that becomes BPF C by an edit is opened then, and feature requests
 * for other files are answered with nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Middleware } from 'vscode-languageclient/node';
import { looksLikeBpf } from '../../client/src/detect.ts';
import { DocumentGate } from '../../client/src/document-gate.ts';

interface FakeDoc {
  uri: { toString(): string };
  text: string;
}

const doc = (name: string, text: string): FakeDoc => ({ uri: { toString: () => `file:///w/${name}` }, text });

function setup() {
  const sent: string[] = [];
  const gate = new DocumentGate<FakeDoc>({
    wants: (d) => d.uri.toString().endsWith('.bpf.c') || looksLikeBpf(d.text),
    sendOpen: async (d) => {
      sent.push(`open(edit) ${d.uri.toString()}`);
    },
  });
  const next = (what: string) => async (d: FakeDoc | { document: FakeDoc }) => {
    sent.push(`${what} ${('document' in d ? d.document : d).uri.toString()}`);
  };
  // The middleware as vscode-languageclient calls it (its vscode types are not needed here).
  const mw = gate.middleware() as unknown as Record<keyof Middleware, (...args: unknown[]) => unknown>;
  return { gate, sent, next, mw };
}

describe('DocumentGate', () => {
  it('opens BPF C documents and drops the others', async () => {
    const { gate, sent, next, mw } = setup();
    await mw.didOpen(doc('a.bpf.c', ''), next('open'));
    await mw.didOpen(doc('main.c', '#include <stdio.h>\n'), next('open'));
    await mw.didOpen(doc('x.c', '#include <vmlinux.h>\n'), next('open'));
    expect(sent).toEqual(['open file:///w/a.bpf.c', 'open file:///w/x.c']);
    expect(gate.size).toBe(2);
  });

  it('sends changes and closes only for opened documents', async () => {
    const { sent, next, mw } = setup();
    const a = doc('a.bpf.c', '');
    const plain = doc('main.c', 'int x;\n');
    await mw.didOpen(a, next('open'));
    await mw.didOpen(plain, next('open'));
    await mw.didChange({ document: a, contentChanges: [{}] }, next('change'));
    await mw.didChange({ document: plain, contentChanges: [{}] }, next('change'));
    await mw.didClose(plain, next('close'));
    await mw.didClose(a, next('close'));
    await mw.didClose(a, next('close'));
    expect(sent).toEqual(['open file:///w/a.bpf.c', 'change file:///w/a.bpf.c', 'close file:///w/a.bpf.c']);
  });

  it('opens a C file when an edit makes it BPF C, then sends its later changes', async () => {
    const { gate, sent, next, mw } = setup();
    const d = doc('prog.c', 'int x;\n');
    await mw.didOpen(d, next('open'));
    expect(gate.has(d)).toBe(false);
    d.text = '#include <bpf/bpf_helpers.h>\nint x;\n';
    await mw.didChange({ document: d, contentChanges: [{}] }, next('change'));
    await mw.didChange({ document: d, contentChanges: [{}] }, next('change'));
    expect(sent).toEqual(['open(edit) file:///w/prog.c', 'change file:///w/prog.c']);
  });

  it('answers feature requests only for opened documents', async () => {
    const { next, mw } = setup();
    const a = doc('a.bpf.c', '');
    const plain = doc('main.c', '');
    await mw.didOpen(a, next('open'));
    const provider = (...args: unknown[]) => ({ answered: args.length });
    expect(mw.provideHover(a, {}, {}, provider)).toEqual({ answered: 3 });
    expect(mw.provideHover(plain, {}, {}, provider)).toBeUndefined();
    expect(mw.provideCompletionItem(a, {}, {}, {}, provider)).toEqual({ answered: 4 });
    expect(mw.provideCompletionItem(plain, {}, {}, {}, provider)).toBeUndefined();
    expect(mw.provideSignatureHelp(plain, {}, {}, {}, provider)).toBeUndefined();
    expect(mw.provideDefinition(plain, {}, {}, provider)).toBeUndefined();
    expect(mw.provideReferences(plain, {}, {}, {}, provider)).toBeUndefined();
    expect(mw.provideDocumentSymbols(plain, {}, provider)).toBeUndefined();
    expect(mw.provideCodeActions(plain, {}, {}, {}, provider)).toBeUndefined();
    expect(mw.provideDocumentSymbols(a, {}, provider)).toEqual({ answered: 2 });
  });

  it('forgets everything on clear (a restarted client reopens what it wants)', async () => {
    const { gate, next, mw } = setup();
    await mw.didOpen(doc('a.bpf.c', ''), next('open'));
    gate.clear();
    expect(gate.size).toBe(0);
  });
});
