/**
 * Real C syntax errors (ERROR and MISSING nodes left after the BPF rewrite)
 * as plain data with ranges in the user's text.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from './line-index.ts';

export interface SyntaxErrorInfo extends Span {
  /** 'missing': the parser inserted a token that is not there; 'unexpected': it skipped text. */
  kind: 'missing' | 'unexpected';
  /** e.g. "expected ';'", "unexpected token '}'". */
  message: string;
  /** For 'unexpected': the whole skipped region (the span itself is its first token). */
  context?: Span;
}

function nodeSpan(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > 30 ? `${t.slice(0, 27)}...` : t;
}

/** First leaf inside `n` that is not a comment (the token the parser could not place). */
function firstToken(n: Node): Node {
  let cur = n;
  for (;;) {
    let next: Node | null = null;
    for (let i = 0; i < cur.childCount; i++) {
      const c = cur.child(i);
      if (c && c.type !== 'comment') {
        next = c;
        break;
      }
    }
    if (!next) return cur;
    cur = next;
  }
}

function missingMessage(n: Node): string {
  const t = n.type;
  return /^[a-z_]+$/.test(t) ? `expected ${t.replace(/_/g, ' ')}` : `expected '${t}'`;
}

/**
 * ERROR and MISSING nodes of `tree`, outermost ERROR only, in document order.
 * Stops after `limit` errors. Pass the user's text as `source` so messages
 * quote it rather than the rewritten text the tree was parsed from.
 */
export function collectSyntaxErrors(tree: Tree, limit = 100, source?: string): SyntaxErrorInfo[] {
  return collectSyntaxErrorsUnder(tree.rootNode, limit, source);
}

/** Like collectSyntaxErrors, inside one node (the node itself included). */
export function collectSyntaxErrorsUnder(node: Node, limit = 100, source?: string): SyntaxErrorInfo[] {
  const out: SyntaxErrorInfo[] = [];
  if (!node.hasError) return out;
  const cursor = node.walk();
  try {
    while (out.length < limit) {
      const n = cursor.currentNode;
      let enter = n.hasError;
      if (n.isMissing) {
        out.push({ kind: 'missing', message: missingMessage(n), ...nodeSpan(n) });
        enter = false;
      } else if (n.isError) {
        const tok = firstToken(n);
        const text = source !== undefined ? source.slice(tok.startIndex, tok.endIndex) : tok.text;
        const message = text.trim() ? `unexpected token '${quote(text)}'` : 'unexpected token';
        out.push({ kind: 'unexpected', message, ...nodeSpan(tok), context: nodeSpan(n) });
        enter = false;
      }
      if (enter && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
      }
    }
  } finally {
    cursor.delete();
  }
  return out;
}

/** True when the tree has no ERROR or MISSING node. */
export function isErrorFree(tree: Tree): boolean {
  return !tree.rootNode.hasError;
}
