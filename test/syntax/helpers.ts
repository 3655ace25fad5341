/**
 * Shared helpers for the syntax tests: fixture discovery, parsing, tree
 * dumps, and check() for the `// expect-...:` comments written in fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, expect, vi } from 'vitest';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Tree } from 'web-tree-sitter';
import { buildDocumentModel, type DocumentModel } from '../../server/src/analysis/document-model.ts';
import { loadSyntaxRuntime, type SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'syntax');
export const EXAMPLES = join(REPO, 'examples');

export function runtime(): Promise<SyntaxRuntime> {
  return loadSyntaxRuntime();
}

/** `.c` / `.h` files directly in `dir`, sorted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .sort()
    .map((f) => join(dir, f));
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

export function parse(rt: SyntaxRuntime, text: string): { doc: SyntaxDocument; model: DocumentModel } {
  const doc = SyntaxDocument.parse(rt, text);
  return { doc, model: buildDocumentModel(doc) };
}

/** ERROR and MISSING nodes, described with 1-based line:column. */
export function errorNodes(tree: Tree): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.isError || n.isMissing) out.push(`${n.isMissing ? 'MISSING ' + n.type : 'ERROR'} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}`);
    if (!n.hasError) return;
    for (const c of n.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  return out;
}

/** Every node with type, field-less shape and exact position, for comparing trees. */
export function dumpTree(tree: Tree): string {
  const lines: string[] = [];
  const cursor = tree.walk();
  let depth = 0;
  for (;;) {
    const n = cursor.currentNode;
    lines.push(`${' '.repeat(depth)}${cursor.currentFieldName ?? ''}:${n.type}${n.isMissing ? '!' : ''} ${n.startIndex}-${n.endIndex} ${n.startPosition.row},${n.startPosition.column}`);
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return lines.join('\n');
      }
      depth--;
    }
  }
}

function kv(rest: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of rest.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) out.set(m[1], m[2] ?? m[3]);
  return out;
}

/**
 * Checks the `// expect-<what>: ...` comments of a fixture against its model;
 * returns the mismatches (empty when all hold).
 */
export function check(text: string, model: DocumentModel): string[] {
  const fails: string[] = [];
  const counts = { program: 0, map: 0 };
  for (const m of text.matchAll(/\/\/ expect-([a-z]+): (.*)$/gm)) {
    const [what, rest] = [m[1], m[2].trim()];
    const words = rest.split(/\s+/);
    const fail = (msg: string): void => void fails.push(`expect-${what}: ${rest} -> ${msg}`);
    switch (what) {
      case 'program': {
        counts.program++;
        const [name, type] = words;
        const context = words.slice(2).join(' ');
        const p = model.programs.find((x) => x.name === name);
        if (!p) fail('no such program');
        else if ((p.programType ?? '?') !== type) fail(`program type ${p.programType}`);
        else if ((p.context ?? '?') !== context) fail(`context ${p.context}`);
        break;
      }
      case 'map': {
        counts.map++;
        const [name, style, type] = words;
        const props = kv(words.slice(3).join(' '));
        const x = model.maps.find((y) => y.name === name);
        if (!x) {
          fail('no such map');
          break;
        }
        if (x.style !== style) fail(`style ${x.style}`);
        if (x.type?.text !== type) fail(`type ${x.type?.text}`);
        const want: Record<string, string | undefined> = {
          key: x.key?.text,
          value: x.value?.text,
          max_entries: x.maxEntries?.value?.toString(),
          key_size: x.keySize?.value?.toString(),
          value_size: x.valueSize?.value?.toString(),
          pinning: x.pinning?.text,
          inner: x.values?.text,
        };
        for (const [k, v] of props) if (want[k] !== v) fail(`${k} is ${want[k]}`);
        break;
      }
      case 'license':
        if (model.license?.value !== rest) fail(`license ${model.license?.value}`);
        break;
      case 'global': {
        const g = model.globals.find((x) => x.name === words[0]);
        if (!g) fail('no such global');
        else if (g.placement !== words[1]) fail(`placement ${g.placement}`);
        break;
      }
      case 'function': {
        const f = model.functions.find((x) => x.name === words[0] && x.isDefinition);
        if (!f) {
          fail('no such function');
          break;
        }
        const flags = new Set(words.slice(1));
        const have: Record<string, boolean> = {
          static: f.isStatic,
          inline: f.isInline,
          always_inline: f.alwaysInline,
          noinline: f.noinline,
          weak: f.weak,
          hidden: f.hidden,
          ksym: f.ksym,
        };
        for (const [k, v] of Object.entries(have)) if (v !== flags.has(k) && !(k === 'inline' && f.alwaysInline)) fail(`${k} is ${v}`);
        break;
      }
      case 'macro': {
        const d = model.macros.find((x) => x.name === words[0]);
        if (!d) fail('no such macro');
        else if (d.kind !== words[1]) fail(`kind ${d.kind}`);
        break;
      }
      case 'type':
        if (!model.types.some((t) => t.kind === words[0] && t.name === words[1])) fail('no such type');
        break;
      case 'include': {
        const inc = model.includes.find((x) => x.path === words[0]);
        if (!inc) fail('no such include');
        else if (inc.system !== (words[1] === 'system')) fail(`system ${inc.system}`);
        break;
      }
      case 'call':
        if (!model.calls.some((c) => c.callee === words[0])) fail('no such call');
        break;
      case 'error':
        break; // checked by the syntax-error tests
      default:
        fail('unknown expectation');
    }
  }
  if (counts.program > 0 && counts.program !== model.programs.length)
    fails.push(`expected ${counts.program} programs, found ${model.programs.length}: ${model.programs.map((p) => p.name).join(', ')}`);
  if (counts.map > 0 && counts.map !== model.maps.length) {
    const listed = new Set([...text.matchAll(/\/\/ expect-map: (\S+)/g)].map((x) => x[1]));
    const extra = model.maps.filter((x) => !listed.has(x.name)).map((x) => x.name);
    if (extra.length > 0 && !text.includes('// expect-extra-maps-ok')) fails.push(`maps without expectation: ${extra.join(', ')}`);
  }
  return fails;
}

/**
 * For a test file: loads the syntax runtime before its tests (read it through the
 * returned getter) and fails any test during which something was logged with
 * console.error (the model and checks log the exceptions they swallow).
 */
export function syntaxRuntimeWithoutErrors(): () => SyntaxRuntime {
  let rt: SyntaxRuntime | undefined;
  beforeAll(async () => {
    rt = await runtime();
  });
  const errors = vi.spyOn(console, 'error');
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled();
    errors.mockClear();
  });
  return () => {
    if (!rt) throw new Error('the syntax runtime is not loaded yet');
    return rt;
  };
}
