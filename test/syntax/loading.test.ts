/**
 * Loading the runtime: from in-memory bytes (a browser build), and from an
 * esbuild bundle whose .wasm files and queries sit next to it (server/out/).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryAssets } from '../../server/src/syntax/assets.ts';
import { assetCandidates, nodeAssets } from '../../server/src/syntax/node-assets.ts';
import { QUERY_NAMES, loadSyntaxRuntime, syntaxRuntimeIfLoaded } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { REPO } from './helpers.ts';

const RUNTIME_WASM = join(REPO, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm');
const LANGUAGE_WASM = join(REPO, 'grammars', 'tree-sitter-c.wasm');
const QUERIES = join(REPO, 'grammars', 'queries');

const temp = mkdtempSync(join(tmpdir(), 'bpfls-load-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('runtime loading', () => {
  it('loads from in-memory assets without touching the file system (browser-style)', async () => {
    const files: Record<string, Uint8Array | string> = {
      'web-tree-sitter.wasm': readFileSync(RUNTIME_WASM),
      'tree-sitter-c.wasm': readFileSync(LANGUAGE_WASM),
    };
    for (const q of QUERY_NAMES) files[`queries/${q}.scm`] = readFileSync(join(QUERIES, `${q}.scm`), 'utf8');
    expect(syntaxRuntimeIfLoaded()).toBeUndefined();
    const rt = await loadSyntaxRuntime({ assets: memoryAssets(files) });
    expect(await loadSyntaxRuntime()).toBe(rt); // cached: init once
    expect(syntaxRuntimeIfLoaded()).toBe(rt);
    const doc = SyntaxDocument.parse(rt, 'SEC("xdp") int f(struct xdp_md *ctx) { return 2; }');
    expect(doc.tree.rootNode.hasError).toBe(false);
    doc.dispose();
  });

  it('searches next to the module first, then grammars/, then node_modules', () => {
    const out = join(temp, 'server', 'out');
    const c = assetCandidates('tree-sitter-c.wasm', { moduleDir: out });
    expect(c[0]).toBe(join(out, 'tree-sitter-c.wasm'));
    expect(c).toContain(join(temp, 'grammars', 'tree-sitter-c.wasm'));
    expect(c[c.length - 1]).toContain(join('node_modules', 'tree-sitter-c'));
    expect(assetCandidates('web-tree-sitter.wasm', { runtimeWasmPath: '/x/rt.wasm' })[0]).toBe('/x/rt.wasm');
  });

  it('finds the files from the TypeScript sources by default', async () => {
    const assets = nodeAssets();
    expect((await assets.read('tree-sitter-c.wasm'))?.length).toBe(readFileSync(LANGUAGE_WASM).length);
    expect(await assets.read('web-tree-sitter.wasm')).toBeDefined();
    expect(await assets.read('queries/calls.scm')).toBeDefined();
    expect(await assets.read('no-such-file.wasm')).toBeUndefined();
    expect(assets.describe?.('x.wasm')).toContain('looked in');
  });

  it('works from an esbuild bundle in server/out/ with the .wasm files copied next to it', async () => {
    const out = join(temp, 'server', 'out');
    mkdirSync(join(out, 'queries'), { recursive: true });
    copyFileSync(RUNTIME_WASM, join(out, 'web-tree-sitter.wasm'));
    copyFileSync(LANGUAGE_WASM, join(out, 'tree-sitter-c.wasm'));
    for (const f of readdirSync(QUERIES)) copyFileSync(join(QUERIES, f), join(out, 'queries', f));
    const entry = join(temp, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { loadSyntaxRuntime } from ${JSON.stringify(join(REPO, 'server/src/syntax/parser.ts'))};`,
        `import { SyntaxDocument } from ${JSON.stringify(join(REPO, 'server/src/syntax/syntax-document.ts'))};`,
        'const rt = await loadSyntaxRuntime();',
        'const doc = SyntaxDocument.parse(rt, \'int BPF_KPROBE(f, int a) { return a; } char L[] SEC("license") = "GPL";\');',
        'process.stdout.write(JSON.stringify({ error: doc.tree.rootNode.hasError, records: doc.records.length }));',
      ].join('\n'),
    );
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: join(out, 'probe.js'), logLevel: 'silent', nodePaths: [join(REPO, 'node_modules')] });
    // run from a directory with no grammars/ or node_modules: only server/out/ can supply the files
    const stdout = execFileSync(process.execPath, [join(out, 'probe.js')], { cwd: temp, encoding: 'utf8' });
    expect(JSON.parse(stdout)).toEqual({ error: false, records: 2 });
  });
});
