/** How much of an offending value a violation quotes. */
const PREVIEW_LIMIT = 200;

/** The value as JSON, shortened: what a violation message shows of it. Never throws (cycles, BigInt, functions). */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT)}... (${text.length} characters)` : text;
}
