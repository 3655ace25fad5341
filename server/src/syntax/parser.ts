/**
 * Loads web-tree-sitter and the C grammar once per process and hands out the
 * shared parser, language and compiled queries.
 */
import { Language, Parser, Query, type Node, type QueryMatch, type Tree } from 'web-tree-sitter';
import { LANGUAGE_WASM, RUNTIME_WASM, type SyntaxAssets } from './assets.ts';
import type { NodeAssetOptions } from './node-assets.ts';

/** Query files in `grammars/queries/`, by name. */
export const QUERY_NAMES = ['functions', 'declarations', 'calls', 'field-accesses', 'structs', 'includes', 'macros', 'statements'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface SyntaxLoadOptions extends NodeAssetOptions {
  /** Where the files come from; defaults to the Node file system search of node-assets.ts. */
  assets?: SyntaxAssets;
}

export interface SyntaxRuntime {
  readonly language: Language;
  /** Shared parser for the C grammar (parsing is synchronous, so sharing is safe). */
  readonly parser: Parser;
  /** The compiled query `grammars/queries/<name>.scm`. */
  query(name: QueryName): Query;
  /**
   * Matches of several queries in one pass over `node` (one cursor walk
   * instead of one per query), grouped by query name.
   */
  matchMany(names: readonly QueryName[], node: Node): Map<QueryName, QueryMatch[]>;
  /** Parses text (already rewritten) into a new tree, reusing `old` if given. */
  parse(text: string, old?: Tree): Tree;
}

interface Composite {
  query: Query;
  /** Query name of each pattern index. */
  owner: QueryName[];
}

class LoadedRuntime implements SyntaxRuntime {
  private readonly composites = new Map<string, Composite>();

  constructor(
    readonly language: Language,
    readonly parser: Parser,
    private readonly queries: ReadonlyMap<QueryName, Query>,
    private readonly sources: ReadonlyMap<QueryName, string>,
  ) {}

  matchMany(names: readonly QueryName[], node: Node): Map<QueryName, QueryMatch[]> {
    const c = this.composite(names);
    const out = new Map<QueryName, QueryMatch[]>(names.map((n) => [n, []]));
    for (const m of c.query.matches(node)) out.get(c.owner[m.patternIndex])?.push(m);
    return out;
  }

  private composite(names: readonly QueryName[]): Composite {
    const key = names.join(',');
    let c = this.composites.get(key);
    if (!c) {
      const query = new Query(this.language, names.map((n) => this.sources.get(n) ?? '').join('\n'));
      // patterns are numbered in source order: give each the query whose text holds its start
      const enc = new TextEncoder();
      const ends: number[] = [];
      let offset = 0;
      for (const n of names) {
        offset += enc.encode(this.sources.get(n) ?? '').length + 1;
        ends.push(offset);
      }
      const owner: QueryName[] = [];
      for (let i = 0; i < query.patternCount(); i++) {
        const at = query.startIndexForPattern(i);
        owner.push(names[Math.max(0, ends.findIndex((e) => at < e))]);
      }
      c = { query, owner };
      this.composites.set(key, c);
    }
    return c;
  }

  query(name: QueryName): Query {
    const q = this.queries.get(name);
    if (!q) throw new Error(`unknown query "${name}"`);
    return q;
  }

  parse(text: string, old?: Tree): Tree {
    const tree = this.parser.parse(text, old ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}

let loading: Promise<SyntaxRuntime> | undefined;
let loaded: SyntaxRuntime | undefined;

async function defaultAssets(options: NodeAssetOptions): Promise<SyntaxAssets> {
  const { nodeAssets } = await import('./node-assets.ts');
  return nodeAssets(options);
}

async function need(assets: SyntaxAssets, name: string): Promise<Uint8Array> {
  const bytes = await assets.read(name);
  if (!bytes) throw new Error(`bpfls: cannot find ${assets.describe?.(name) ?? name}`);
  return bytes;
}

async function load(options: SyntaxLoadOptions): Promise<SyntaxRuntime> {
  const assets = options.assets ?? (await defaultAssets(options));
  const runtimeWasm = await need(assets, RUNTIME_WASM);
  await Parser.init({ wasmBinary: runtimeWasm });
  const language = await Language.load(await need(assets, LANGUAGE_WASM));
  const parser = new Parser();
  parser.setLanguage(language);
  const decoder = new TextDecoder();
  const queries = new Map<QueryName, Query>();
  const sources = new Map<QueryName, string>();
  for (const name of QUERY_NAMES) {
    const source = decoder.decode(await need(assets, `queries/${name}.scm`));
    sources.set(name, source);
    try {
      queries.set(name, new Query(language, source));
    } catch (e) {
      throw new Error(`bpfls: query ${name}.scm does not compile: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return new LoadedRuntime(language, parser, queries, sources);
}

/**
 * Initialises tree-sitter and loads the C grammar and queries. The first call
 * does the work (its options win); later calls return the same runtime.
 * Rejects if a file cannot be found; a later call then tries again.
 */
export function loadSyntaxRuntime(options: SyntaxLoadOptions = {}): Promise<SyntaxRuntime> {
  loading ??= load(options).then(
    (rt) => (loaded = rt),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** The runtime if `loadSyntaxRuntime()` has finished, else undefined. */
export function syntaxRuntimeIfLoaded(): SyntaxRuntime | undefined {
  return loaded;
}
