/** Signature help for helper calls: the active parameter and its doc in the client's language. */
import { MarkupKind, type Position, type SignatureHelp } from 'vscode-languageserver/node';
import { helperSignature } from '../helpers/card.ts';
import { helperIndex } from '../helpers/database.ts';
import { tr } from '../helpers/locale.ts';
import { enclosingCall } from '../analysis/cursor-context.ts';
import type { FeatureContext } from './server.ts';

export function provideSignatureHelp(ctx: FeatureContext, position: Position): SignatureHelp | null {
  const offset = ctx.doc.text.offsetAt(position);
  const call = enclosingCall(ctx.doc.analysis.text, offset);
  if (!call) return null;
  const helper = helperIndex().helper(call.callee);
  if (!helper) return null;
  const label = helperSignature(helper);
  const open = label.indexOf('(') + 1;
  let cursor = open;
  const parameters = helper.params.map((p) => {
    const text = p.type.endsWith('*') ? `${p.type}${p.name}` : `${p.type} ${p.name}`;
    const start = label.indexOf(text, cursor);
    cursor = start + text.length;
    const flagLine = p.flags?.constants.length ? `\n\n${p.flags.constants.map((c) => `\`${c.name}\``).join(' · ')}` : '';
    return {
      label: [start, start + text.length] as [number, number],
      documentation: { kind: MarkupKind.Markdown, value: `${tr(p.doc, ctx.locale)}${flagLine}` },
    };
  });
  const active = helper.variadic ? Math.min(call.argIndex, parameters.length) : Math.min(call.argIndex, Math.max(0, parameters.length - 1));
  return {
    signatures: [
      {
        label,
        documentation: { kind: MarkupKind.Markdown, value: tr(helper.docs.summary, ctx.locale) },
        parameters,
        activeParameter: active,
      },
    ],
    activeSignature: 0,
    activeParameter: active,
  };
}
