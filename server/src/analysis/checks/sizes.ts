/**
 * Values of size expressions as written in arguments: constants, macros,
 * `sizeof(local)`, `sizeof(struct x)` with the layouts this file allows.
 */
import type { Node } from 'web-tree-sitter';
import { evaluateConstant } from '../const-eval.ts';
import { objectMacros } from '../call-graph.ts';
import type { CheckContext } from './context.ts';
import { layoutOf } from './layouts.ts';
import { findLocal } from './locals.ts';

export function macroLookup(ctx: CheckContext): (name: string) => string | undefined {
  const macros = objectMacros(ctx.model);
  return (name) => macros.get(name);
}

/** Evaluates a size expression, knowing sizeof of locals and of the file's structs. */
export function sizeValue(ctx: CheckContext, fnNode: Node, text: string, at: number): number | undefined {
  const resolved = text.replace(/sizeof\s*\(\s*([^()]+?)\s*\)|sizeof\s+(\*?\s*[A-Za-z_]\w*)/g, (all, inParens: string | undefined, bare: string | undefined) => {
    const what = (inParens ?? bare ?? '').trim();
    if (/^[A-Za-z_]\w*$/.test(what)) {
      const local = findLocal(ctx.analysis.statements(), fnNode, what, at);
      if (local) {
        const l = local.isPointer ? { size: 8 } : layoutOf(local.type, ctx.model);
        return l ? String(l.size) : all;
      }
    }
    const l = layoutOf(what, ctx.model);
    return l ? String(l.size) : all;
  });
  return evaluateConstant(resolved, macroLookup(ctx));
}

