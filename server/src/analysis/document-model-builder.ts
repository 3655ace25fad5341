/**
 * Builds the document model segment by segment (document-model-segments.ts) and
 * keeps each segment's result for the next version of the text. A segment whose
 * text is unchanged is reused when everything it read from outside itself (macro
 * values, struct bodies) still reads the same; its offsets and positions are
 * moved to where the segment now starts. Typing inside one function rebuilds
 * that function's segment only.
 *
 * Three passes, in the order the whole-file model needs them:
 *   1. macros and includes (they define the object-like macro values);
 *   2. type definitions (enum constants read macro values and define more);
 *   3. declarations and bodies (map sizes read the final values).
 *
 * Invariant: the result equals a build from scratch of the same text.
 * Invariant: a model's objects stay valid until the next build of the same
 * builder, which may move reused objects in place.
 */
import type { Node } from 'web-tree-sitter';
import type { SyntaxDocument } from '../syntax/syntax-document.ts';
import { collectFileItems, collectFileItemsOf, ModelContext, type FileItem, type ModelEnvironment } from './document-model-context.ts';
import { itemsPart, preprocessorPart, typesPart, type ItemsPart } from './document-model-parts.ts';
import { collectMovables, moveMovables, type Movables } from './document-model-move.ts';
import { detached } from '../syntax/strings.ts';
import { segmentsOf, type Segment } from './document-model-segments.ts';
import type { DocumentModel } from './document-model-types.ts';
import { declarationsText, hashText, rememberDeclarationsKey } from './function-results.ts';

export interface DocumentModelOptions {
  /** Values of object-like macros defined elsewhere (included headers), for evaluating sizes. */
  macroLookup?: (name: string) => string | undefined;
}

/** Something a part read from outside its segment, with what it got. */
type Read = { macro: string; value: string | undefined } | { struct: string; at: string | undefined };

interface Part<T> {
  data: T;
  reads: Read[];
  /** Macro values the part defined, in order (replayed when it is reused). */
  defines: [string, string][];
  /** Its spans (found when it is built; its strings are detached then too). */
  movables?: Movables;
}

interface Fragment {
  /** The segment's text, and what the rewrite made of it. */
  key: string;
  rewritten: string;
  /** Hash of the segment's declarations text (function bodies left out), once asked for. */
  declarations?: string;
  /** Offset where the segment starts. */
  origin: number;
  pre: Part<Pick<DocumentModel, 'macros' | 'includes'>>;
  types: Part<DocumentModel['types']>;
  items: Part<ItemsPart>;
}

/** Macro table and struct bodies of one build, recording what the current part reads. */
class BuildEnvironment implements ModelEnvironment {
  readonly table = new Map<string, string>();
  recording: Part<unknown> | undefined;
  /** Where the segment being built or checked starts (struct reads are relative to it). */
  origin = 0;
  private structs: Map<string, Node> | undefined;

  constructor(
    private readonly doc: SyntaxDocument,
    private readonly extra: ((name: string) => string | undefined) | undefined,
  ) {}

  private value(name: string): string | undefined {
    return this.table.get(name) ?? this.extra?.(name);
  }

  macro(name: string): string | undefined {
    const value = this.value(name);
    this.recording?.reads.push({ macro: detached(name), value: value === undefined ? undefined : detached(value) });
    return value;
  }

  defineMacro(name: string, value: string): void {
    this.recording?.defines.push([detached(name), detached(value)]);
    if (!this.table.has(name)) this.table.set(name, value);
  }

  private structAt(name: string): { node: Node | undefined; at: string | undefined } {
    this.structs ??= structBodies(collectFileItems(this.doc.tree.rootNode, this.doc.rewrittenText));
    const node = this.structs.get(name);
    if (!node) return { node, at: undefined };
    // what, and where relative to the reading segment: its spans into the body move with it
    const at = `${node.startIndex - this.origin}:${this.doc.slice(node.startIndex, node.endIndex)}`;
    return { node, at };
  }

  structBody(name: string): Node | undefined {
    const { node, at } = this.structAt(name);
    this.recording?.reads.push({ struct: detached(name), at: at === undefined ? undefined : detached(at) });
    return node;
  }

  stillReads(reads: readonly Read[]): boolean {
    return reads.every((r) => ('macro' in r ? this.value(r.macro) === r.value : this.structAt(r.struct).at === r.at));
  }

  replay(defines: readonly [string, string][]): void {
    for (const [name, value] of defines) if (!this.table.has(name)) this.table.set(name, value);
  }

  record<T>(build: () => T): Part<T> {
    const part: Part<unknown> = { data: undefined, reads: [], defines: [] };
    this.recording = part;
    try {
      part.data = build();
      part.movables = collectMovables([part.data]);
    } finally {
      this.recording = undefined;
    }
    return part as Part<T>;
  }
}

/** Named struct definitions with a body among file items (the first one of a name wins). */
function structBodies(items: readonly FileItem[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const item of items) {
    for (const c of [item.node, item.node.childForFieldName('type')]) {
      if (!c || c.type !== 'struct_specifier') continue;
      const name = c.childForFieldName('name')?.text;
      const body = c.childForFieldName('body');
      if (name && body && !out.has(name)) out.set(name, body);
    }
  }
  return out;
}

export class DocumentModelBuilder {
  /** Fragments of the previous build by key (several when segments have equal text). */
  private previous = new Map<string, Fragment[]>();

  build(doc: SyntaxDocument, options: DocumentModelOptions = {}): DocumentModel {
    const env = new BuildEnvironment(doc, options.macroLookup);
    const segments = segmentsOf(doc.tree.rootNode, doc.text.length);
    const contexts = new Map<Segment, ModelContext>();
    const contextOf = (s: Segment): ModelContext => {
      let c = contexts.get(s);
      if (!c) {
        const scope = { start: s.start, end: s.end, nodes: s.nodes, items: collectFileItemsOf(s.nodes, s.start, doc.rewrittenText) };
        c = new ModelContext(doc, doc.runtime, env, scope);
        contexts.set(s, c);
      }
      return c;
    };
    const keys = segments.map((s) => doc.slice(s.start, s.end));
    const rewritten = segments.map((s) => doc.rewrittenText.slice(s.start, s.end));
    const reusable = segments.map((_s, i) => this.take(keys[i], rewritten[i]));

    const pre = segments.map((s, i) => {
      const old = reusable[i];
      if (old) {
        env.replay(old.pre.defines);
        return old.pre;
      }
      return env.record(() => preprocessorPart(contextOf(s)));
    });
    const types = segments.map((s, i) => {
      const old = reusable[i];
      if (old && env.stillReads(old.types.reads)) {
        env.replay(old.types.defines);
        return old.types;
      }
      return env.record(() => typesPart(contextOf(s)));
    });
    const items = segments.map((s, i) => {
      env.origin = s.start;
      const old = reusable[i];
      if (old && env.stillReads(old.items.reads)) return old.items;
      return env.record(() => itemsPart(contextOf(s), s.nodes));
    });

    const next = new Map<string, Fragment[]>();
    const model: DocumentModel = { programs: [], maps: [], globals: [], functions: [], macros: [], types: [], includes: [], calls: [], fieldAccesses: [], syntaxErrors: [] };
    const fragments: Fragment[] = [];
    segments.forEach((s, i) => {
      const origin = s.start;
      const old = reusable[i];
      // keys are slices of this version's texts: a reused fragment must not keep an old version's alive
      const fragment: Fragment = { key: keys[i], rewritten: rewritten[i], origin, pre: pre[i], types: types[i], items: items[i] };
      if (old) {
        // the parts taken over still hold the old origin's offsets: move them
        for (const p of [pre[i], types[i], items[i]] as Part<unknown>[]) {
          if (p !== old.pre && p !== old.types && p !== old.items) continue;
          p.movables ??= collectMovables([p.data]);
          moveMovables(p.movables, origin - old.origin);
        }
      }
      if (old?.declarations !== undefined) fragment.declarations = old.declarations; // same text, same declarations
      const list = next.get(fragment.key);
      if (list) list.push(fragment);
      else next.set(fragment.key, [fragment]);
      append(model, fragment);
      fragments.push(fragment);
    });
    model.syntaxErrors = model.syntaxErrors.slice(0, 100);
    this.previous = next;
    const pieces = segments.map((s, i) => {
      const f = fragments[i];
      f.declarations ??= hashText(declarationsText(doc.text, s.start, s.end, f.items.data.functions));
      return f.declarations;
    });
    rememberDeclarationsKey(model, doc.text, hashText(pieces.join('\n')));
    return model;
  }

  private take(key: string, rewritten: string): Fragment | undefined {
    const list = this.previous.get(key);
    const i = list ? list.findIndex((f) => f.rewritten === rewritten) : -1;
    return i >= 0 ? list!.splice(i, 1)[0] : undefined;
  }
}

function append(model: DocumentModel, f: Fragment): void {
  model.macros.push(...f.pre.data.macros);
  model.includes.push(...f.pre.data.includes);
  model.types.push(...f.types.data);
  const it = f.items.data;
  model.programs.push(...it.programs);
  model.maps.push(...it.maps);
  model.globals.push(...it.globals);
  model.functions.push(...it.functions);
  model.calls.push(...it.calls);
  model.fieldAccesses.push(...it.fieldAccesses);
  model.syntaxErrors.push(...it.syntaxErrors);
  if (it.license && !model.license) model.license = it.license;
}
