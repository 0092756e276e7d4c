/** How startup problems are written out: places, numbered lists with fixes, warnings, and the spec error's message. */
import type { SourceLocation } from '../interfaces/asyncapi-model.interface.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/** `file#/pointer`, the way every message names a place in a document. */
export function where(at: SourceLocation): string {
  return `${at.file}${at.pointer}`;
}

/**
 * Numbered problems, each with its fix, as `app.init()` and `asynction validate` print them.
 * @param show how a file is named (the CLI shortens absolute paths)
 */
export function problemList(problems: readonly SpecProblem[], show: (file: string) => string = (f) => f): string {
  return problems
    .map((p, i) => `  ${i + 1}. ${show(p.at.file)}${p.at.pointer}: ${p.message}\n     Fix: ${p.fix}`)
    .join('\n');
}

/**
 * Warnings of `asynction validate`, one `warning:` line each with its fix: valid, but probably not meant.
 * @param show how a file is named (the CLI shortens absolute paths)
 */
export function warningList(warnings: readonly SpecProblem[], show: (file: string) => string = (f) => f): string {
  return warnings.map((w) => `warning: ${show(w.at.file)}${w.at.pointer}: ${w.message}\n  Fix: ${w.fix}\n`).join('');
}

/** `1 problem`, `3 problems`. */
export function problemCount(count: number): string {
  return count === 1 ? '1 problem' : `${count} problems`;
}

/**
 * The message of `AsynctionSpecError`: a header that says what kind of trouble it is (a document that cannot be read,
 * or a document and code that disagree), then every problem at once, unreadable documents first.
 */
export function specErrorMessage(problems: readonly SpecProblem[]): string {
  const unreadable = problems.filter((p) => p.unreadable);
  const others = problems.filter((p) => !p.unreadable);
  const headers = [
    ...(unreadable.length > 0 ? [`cannot read the AsyncAPI document (${problemCount(unreadable.length)})`] : []),
    ...(others.length > 0 ? [`the AsyncAPI document and the code disagree (${problemCount(others.length)})`] : []),
  ];
  return `nestjs-asynction cannot start: ${headers.join('; ')}.\n${problemList([...unreadable, ...others])}`;
}
