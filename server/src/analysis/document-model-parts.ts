/**
 * The three parts of the document model one segment contributes, each built by
 * one pass of DocumentModelBuilder: preprocessor facts, type definitions, then
 * declarations and bodies. Plain data only; never throws: half-typed code
 * yields a partial model.
 */
import type { Node } from 'web-tree-sitter';
import { functionDeclarator } from '../syntax/nodes.ts';
import { collectSyntaxErrorsUnder } from '../syntax/syntax-errors.ts';
import { collectCalls, collectFieldAccesses } from './document-model-calls.ts';
import type { ModelContext, FileItem } from './document-model-context.ts';
import { functionFromNode, functionsFromError, globalFromDeclarator, licenseFromDeclarator, programFromFunction } from './document-model-decls.ts';
import { btfMap, legacyMap, mapStyle } from './document-model-maps.ts';
import { collectIncludes, collectMacros } from './document-model-preproc.ts';
import type { DocumentModel } from './document-model-types.ts';
import { collectTypes } from './document-model-typedefs.ts';

export function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (e) {
    console.error(`bpfls: document model: ${e instanceof Error ? e.message : String(e)}`);
    return fallback;
  }
}

function declaration(ctx: ModelContext, item: FileItem, model: ItemsPart): void {
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

/** What one segment contributes from its declarations and bodies (pass 3 of the builder). */
export type ItemsPart = Pick<DocumentModel, 'programs' | 'maps' | 'globals' | 'functions' | 'calls' | 'fieldAccesses' | 'syntaxErrors' | 'license'>;

function fileItems(ctx: ModelContext, model: ItemsPart): void {
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

/** Pass 1: macros and includes (reads nothing outside the segment; defines macros). */
export function preprocessorPart(ctx: ModelContext): Pick<DocumentModel, 'macros' | 'includes'> {
  return { macros: safe(() => collectMacros(ctx), []), includes: safe(() => collectIncludes(ctx), []) };
}

/** Pass 2: type definitions (enum constants read and define macro values). */
export function typesPart(ctx: ModelContext): DocumentModel['types'] {
  return safe(() => collectTypes(ctx), []);
}

/** Pass 3: functions, programs, maps, globals, license, calls, field accesses, syntax errors. */
export function itemsPart(ctx: ModelContext, segmentNodes: readonly Node[]): ItemsPart {
  const part: ItemsPart = { programs: [], maps: [], globals: [], functions: [], calls: [], fieldAccesses: [], syntaxErrors: [] };
  fileItems(ctx, part);
  part.calls = safe(() => collectCalls(ctx), []);
  part.fieldAccesses = safe(() => collectFieldAccesses(ctx), []);
  part.syntaxErrors = safe(() => segmentNodes.flatMap((n) => collectSyntaxErrorsUnder(n, 100, ctx.doc.text)), []);
  return part;
}
