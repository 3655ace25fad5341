/** bpfls/runProgram and bpfls/packetCatalogue over LSP: the interpreter behind the editor's "Run" command. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketCatalogueResponse, RunProgramResult } from '../../client/src/protocol.ts';
import { LspTestClient } from '../support/lsp-client.ts';
import { ROOT } from '../support/paths.ts';

let client: LspTestClient;
beforeAll(async () => {
  client = await LspTestClient.start({ locale: 'en' });
});
afterAll(async () => {
  await client?.stop();
});

describe('bpfls/runProgram', () => {
  it('runs the open program on a catalogue packet and returns the CLI JSON', async () => {
    const { uri } = await client.openFile(join(ROOT, 'examples/xdp_icmp_echo.bpf.c'));
    const r = await client.request<RunProgramResult>('bpfls/runProgram', { uri, packet: 'builtin:ipv4-icmp-echo' });
    expect(r.action).toBe('XDP_TX');
    expect(r.retval).toBe(3);
    expect(r.fault).toBeNull();
    expect(r.packetHex).toMatch(/^[0-9a-f]+$/);
    expect(Object.keys(r.maps)).toContain('replies');
  });

  it('answers a clear error for an unknown packet', async () => {
    const { uri } = await client.openFile(join(ROOT, 'examples/xdp_drop_udp.bpf.c'));
    await expect(client.request('bpfls/runProgram', { uri, packet: 'builtin:no-such-packet' })).rejects.toThrow(/no-such-packet|unknown/);
  });

  it('lists the packet catalogue', async () => {
    const list = await client.request<PacketCatalogueResponse>('bpfls/packetCatalogue', {});
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['ipv4-tcp-syn', 'ipv6-udp', 'vlan-ipv4-udp']));
  });
});
