/**
 * Local variables of a function as the checks need them: declared type, whether
 * it is a pointer or an array, its initializer, and where it is declared. Read
 * from the tree (declarations in the body before a given offset, and parameters).
 */
import type { Node } from 'web-tree-sitter';
import { declaratorName, declaredTypeText, typeOfDeclarator } from '../../syntax/nodes.ts';
import type { CallSite } from '../document-model-types.ts';
import type { CheckContext } from './context.ts';
import type { StatementIndex } from '../statement-index.ts';

export interface LocalVar {
  name: string;
  /** Full type, e.g. "struct flow_key", "__u32 *", "char [16]". */
  type: string;
  isPointer: boolean;
  isArray: boolean;
  isParam: boolean;
  initializer?: Node;
  /** The declaration statement (for locals). */
  declaration?: Node;
}

export function functionNodeOf(ctx: CheckContext, call: CallSite): Node | null {
  const fn = ctx.model.functions.find((f) => f.name === call.inFunction && f.isDefinition);
  if (!fn) return null;
  let n: Node | null = ctx.analysis.syntax.tree.rootNode.descendantForIndex(call.span.start, call.span.end);
  while (n && n.type !== 'function_definition') n = n.parent;
  return n;
}

function walk(node: Node, visit: (n: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c) walk(c, visit);
  }
}

/** The variable `name` as visible at `offset` inside `fnNode` (the last declaration before it wins). */
export function findLocal(index: StatementIndex, fnNode: Node, name: string, offset: number): LocalVar | undefined {
  let found: LocalVar | undefined;
  const nameRe = new RegExp(`\\b${name}\\b`);
  const body = fnNode.childForFieldName('body');
  const bodyStart = body?.startIndex ?? fnNode.endIndex;
  for (const n of index.within('parameter', fnNode.startIndex, bodyStart)) {
    if (!nameRe.test(n.text)) continue;
    const d = n.childForFieldName('declarator');
    if (declaratorName(d)?.text !== name) continue;
    const type = typeOfDeclarator(declaredTypeText(n), d);
    found = { name, type, isPointer: type.includes('*'), isArray: /\[/.test(type), isParam: true };
  }
  if (!body) return found;
  for (const n of index.within('declaration', bodyStart, Math.min(offset, body.endIndex))) {
    if (!nameRe.test(n.text)) continue;
    for (const d of n.childrenForFieldName('declarator')) {
      if (!d || declaratorName(d)?.text !== name) continue;
      const type = typeOfDeclarator(declaredTypeText(n), d);
      found = {
        name,
        type,
        isPointer: type.includes('*'),
        isArray: /\[/.test(type),
        isParam: false,
        initializer: d.type === 'init_declarator' ? (d.childForFieldName('value') ?? undefined) : undefined,
        declaration: n,
      };
    }
  }
  return found;
}

/** Statements of `block` (a compound statement) at its top level, in order. */
export function topLevelStatements(block: Node): Node[] {
  return block.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

export { walk };
