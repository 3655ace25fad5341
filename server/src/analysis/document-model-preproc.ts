/**
 * Preprocessor facts: #define macros and #include directives.
 */
import type { Node } from 'web-tree-sitter';
import { stringLiteralValue } from '../syntax/scanner.ts';
import type { ModelContext } from './document-model-context.ts';
import type { IncludeDirective, MacroDefinition } from './document-model-types.ts';

function capture(match: { captures: { name: string; node: Node }[] }, name: string): Node | undefined {
  return match.captures.find((c) => c.name === name)?.node;
}

/** Macro body without comments, for evaluation. */
export function macroBodyForEval(value: string): string {
  return value
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/\\\r?\n/g, ' ')
    .trim();
}

export function collectMacros(ctx: ModelContext): MacroDefinition[] {
  const out: MacroDefinition[] = [];
  for (const m of ctx.matches('macros')) {
    const def = capture(m, 'object_macro') ?? capture(m, 'function_macro');
    const name = capture(m, 'name');
    if (!def || !name) continue;
    const value = capture(m, 'value');
    const params = capture(m, 'params');
    const kind = capture(m, 'function_macro') ? 'function' : 'object';
    const valueText = value ? value.text.trim() : undefined;
    out.push({
      name: name.text,
      nameSpan: ctx.span(name),
      span: ctx.span(def),
      kind,
      ...(params ? { params: params.namedChildren.filter((p): p is Node => p !== null).map((p) => p.text).concat(params.children.some((c) => c?.type === '...') ? ['...'] : []) } : {}),
      ...(valueText !== undefined ? { value: valueText } : {}),
      ...(value ? { valueSpan: ctx.span(value) } : {}),
    });
    if (kind === 'object') ctx.defineMacro(name.text, macroBodyForEval(valueText ?? ''));
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

export function collectIncludes(ctx: ModelContext): IncludeDirective[] {
  const out: IncludeDirective[] = [];
  for (const m of ctx.matches('includes')) {
    const inc = capture(m, 'include');
    const path = capture(m, 'path');
    if (!inc || !path) continue;
    let p = path.text;
    let system = false;
    if (path.type === 'string_literal') p = stringLiteralValue(p);
    else if (path.type === 'system_lib_string') {
      system = true;
      p = p.replace(/^<|>$/g, '');
    }
    out.push({ path: p, system, span: ctx.span(inc), pathSpan: ctx.span(path) });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
