/**
 * The memory flags the server runs with: the bin's shebang and the VS Code client
 * pass the same ones, and starting the bin as users do (`bpfls --stdio`) applies them.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptedServerFlags, SERVER_ENV, SERVER_NODE_FLAGS } from '../../client/src/server-flags.ts';
import { BPFLS_BIN as BIN } from '../support/paths.ts';

describe('server node flags', () => {
  it('are the same on the bin shebang and in the VS Code client', () => {
    const shebang = readFileSync(BIN, 'utf8').split('\n')[0];
    const env = Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v} `).join('');
    expect(shebang).toBe(`#!/usr/bin/env -S ${env}node ${SERVER_NODE_FLAGS.join(' ')}`);
  });

  it.runIf(process.platform === 'linux')('reach the node process when the bin is run directly', async () => {
    const proc = spawn(BIN, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      // env execs node with the flags: wait until the command line is node's
      let cmdline = '';
      for (let i = 0; i < 50 && !cmdline.includes('bpfls.js'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0').join(' ');
      }
      for (const f of SERVER_NODE_FLAGS) expect(cmdline).toContain(f);
      const environ = readFileSync(`/proc/${proc.pid}/environ`, 'utf8').split('\0');
      for (const [k, v] of Object.entries(SERVER_ENV)) expect(environ).toContain(`${k}=${v}`);
    } finally {
      proc.kill('SIGKILL');
    }
  });

  it('are all kept by a runtime that accepts them, and dropped by one that refuses them', async () => {
    expect(await acceptedServerFlags(process.execPath)).toEqual(SERVER_NODE_FLAGS);
    // node stops at a V8 flag it does not know (exit 9, "bad option")
    expect(await acceptedServerFlags(process.execPath, [...SERVER_NODE_FLAGS, '--no-such-v8-flag'])).toEqual([]);
    expect(await acceptedServerFlags('/bin/false')).toEqual([]);
    expect(await acceptedServerFlags('/nonexistent/node')).toEqual([]);
  });
});
