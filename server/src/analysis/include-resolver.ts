/**
 * Resolves `#include` directives through an injected file system and include
 * paths, and builds (lazily, cached by path and text) the document models of
 * the files reached, so later layers can see their macros, types, functions
 * and maps. Cycles and depth are guarded; nothing here throws.
 */
import type { SyntaxRuntime } from '../syntax/parser.ts';
import { SyntaxDocument } from '../syntax/syntax-document.ts';
import { macroBodyForEval } from './document-model-preproc.ts';
import type { DocumentModel, IncludeDirective } from './document-model-types.ts';
import { buildDocumentModel } from './document-model.ts';
import type { SourceFiles } from './source-files.ts';

export interface IncludeResolverOptions {
  /** Directories searched after the including file's own (for `"..."`) — like `-I`. */
  includePaths?: readonly string[];
  /** Also resolve `<...>` includes against `includePaths` (off by default: system headers are large). */
  resolveSystem?: boolean;
  /** How deep to follow includes (default 16). */
  maxDepth?: number;
}

export interface IncludedFile {
  path: string;
  model: DocumentModel;
  /** The file's text (the model's spans are offsets into it). */
  text: string;
  /** The chain of files that led here, from the root file's first include. */
  via: string[];
}

/** POSIX-style path helpers (backslashes read as slashes), usable without node:path. */
export function normalizePath(path: string): string {
  const p = path.replace(/\\/g, '/');
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function dirname(path: string): string {
  const p = normalizePath(path);
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}

export function joinPath(dir: string, rel: string): string {
  const r = rel.replace(/\\/g, '/');
  return normalizePath(r.startsWith('/') ? r : `${dir}/${r}`);
}

export class IncludeResolver {
  private readonly cache = new Map<string, { text: string; model: DocumentModel }>();
  private readonly includePaths: readonly string[];

  constructor(
    private readonly files: SourceFiles,
    private readonly runtime: SyntaxRuntime,
    private readonly options: IncludeResolverOptions = {},
  ) {
    this.includePaths = (options.includePaths ?? []).map(normalizePath);
  }

  /** Where `include` (written in `fromPath`) points, or undefined when no such file can be read. */
  resolve(fromPath: string, include: IncludeDirective): string | undefined {
    if (include.system && !this.options.resolveSystem) return undefined;
    const dirs = include.system ? this.includePaths : [dirname(fromPath), ...this.includePaths];
    for (const dir of dirs) {
      const candidate = joinPath(dir, include.path);
      if (this.read(candidate) !== undefined) return candidate;
    }
    return undefined;
  }

  /** The model of a file, parsed on first use and re-parsed when its text changes. */
  modelOf(path: string): DocumentModel | undefined {
    return this.fileOf(path)?.model;
  }

  /** A file's text and model, parsed on first use and re-parsed when its text changes. */
  private fileOf(path: string): { text: string; model: DocumentModel } | undefined {
    const p = normalizePath(path);
    const text = this.read(p);
    if (text === undefined) return undefined;
    const hit = this.cache.get(p);
    if (hit && hit.text === text) return hit;
    try {
      const doc = SyntaxDocument.parse(this.runtime, text);
      try {
        const entry = { text, model: buildDocumentModel(doc) };
        this.cache.set(p, entry);
        return entry;
      } finally {
        doc.dispose();
      }
    } catch (e) {
      console.error(`bpfls: cannot parse ${p}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /**
   * Files reached through includes from `rootPath` (whose model is `rootModel`),
   * depth-first in include order, each file once, the root itself excluded.
   */
  includedFiles(rootPath: string, rootModel: DocumentModel): IncludedFile[] {
    const out: IncludedFile[] = [];
    const root = normalizePath(rootPath);
    const seen = new Set<string>([root]);
    const maxDepth = this.options.maxDepth ?? 16;
    const visit = (from: string, model: DocumentModel, via: string[]): void => {
      if (via.length >= maxDepth) return;
      for (const inc of model.includes) {
        const target = this.resolve(from, inc);
        if (!target || seen.has(target)) continue;
        seen.add(target);
        const f = this.fileOf(target);
        if (!f) continue;
        out.push({ path: target, model: f.model, text: f.text, via });
        visit(target, f.model, [...via, target]);
      }
    };
    visit(root, rootModel, []);
    return out;
  }

  /** Object-like macro values from the included files (first definition wins), for buildDocumentModel. */
  macroLookup(rootPath: string, rootModel: DocumentModel): (name: string) => string | undefined {
    const values = new Map<string, string>();
    for (const f of this.includedFiles(rootPath, rootModel)) {
      for (const m of f.model.macros) if (m.kind === 'object' && !values.has(m.name)) values.set(m.name, macroBodyForEval(m.value ?? ''));
    }
    return (name) => values.get(name);
  }

  /** Drops cached models (all, or one path). */
  invalidate(path?: string): void {
    if (path === undefined) this.cache.clear();
    else this.cache.delete(normalizePath(path));
  }

  private read(path: string): string | undefined {
    try {
      return this.files.read(path);
    } catch {
      return undefined;
    }
  }
}
