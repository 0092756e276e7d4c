import type { OfficialSchemaFinding } from '../../interfaces/official-schema-finding.interface.js';

/** `finding` with the name or value its author probably meant, when it is a misspelling of an allowed one. */
export function withSuggestion(finding: OfficialSchemaFinding): OfficialSchemaFinding {
  if (finding.kind === 'additional') {
    const suggestion = closest(finding.property, finding.allowed);
    return suggestion === undefined ? finding : { ...finding, suggestion };
  }
  if (finding.kind === 'enum' && typeof finding.data === 'string') {
    const suggestion = closest(
      finding.data,
      finding.allowed.filter((v): v is string => typeof v === 'string'),
    );
    return suggestion === undefined ? finding : { ...finding, suggestion };
  }
  return finding;
}

/** The allowed name the user probably meant: same letters but for case, or at most 2 edits away. */
export function closest(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = allowed.find((a) => a.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(name.length / 3));
  for (const a of allowed) {
    const d = distance(lower, a.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
