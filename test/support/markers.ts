/**
 * Inline expectations in fixture files. A marker line is a comment whose caret(s)
 * point at the line above it (the nearest line that is not itself a marker):
 *
 *     void *v = bpf_map_lookup_elem(&counts, &key);
 *     //        ^ hover: bpf_map_lookup_elem
 *
 * gives { kind: 'hover', text: 'bpf_map_lookup_elem', line, character, length: 1 }.
 * Several carets (^^^^) give a length. Lines and characters are 0-based (LSP).
 */
export interface Marker {
  kind: string;
  text: string;
  line: number;
  character: number;
  length: number;
  /** 0-based line of the marker comment itself. */
  markerLine: number;
}

const MARKER = /^(\s*\/\/\s*?)(\s*)(\^+)\s*([\w-]+):?\s*(.*)$/;

export function readMarkers(text: string): Marker[] {
  const lines = text.split('\n');
  const out: Marker[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) {
      target = i;
      return;
    }
    if (target < 0) return;
    out.push({
      kind: m[4],
      text: m[5].trim(),
      line: target,
      character: m[1].length + m[2].length,
      length: m[3].length,
      markerLine: i,
    });
  });
  return out;
}

/** `// expect: VALUE` comments, with their 0-based line. */
export function readExpectations(text: string, key = 'expect'): { line: number; value: string }[] {
  const re = new RegExp(`//\\s*${key}:\\s*(.*)$`);
  return text
    .split('\n')
    .map((l, i) => ({ line: i, m: re.exec(l) }))
    .filter((x) => x.m)
    .map((x) => ({ line: x.line, value: x.m![1].trim() }));
}
