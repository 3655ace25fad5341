/**
 * The VS Code extension's manifest and translations: every contributed string has an
 * English and a Simplified Chinese entry, every runtime string (vscode.l10n.t) has a
 * Chinese translation with the same placeholders, and commands/settings/grammar agree
 * with the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

const CLIENT = join(ROOT, 'client');
const json = (p: string) => JSON.parse(readFileSync(join(CLIENT, p), 'utf8')) as Record<string, unknown>;
const pkg = json('package.json') as {
  publisher: string;
  main: string;
  l10n: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { default: unknown; markdownDescription?: string; description?: string }> };
    grammars: { scopeName: string; path: string; injectTo: string[] }[];
  };
  scripts: Record<string, string>;
};
const nlsEn = json('package.nls.json') as Record<string, string>;
const nlsZh = json('package.nls.zh-cn.json') as Record<string, string>;
const bundleZh = json('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
const extensionSrc = readFileSync(join(CLIENT, 'src', 'extension.ts'), 'utf8');
const formatSrc = readFileSync(join(CLIENT, 'src', 'format-run.ts'), 'utf8');

/** String literals passed to l10n.t( / t( (single-quoted, as the sources write them). */
function runtimeStrings(): string[] {
  const found = new Set<string>();
  for (const m of extensionSrc.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1].replace(/\\'/g, "'"));
  for (const m of formatSrc.matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1].replace(/\\'/g, "'"));
  return [...found];
}

const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();

describe('contributed strings (package.nls*.json)', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);

  it('has an English and a Chinese entry for every %key% in package.json', () => {
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      expect(nlsEn[k], `package.nls.json: ${k}`).toBeTruthy();
      expect(nlsZh[k], `package.nls.zh-cn.json: ${k}`).toBeTruthy();
    }
  });

  it('keeps both files to the same keys, all of them used', () => {
    expect(Object.keys(nlsZh).sort()).toEqual(Object.keys(nlsEn).sort());
    expect(Object.keys(nlsEn).sort()).toEqual([...new Set(keys)].sort());
  });

  it('translates into Chinese (not a copy of the English)', () => {
    const same = Object.keys(nlsEn).filter((k) => nlsEn[k] === nlsZh[k] && k !== 'displayName' && k !== 'configuration.title');
    expect(same).toEqual([]);
  });
});

describe('runtime strings (l10n/bundle.l10n.zh-cn.json)', () => {
  const strings = runtimeStrings();

  it('finds the runtime strings in the sources', () => {
    expect(strings.length).toBeGreaterThan(20);
  });

  it('translates every one, with the same placeholders', () => {
    for (const s of strings) {
      expect(bundleZh[s], `missing translation: ${s}`).toBeTruthy();
      expect(placeholders(bundleZh[s]), s).toEqual(placeholders(s));
    }
  });

  it('has no stale entries', () => {
    expect(Object.keys(bundleZh).filter((k) => !strings.includes(k))).toEqual([]);
  });

  it('loads with @vscode/l10n and fills placeholders', () => {
    l10n.config({ contents: bundleZh });
    expect(l10n.t('since {0}', '4.8')).toBe('自 4.8 起');
    expect(l10n.t('Running {0} failed: {1}', 'xdp_main', 'boom')).toBe('运行 xdp_main 失败：boom');
  });
});

describe('manifest', () => {
  it('has the publisher, the entry point and the l10n folder', () => {
    expect(pkg.publisher).toBe('bpfls');
    expect(pkg.main).toBe('./out/extension.js');
    expect(pkg.l10n).toBe('./l10n');
    expect(pkg.scripts.package).toContain('package-extension.mjs');
  });

  it('contributes the three commands, each registered by the extension', () => {
    const ids = pkg.contributes.commands.map((c) => c.command).sort();
    expect(ids).toEqual(['bpfls.restartServer', 'bpfls.runProgram', 'bpfls.showHelperDocs']);
    for (const id of ids) expect(extensionSrc).toContain(`registerCommand('${id}'`);
    for (const c of pkg.contributes.commands) expect(c.category).toBe('BPF');
  });

  it('contributes the settings the server reads, with descriptions and defaults', () => {
    const props = pkg.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual([
      'bpfls.docsLanguage',
      'bpfls.enable',
      'bpfls.includePaths',
      'bpfls.targetKernel',
      'bpfls.trace.server',
    ]);
    for (const p of Object.values(props)) expect(p.markdownDescription ?? p.description).toBeTruthy();
    expect(props['bpfls.enable'].default).toBe('auto');
    expect(props['bpfls.docsLanguage'].default).toBe('auto');
    expect(props['bpfls.targetKernel'].default).toBe('');
    expect(props['bpfls.includePaths'].default).toEqual([]);
    expect(props['bpfls.trace.server'].default).toBe('off');
  });

  it('injects the BPF grammar into source.c', () => {
    const [g] = pkg.contributes.grammars;
    expect(g.injectTo).toEqual(['source.c']);
    const grammar = JSON.parse(readFileSync(join(ROOT, 'grammars', 'bpf-c.injection.tmLanguage.json'), 'utf8')) as { scopeName: string };
    expect(g.scopeName).toBe(grammar.scopeName);
    expect(g.path).toBe('./out/syntaxes/bpf-c.injection.tmLanguage.json');
  });

  it('activates on C files and BPF workspaces, not on everything', () => {
    expect(pkg.activationEvents).toContain('onLanguage:c');
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents.some((e) => e.includes('*.bpf.c'))).toBe(true);
  });
});
