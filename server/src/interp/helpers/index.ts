/** All helper implementations (importing the modules registers them). */
import './map-helpers.ts';
import './misc-helpers.ts';
import './skb-helpers.ts';
import './skb-layout-helpers.ts';
import './xdp-helpers.ts';
import './redirect-helpers.ts';
import './fib-helpers.ts';
import './event-helpers.ts';
import { HELPERS, type HelperImpl } from './registry.ts';

export { ProgramExit, TailCall, type HelperCall, type HelperImpl } from './registry.ts';
export type { RunEnv, SkbState, Route, Interface, RedirectInfo, CapturedEvent, RunnableType } from './env.ts';

export function helperImpl(name: string): HelperImpl | undefined {
  return HELPERS.get(name);
}

/** Names of the helpers the interpreter models. */
export function modelledHelpers(): string[] {
  return [...HELPERS.keys()].sort();
}
