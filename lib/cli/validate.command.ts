import { startupMessages } from '../messages/index.js';
import { mergeDocuments } from '../document/document.merger.js';
import { inspectDocument, readDocument, type AsynctionDocument } from '../document/document.reader.js';
import type { OperationPerspective } from '../interfaces/asynction-options.interface.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/** What `asynction validate` was asked. */
export interface ValidateRequest {
  documents: string[];
  /** Absent: the specification's reading (`'client'`), with a warning for a document that reads as the other. */
  perspective?: OperationPerspective;
  serverName?: string;
  /** Check only that the documents are valid AsyncAPI, not that nestjs-asynction can serve them. */
  specOnly: boolean;
  cwd: string;
}

/** What it found: every problem, and the model of each document that could be read. */
export interface ValidateResult {
  problems: SpecProblem[];
  /** What is valid but probably not what the author meant; they do not make the documents invalid. */
  warnings: SpecProblem[];
  /** Read documents (none with `specOnly`). */
  documents: AsynctionDocument[];
  /** Absolute paths of the documents, in the order given. */
  files: string[];
}

/**
 * Checks documents exactly as `AsynctionModule.forRoot({ spec: documents, perspective, serverName })` does before
 * any code is bound: the same reading, the same official-schema and semantic checks, the same model, the same
 * schema compilation, and for several documents the same merge. What it cannot check is the code: whether each
 * handler id has an `@AsyncOperation` method (the summary lists the ids instead).
 */
export function validateDocuments(request: ValidateRequest): ValidateResult {
  if (request.specOnly) {
    const inspected = request.documents.map((spec) => inspectDocument(spec, { cwd: request.cwd }));
    const files = inspected.map((d) => d.file);
    return { problems: inspected.flatMap((d) => d.problems), warnings: [], documents: [], files };
  }
  const options = {
    validation: true,
    perspective: request.perspective ?? 'client',
    serverName: request.serverName,
    cwd: request.cwd,
  };
  const documents = request.documents.map((spec) => readDocument(spec, options));
  const problems = documents.flatMap((d) => d.problems);
  if (documents.length > 1) problems.push(...mergeDocuments(documents).problems);
  const warnings = request.perspective ? [] : documents.flatMap(perspectiveWarning);
  return { problems, warnings, documents, files: documents.map((d) => d.model.file) };
}

/**
 * A 2.x document whose operationIds are all on operations the application sends (read as the specification reads
 * them) is most likely written from the application's point of view, as the first Asynction README example is.
 */
function perspectiveWarning(document: AsynctionDocument): SpecProblem[] {
  const { model } = document;
  if (!model.version.startsWith('2.') || model.outboundIds.size === 0) return [];
  const handled = [...model.namespaces.values()].some((ns) => [...ns.inbound.values()].some((m) => m.handler));
  if (handled) return [];
  const [first] = model.outboundIds.values();
  return [{ at: first!.at, ...startupMessages.perspectiveLikelyApplication([...model.outboundIds.keys()]) }];
}
