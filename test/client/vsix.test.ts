/**
 * The packaged extension: `node scripts/package-extension.mjs` builds a .vsix whose
 * contents are exactly what the installed extension runs (no node_modules), and the
 * server inside it starts on its own (copied out of the repository, so it cannot fall
 * back to the repository's grammars/) and answers a hover.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { ROOT } from '../support/paths.ts';

/** The entries of a zip file (stored or deflated), by name. */
function readZip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

let dir: string;
let files: Map<string, Buffer>;
let vsixSize = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpfls-vsix-'));
  const vsix = join(dir, 'bpfls.vsix');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package-extension.mjs'), '--skip-server-build', '--out', vsix], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`packaging failed:\n${r.stdout}\n${r.stderr}`);
  const buf = readFileSync(vsix);
  vsixSize = buf.length;
  files = readZip(buf);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the .vsix', () => {
  it('holds the extension, the server with its wasm files and queries, the grammar and the translations', () => {
    const names = [...files.keys()];
    for (const n of [
      'extension/package.json',
      'extension/package.nls.json',
      'extension/package.nls.zh-cn.json',
      'extension/l10n/bundle.l10n.zh-cn.json',
      'extension/out/extension.js',
      'extension/out/server/bpfls.cjs',
      'extension/out/server/web-tree-sitter.wasm',
      'extension/out/server/tree-sitter-c.wasm',
      'extension/out/server/queries/functions.scm',
      'extension/out/syntaxes/bpf-c.injection.tmLanguage.json',
    ]) {
      expect(names, n).toContain(n);
    }
    expect(names.some((n) => n.toLowerCase() === 'extension/readme.md')).toBe(true);
  });

  it('has no node_modules, sources, source maps or tests', () => {
    const bad = [...files.keys()].filter((n) => /node_modules|\/src\/|\.map$|\.ts$|tsconfig|\.vscodeignore/.test(n));
    expect(bad).toEqual([]);
    expect(vsixSize).toBeLessThan(5 * 1024 * 1024);
  });

  it('bundles the extension so that it needs only vscode and Node built-ins', () => {
    const js = files.get('extension/out/extension.js')!.toString('utf8');
    const required = new Set([...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const foreign = [...required].filter((m) => m !== 'vscode' && !builtins.has(m));
    expect(foreign).toEqual([]);
    expect(required.has('vscode')).toBe(true);
  });

  it('ships the same queries the server build uses', () => {
    for (const q of ['calls', 'declarations', 'field-accesses', 'functions', 'includes', 'macros', 'structs']) {
      const packaged = files.get(`extension/out/server/queries/${q}.scm`)?.toString('utf8');
      expect(packaged, q).toBe(readFileSync(join(ROOT, 'grammars', 'queries', `${q}.scm`), 'utf8'));
    }
  });
});

/** Copies the server out of the .vsix into `dir/installed/out/server/`; returns the bundle path. */
function installServer(): string {
  const install = join(dir, 'installed');
  for (const [name, data] of files) {
    if (!name.startsWith('extension/out/server/')) continue;
    const target = join(install, name.slice('extension/'.length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  return join(install, 'out', 'server', 'bpfls.cjs');
}

/** initialize, open a document, hover on a helper, shut down. */
async function hoverSession(conn: MessageConnection, proc: ChildProcess, stderr: string[]): Promise<void> {
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  try {
    const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
      serverInfo?: { name: string };
    };
    expect(init.serverInfo?.name).toBe('bpfls');
    await conn.sendNotification('initialized', {});
    const uri = pathToFileURL(join(dir, 'x.bpf.c')).href;
    const text = 'SEC("xdp")\nint f(struct xdp_md *ctx)\n{\n\treturn bpf_redirect(1, 0);\n}\n';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
    const hover = (await conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 10 },
    })) as { contents: { value: string } } | null;
    expect(hover?.contents.value, stderr.join('')).toContain('bpf_redirect(');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    proc.kill();
  }
}

describe('the server inside the .vsix, on its own', () => {
  it('starts over stdio from a directory outside the repository and answers a hover', async () => {
    const bundle = installServer();
    const proc = spawn(process.execPath, [bundle, '--stdio'], { cwd: dirname(bundle), stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    proc.stderr.on('data', (d) => stderr.push(String(d)));
    await hoverSession(createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin)), proc, stderr);
  });

  it('starts over Node IPC the way vscode-languageclient launches it (TransportKind.ipc)', async () => {
    const bundle = installServer();
    const proc = fork(bundle, ['--node-ipc', `--clientProcessId=${process.pid}`], { cwd: dirname(bundle), silent: true });
    const stderr: string[] = [];
    proc.stderr?.on('data', (d) => stderr.push(String(d)));
    await hoverSession(createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc)), proc, stderr);
  });
});
