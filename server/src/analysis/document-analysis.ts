/**
 * One open document: its syntax (re-parsed incrementally on each edit) and the
 * document model, rebuilt lazily once per text version. Queries the editor
 * features need (the program at an offset, maps, names) live here as plain data.
 */
import { SyntaxDocument } from '../syntax/syntax-document.ts';
import { syntaxRuntimeIfLoaded } from '../syntax/parser.ts';
import type { DocumentModel, FunctionInfo, MapInfo, ProgramInfo } from './document-model-types.ts';
import { DocumentModelBuilder } from './document-model-builder.ts';
import type { SourceFiles } from './source-files.ts';
import { includeResolver } from './includes.ts';
import { StatementIndex } from './statement-index.ts';
import type { AnalysisDiagnostic } from './diagnostic.ts';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A map with its type name resolved (BPF_MAP_TYPE_*), when the file says it. */
export interface MapSummary {
  name: string;
  type?: string;
  info: MapInfo;
}

/** The path of a file: URI, without Node's URL helpers (so the core also runs in a browser). */
export function pathOfUri(uri: string): string | undefined {
  const m = /^file:\/\/(?:localhost)?(\/[^?#]*)/.exec(uri);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export class DocumentAnalysis {
  readonly syntax: SyntaxDocument;
  private cachedModel: { version: number; model: DocumentModel } | undefined;
  /** Reuses the model of unchanged top-level segments from one version to the next. */
  private readonly modelBuilder = new DocumentModelBuilder();
  private cachedStatements: { version: number; index: StatementIndex } | undefined;
  private cachedDiagnostics: { key: string; diagnostics: AnalysisDiagnostic[] } | undefined;
  /** Extra directories for `#include "..."` (from the settings). */
  includePaths: readonly string[] = [];

  constructor(
    readonly uri: string,
    text: string,
    readonly files: SourceFiles,
  ) {
    const runtime = syntaxRuntimeIfLoaded();
    if (!runtime) throw new Error('bpfls: the syntax runtime must be loaded before documents are analysed');
    this.syntax = SyntaxDocument.parse(runtime, text);
  }

  get text(): string {
    return this.syntax.text;
  }

  get version(): number {
    return this.syntax.version;
  }

  applyEdits(edits: TextEdit[], expectedText?: string): void {
    this.syntax.applyEdits(edits.map((e) => ({ start: e.start, end: e.end, text: e.newText })));
    if (expectedText !== undefined && expectedText !== this.syntax.text) {
      // Defensive: an editor and the server disagreeing on the text is unrecoverable by edits.
      this.syntax.applyEdits([{ text: expectedText }]);
    }
  }

  model(): DocumentModel {
    if (this.cachedModel?.version !== this.syntax.version) {
      this.cachedModel = { version: this.syntax.version, model: this.modelBuilder.build(this.syntax) };
    }
    return this.cachedModel.model;
  }

  /**
   * The diagnostics of the current version for the given options, computed once
   * (publishing and quick fixes ask for the same ones).
   */
  diagnostics(options: { locale: string; targetKernel?: string }, compute: () => AnalysisDiagnostic[]): AnalysisDiagnostic[] {
    const key = `${this.syntax.version}\0${options.locale}\0${options.targetKernel ?? ''}\0${this.includePaths.join('\0')}`;
    if (this.cachedDiagnostics?.key !== key) this.cachedDiagnostics = { key, diagnostics: compute() };
    return this.cachedDiagnostics.diagnostics;
  }

  /** Returns, declarations, parameters, assignments and ifs of the current tree, by range. */
  statements(): StatementIndex {
    if (this.cachedStatements?.version !== this.syntax.version) {
      this.cachedStatements = { version: this.syntax.version, index: new StatementIndex(this.syntax) };
    }
    return this.cachedStatements.index;
  }

  /** This file's model, then the models of the local headers it includes (depth-first). */
  visibleModels(): DocumentModel[] {
    const own = this.model();
    const path = pathOfUri(this.uri);
    if (!path || !own.includes.some((i) => !i.system)) return [own];
    const resolver = includeResolver(this.files, this.includePaths);
    return [own, ...(resolver?.includedFiles(path, own).map((f) => f.model) ?? [])];
  }

  /** The function (definition) whose text contains `offset`. */
  functionAt(offset: number): FunctionInfo | undefined {
    return this.model().functions.find((f) => f.isDefinition && f.span.start <= offset && offset <= f.span.end);
  }

  /** The BPF program (a function with a SEC) that encloses `offset`. */
  programAt(offset: number): ProgramInfo | undefined {
    const fn = this.functionAt(offset);
    return fn ? this.model().programs.find((p) => p.name === fn.name) : undefined;
  }

  /** Maps of this file and of the headers it includes. */
  maps(): MapSummary[] {
    return this.visibleModels().flatMap((model) => model.maps.map((m) => ({ name: m.name, type: mapTypeName(m), info: m })));
  }

  functionNames(): string[] {
    return [...new Set(this.visibleModels().flatMap((m) => m.functions.map((f) => f.name)))];
  }

  macroNames(): string[] {
    return [...new Set(this.visibleModels().flatMap((m) => m.macros.map((x) => x.name)))];
  }

  /**
   * The struct type of a variable visible at `offset` ("struct xdp_md"), from the
   * enclosing function's parameters, or a local declaration before the offset.
   */
  structTypeOf(variable: string, offset: number): string | undefined {
    const fn = this.functionAt(offset);
    if (fn) {
      for (const p of fn.params) if (p.name === variable) return structOf(p.type);
      const program = this.model().programs.find((p) => p.name === fn.name);
      if (program?.contextParam?.name === variable && program.context) return structOf(program.context);
      const body = this.text.slice(fn.span.start, offset);
      const re = new RegExp(`(struct\\s+\\w+)\\s*\\*\\s*(?:const\\s+)?${variable}\\b`, 'g');
      let last: string | undefined;
      for (const m of body.matchAll(re)) last = m[1];
      if (last) return structOf(last);
    }
    return undefined;
  }

  dispose(): void {
    this.syntax.dispose();
  }
}

function structOf(type: string): string | undefined {
  const m = /struct\s+(\w+)/.exec(type);
  return m ? `struct ${m[1]}` : undefined;
}

/** BPF_MAP_TYPE_* of a map: the type field's text when it names a map type. */
export function mapTypeName(m: MapInfo): string | undefined {
  const t = m.type?.text.trim();
  return t && /^BPF_MAP_TYPE_\w+$/.test(t) ? t : undefined;
}
