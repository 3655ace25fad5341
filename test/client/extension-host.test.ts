/**
 * The VS Code extension end to end, without VS Code: the bundled extension
 * (client/src/extension.ts + vscode-languageclient, built by esbuild as the package
 * script does) runs against a fake `vscode` module (fake-vscode.ts) and starts the
 * real server over IPC from an extension folder laid out like the .vsix. Checks what
 * a user sees: which files reach the server, hover, diagnostics, the status bar, the
 * commands, restart and the bpfls.enable setting.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeVscode, installFakeVscode, MarkdownString, Position, Uri, type FakeTextDocument } from './fake-vscode.ts';
import { ROOT } from '../support/paths.ts';

interface ExtensionModule {
  activate(context: unknown): void;
  deactivate(): Promise<void>;
}

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
const settings: Record<string, unknown> = {
  bpfls: { enable: 'auto', docsLanguage: 'en', targetKernel: '', includePaths: [], trace: { server: 'off' } },
};
const { api, control } = createFakeVscode(settings);
const { rec } = control;

let dir: string;
let ext: ExtensionModule;
let uninstall: () => void;
let hoverDoc: FakeTextDocument;
let plainDoc: FakeTextDocument;
let contentDoc: FakeTextDocument;

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lineOf = (doc: FakeTextDocument, needle: string) => doc.getText().split('\n').findIndex((l) => l.includes(needle));

async function hover(doc: FakeTextDocument, line: number, character: number): Promise<string | undefined> {
  const providers = control.providersFor('HoverProvider', doc);
  for (const p of providers) {
    const h = (await p.provideHover(doc, new Position(line, character), token)) as { contents: MarkdownString[] | MarkdownString } | undefined | null;
    if (h) return (Array.isArray(h.contents) ? h.contents : [h.contents]).map((c) => c.value).join('\n');
  }
  return undefined;
}

const diagnosticsOf = (doc: FakeTextDocument) => rec.diagnostics.get(doc.uri.toString());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bpfls-ext-'));
  const extDir = join(dir, 'extension');
  mkdirSync(join(extDir, 'out', 'server', 'queries'), { recursive: true });
  mkdirSync(join(extDir, 'out', 'server', 'helper-db'), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'client', 'src', 'extension.ts')],
    outfile: join(extDir, 'out', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    logLevel: 'warning',
  });
  for (const f of ['bpfls.cjs', 'web-tree-sitter.wasm', 'tree-sitter-c.wasm']) {
    copyFileSync(join(ROOT, 'server', 'out', f), join(extDir, 'out', 'server', f));
  }
  for (const f of readdirSync(join(ROOT, 'server', 'out', 'helper-db'))) {
    copyFileSync(join(ROOT, 'server', 'out', 'helper-db', f), join(extDir, 'out', 'server', 'helper-db', f));
  }
  for (const f of readdirSync(join(ROOT, 'grammars', 'queries'))) {
    copyFileSync(join(ROOT, 'grammars', 'queries', f), join(extDir, 'out', 'server', 'queries', f));
  }
  writeFileSync(join(dir, 'main.c'), '#include <stdio.h>\nint main(void)\n{\n\treturn 0;\n}\n');
  writeFileSync(join(dir, 'prog.c'), '#include <vmlinux.h>\n#include <bpf/bpf_helpers.h>\n\nSEC("kprobe/do_unlinkat")\nint probe(struct pt_regs *ctx)\n{\n\treturn 0;\n}\n');

  uninstall = installFakeVscode(api);
  ext = createRequire(import.meta.url)(join(extDir, 'out', 'extension.js')) as ExtensionModule;
  ext.activate({
    subscriptions: [],
    extensionPath: extDir,
    extensionUri: Uri.file(extDir),
    asAbsolutePath: (p: string) => join(extDir, p),
  });
  // Nothing is started for a plain C file...
  plainDoc = await control.open(join(dir, 'main.c'));
  // ...the first BPF C file starts the server.
  hoverDoc = await control.open(join(ROOT, 'test', 'fixtures', 'editors', 'xdp_hover.bpf.c'));
  contentDoc = await control.open(join(dir, 'prog.c'));
  await until('the server to publish diagnostics', () => diagnosticsOf(hoverDoc));
}, 60_000);

afterAll(async () => {
  await ext?.deactivate();
  uninstall?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the extension in a (fake) VS Code', () => {
  it('registers its three commands and the helper-doc scheme', () => {
    expect([...rec.commands.keys()].filter((c) => c.startsWith('bpfls.')).sort()).toEqual([
      'bpfls.restartServer',
      'bpfls.runProgram',
      'bpfls.showHelperDocs',
    ]);
    expect(rec.contentProviders.has('bpfls-helper')).toBe(true);
  });

  it('hovers on a helper in a BPF C file with the helper card', async () => {
    const line = lineOf(hoverDoc, 'HOVER-TARGET');
    const character = hoverDoc.getText().split('\n')[line].indexOf('bpf_xdp_adjust_head') + 3;
    const text = await hover(hoverDoc, line, character);
    expect(text).toContain('long bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta)');
  });

  it('hands BPF C to the server by name and by content, and nothing else', async () => {
    expect(diagnosticsOf(hoverDoc)).toEqual([]);
    await until('diagnostics for prog.c (BPF by content)', () => diagnosticsOf(contentDoc));
    expect(diagnosticsOf(plainDoc)).toBeUndefined();
    expect(await hover(plainDoc, 1, 5)).toBeUndefined();
  });

  it('shows the diagnostics of a broken program', async () => {
    const broken = await control.open(join(ROOT, 'test', 'fixtures', 'editors', 'xdp_broken.bpf.c'));
    const diags = await until('diagnostics for the broken file', () => (diagnosticsOf(broken)?.length ? diagnosticsOf(broken) : undefined));
    expect(diags.some((d) => d.severity === 0 && d.range.start.line === lineOf(broken, 'SYNTAX-ERROR'))).toBe(true);
    await control.close(broken);
  });

  it('opens a plain C file when an edit makes it BPF C', async () => {
    await control.edit(plainDoc, '#include <bpf/bpf_helpers.h>\nSEC("xdp")\nint f(struct xdp_md *ctx)\n{\n\treturn bpf_redirect(1, 0);\n}\n');
    await until('diagnostics for main.c after the edit', () => diagnosticsOf(plainDoc));
    expect(await hover(plainDoc, 4, 10)).toContain('bpf_redirect(');
  });

  it('shows the program type and context under the cursor in the status bar', async () => {
    const item = rec.statusItems[0];
    control.setActive(hoverDoc, lineOf(hoverDoc, 'HOVER-TARGET'), 2);
    await until('the status bar item', () => item.visible && item.text.includes('xdp'));
    expect(item.text).toContain('struct xdp_md');
    expect(item.command).toBe('bpfls.runProgram');
    control.setActive(hoverDoc, lineOf(hoverDoc, 'LICENSE'), 2);
    await until('the status bar item to hide', () => !item.visible);
    control.setActive(contentDoc, lineOf(contentDoc, 'return 0'), 2);
    await until('the kprobe status', () => item.visible && item.text.includes('kprobe'));
  });

  it('BPF: Show Helper Docs opens the card of a named or picked helper in a Markdown preview', async () => {
    await rec.commands.get('bpfls.showHelperDocs')!('bpf_redirect');
    const preview = rec.executed.filter((e) => e.command === 'markdown.showPreview').at(-1)!;
    const uri = preview.args[0] as Uri;
    expect(uri.scheme).toBe('bpfls-helper');
    const md = (await rec.contentProviders.get('bpfls-helper')!.provideTextDocumentContent(uri, token)) as string;
    expect(md).toMatch(/^# bpf_redirect\n/);
    expect(md).toContain('long bpf_redirect(');

    rec.quickPickAnswers.push('bpf_map_lookup_elem');
    await rec.commands.get('bpfls.showHelperDocs')!();
    const picked = rec.executed.filter((e) => e.command === 'markdown.showPreview').at(-1)!.args[0] as Uri;
    expect(picked.path).toBe('/bpf_map_lookup_elem.md');
  });

  it('BPF: Run Program on Packet sends the program under the cursor and a packet SPEC', async () => {
    control.setActive(hoverDoc, lineOf(hoverDoc, 'HOVER-TARGET'), 2);
    rec.quickPickAnswers.push({ label: 'ipv4-tcp-syn', spec: 'builtin:ipv4-tcp-syn' });
    const before = rec.messages.length;
    await rec.commands.get('bpfls.runProgram')!();
    const ran = rec.output.get('BPF Run')?.join('\n') ?? '';
    const said = rec.messages.slice(before).map((m) => m.text);
    // Until the server has the interpreter, the user is told so; afterwards the result is shown.
    expect(ran.includes('Run xdp_strip_tag') || said.some((m) => m.includes('cannot run programs yet'))).toBe(true);
  });

  it('BPF: Restart Server starts a working server again', async () => {
    await rec.commands.get('bpfls.restartServer')!();
    const line = lineOf(hoverDoc, 'HOVER-TARGET');
    const character = hoverDoc.getText().split('\n')[line].indexOf('bpf_xdp_adjust_head') + 3;
    await until('a hover after the restart', () => hover(hoverDoc, line, character));
  });

  it('bpfls.enable = false stops the server; back to auto starts it again', async () => {
    control.changeSetting('bpfls.enable', false);
    await until('the providers to go away', () => control.providersFor('HoverProvider', hoverDoc).length === 0);
    control.changeSetting('bpfls.enable', 'auto');
    const line = lineOf(hoverDoc, 'HOVER-TARGET');
    const character = hoverDoc.getText().split('\n')[line].indexOf('bpf_xdp_adjust_head') + 3;
    await until('a hover after re-enabling', () => hover(hoverDoc, line, character));
  });
});
