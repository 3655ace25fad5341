/**
 * Builds the per-file document model (programs, maps, license, globals,
 * functions, macros, types, includes, calls) from a parsed SyntaxDocument.
 * Plain data only; never throws: half-typed code yields a partial model.
 */
import type { Node } from 'web-tree-sitter';
import { functionDeclarator } from '../syntax/nodes.ts';
import type { SyntaxDocument } from '../syntax/syntax-document.ts';
import { collectSyntaxErrors } from '../syntax/syntax-errors.ts';
import { collectCalls, collectFieldAccesses } from './document-model-calls.ts';
import { ModelContext, type FileItem } from './document-model-context.ts';
import { functionFromNode, functionsFromError, globalFromDeclarator, licenseFromDeclarator, programFromFunction } from './document-model-decls.ts';
import { btfMap, legacyMap, mapStyle } from './document-model-maps.ts';
import { collectIncludes, collectMacros } from './document-model-preproc.ts';
import type { DocumentModel } from './document-model-types.ts';
import { collectTypes } from './document-model-typedefs.ts';

export type * from './document-model-types.ts';

export interface DocumentModelOptions {
  /** Values of object-like macros defined elsewhere (included headers), for evaluating sizes. */
  macroLookup?: (name: string) => string | undefined;
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    console.error(`bpfls: document model: ${e instanceof Error ? e.message : String(e)}`);
    return fallback;
  }
}

function declaration(ctx: ModelContext, item: FileItem, model: DocumentModel): void {
  const node = item.node;
  const declarators = node.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
  if (declarators.length > 0 && functionDeclarator(declarators[0])) {
    const fn = functionFromNode(ctx, node, ctx.headRecords(node, item.headStart, item.end));
    if (fn) model.functions.push(fn);
    return;
  }
  const perDeclarator = ctx.declaratorRecords(item, declarators);
  declarators.forEach((d, i) => {
    const records = perDeclarator[i] ?? [];
    const section = ctx.summarize(records).section;
    if (section?.name === 'license') {
      const lic = licenseFromDeclarator(ctx, node, d);
      if (lic && !model.license) model.license = lic;
      return;
    }
    const style = mapStyle(node, section?.name);
    const map = style === 'btf' ? btfMap(ctx, node, d, section) : style === 'legacy' ? legacyMap(ctx, node, d, section) : undefined;
    if (map) {
      model.maps.push(map);
      return;
    }
    const g = globalFromDeclarator(ctx, node, d, records);
    if (g) model.globals.push(g);
  });
}

function fileItems(ctx: ModelContext, model: DocumentModel): void {
  for (const item of ctx.items) {
    safe(() => {
      const node = item.node;
      if (node.type === 'function_definition') {
        const fn = functionFromNode(ctx, node, ctx.headRecords(node, item.headStart, item.end));
        if (!fn) return;
        model.functions.push(fn);
        const prog = programFromFunction(fn);
        if (prog) model.programs.push(prog);
      } else if (node.type === 'declaration') declaration(ctx, item, model);
      else if (node.type === 'ERROR') {
        for (const fn of functionsFromError(ctx, item)) {
          model.functions.push(fn);
          const prog = programFromFunction(fn);
          if (prog) model.programs.push(prog);
        }
      }
    }, undefined);
  }
}

/** The document model of one file. */
export function buildDocumentModel(doc: SyntaxDocument, options: DocumentModelOptions = {}): DocumentModel {
  const model: DocumentModel = {
    programs: [],
    maps: [],
    globals: [],
    functions: [],
    macros: [],
    types: [],
    includes: [],
    calls: [],
    fieldAccesses: [],
    syntaxErrors: [],
  };
  const ctx = safe(() => new ModelContext(doc, doc.runtime, options.macroLookup), undefined);
  if (!ctx) return model;
  model.macros = safe(() => collectMacros(ctx), []);
  model.includes = safe(() => collectIncludes(ctx), []);
  model.types = safe(() => collectTypes(ctx), []); // before the maps: enum constants size them
  fileItems(ctx, model);
  model.calls = safe(() => collectCalls(ctx), []);
  model.fieldAccesses = safe(() => collectFieldAccesses(ctx), []);
  model.syntaxErrors = safe(() => collectSyntaxErrors(doc.tree, 100, doc.text), []);
  return model;
}
