/**
 * The custom requests the VS Code extension uses (client/src/protocol.ts), answered by
 * the built server over JSON-RPC: bpfls/helperDoc, bpfls/helperList, bpfls/programAt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HELPER_DOC_METHOD,
  HELPER_LIST_METHOD,
  PROGRAM_AT_METHOD,
  type HelperDocResponse,
  type HelperListItem,
  type ProgramAtResponse,
} from '../../client/src/protocol.ts';
import { LspTestClient } from '../support/lsp-client.ts';
import { ROOT } from '../support/paths.ts';

const file = join(ROOT, 'test', 'fixtures', 'editors', 'xdp_hover.bpf.c');
const text = readFileSync(file, 'utf8');
const uri = pathToFileURL(file).href;
const lines = text.split('\n');
const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

let client: LspTestClient;

beforeAll(async () => {
  client = await LspTestClient.start({ locale: 'en' });
  await client.open(uri, text);
});

afterAll(async () => {
  await client?.stop();
});

describe('bpfls/helperDoc', () => {
  it('returns the card as Markdown, by full name, short name or id', async () => {
    const full = await client.request<HelperDocResponse>(HELPER_DOC_METHOD, { name: 'bpf_xdp_adjust_head' });
    expect(full?.name).toBe('bpf_xdp_adjust_head');
    expect(full?.locale).toBe('en');
    expect(full?.markdown).toContain('```c\nlong bpf_xdp_adjust_head(');
    const short = await client.request<HelperDocResponse>(HELPER_DOC_METHOD, { name: 'xdp_adjust_head' });
    expect(short?.id).toBe(full?.id);
    const byId = await client.request<HelperDocResponse>(HELPER_DOC_METHOD, { name: String(full?.id) });
    expect(byId?.name).toBe('bpf_xdp_adjust_head');
  });

  it('follows the requested language', async () => {
    const zh = await client.request<HelperDocResponse>(HELPER_DOC_METHOD, { name: 'bpf_map_lookup_elem', locale: 'zh-CN' });
    expect(zh?.locale).toBe('zh-CN');
    expect(zh?.markdown).toMatch(/[\u4e00-\u9fff]/);
  });

  it('returns null for an unknown helper', async () => {
    expect(await client.request<HelperDocResponse>(HELPER_DOC_METHOD, { name: 'bpf_no_such_helper' })).toBeNull();
  });
});

describe('bpfls/helperList', () => {
  it('lists all 211 helpers with summaries', async () => {
    const list = await client.request<HelperListItem[]>(HELPER_LIST_METHOD, { locale: 'en' });
    expect(list).toHaveLength(211);
    const h = list.find((x) => x.name === 'bpf_redirect');
    expect(h?.summary).toBeTruthy();
    expect(typeof h?.gplOnly).toBe('boolean');
  });
});

describe('bpfls/programAt', () => {
  it('gives the program type and context of the function under the cursor', async () => {
    const line = lineOf('HOVER-TARGET');
    const p = await client.request<ProgramAtResponse>(PROGRAM_AT_METHOD, { uri, position: { line, character: 4 } });
    expect(p).toMatchObject({ name: 'xdp_strip_tag', section: 'xdp', programType: 'xdp' });
    expect(p?.context).toMatch(/struct xdp_md/);
    expect(p?.range.start.line).toBe(lineOf('int xdp_strip_tag'));
  });

  it('is null outside a program and for unknown documents', async () => {
    expect(await client.request<ProgramAtResponse>(PROGRAM_AT_METHOD, { uri, position: { line: lineOf('LICENSE'), character: 2 } })).toBeNull();
    expect(await client.request<ProgramAtResponse>(PROGRAM_AT_METHOD, { uri: 'file:///nope.bpf.c', position: { line: 0, character: 0 } })).toBeNull();
  });
});
