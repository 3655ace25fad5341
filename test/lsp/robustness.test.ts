/** The server process survives bad input on its stdin and ends cleanly when the client goes away. */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BPFLS_BIN, ROOT } from '../support/paths.ts';

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function runServer(input: string) {
  return spawnSync(process.execPath, [BPFLS_BIN, '--stdio'], { cwd: ROOT, input, encoding: 'utf8', timeout: 20_000 });
}

describe('server robustness', () => {
  const init = frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));

  it('ends without a stack trace when an invalid message is followed by end of input', () => {
    const r = runServer(init + frame('xyz'));
    expect(r.status === 0 || r.status === 1).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('still answers a request when stdin ends right after it', () => {
    const r = runServer(init);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"capabilities"');
  });

  it('ends without a stack trace on a header with no body and on an empty stream', () => {
    for (const input of ['Content-Length: 50\r\n\r\n{"jsonrpc"', '', 'not a header at all\r\n\r\n']) {
      const r = runServer(input);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.signal).toBeNull();
    }
  });

  it('answers initialize, writes only JSON-RPC frames to stdout, and exits 0 after shutdown/exit', async () => {
    const proc = spawn(process.execPath, [BPFLS_BIN, '--stdio'], { cwd: ROOT });
    let out = '';
    const gotInit = new Promise<void>((resolve) => {
      proc.stdout.on('data', (d) => {
        out += String(d);
        if (/"id":1\b/.test(out)) resolve();
      });
    });
    proc.stdin.write(init);
    await gotInit;
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' })));
    proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
    expect(await exited).toBe(0);
    const frames = out.split(/Content-Length: \d+\r\n\r\n/).filter(Boolean);
    for (const f of frames) expect(() => JSON.parse(f)).not.toThrow();
    expect(frames.some((f) => JSON.parse(f).id === 1 && JSON.parse(f).result?.capabilities)).toBe(true);
  });
});
