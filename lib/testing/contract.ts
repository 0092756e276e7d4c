import { AsynctionSpecError } from '../errors/asynction-spec.error.js';
import type { AsyncApiSpec, AsynctionModuleOptions } from '../interfaces/asynction-options.interface.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import type { SchemaViolation } from '../interfaces/schema-violation.interface.js';
import { readDocument } from '../document/document.reader.js';
import { mergeDocuments } from '../document/document.merger.js';
import { SchemaCompiler, violationsOf, type CompiledSchema } from '../document/schema.compiler.js';
import { clientMessages } from '../messages/index.js';
import { CLIENT_ERROR_SCHEMA } from '../gateway/client-error.js';

/** The document(s) to test against: a path (extension optional), or the options given to `AsynctionModule.forRoot`. */
export type ContractDocument = AsyncApiSpec | ContractOptions;

/** The options of `AsynctionModule.forRoot` that decide how the document is read and where it is served. */
export type ContractOptions = Pick<
  AsynctionModuleOptions,
  'spec' | 'perspective' | 'serverName' | 'cwd' | 'gatewayOptions'
>;

/** One message of the document with its compiled schemas. */
export interface ContractMessage {
  readonly model: MessageModel;
  readonly payload?: CompiledSchema;
  readonly ack?: CompiledSchema;
}

/** One namespace: what clients send (`inbound`) and what the application sends (`outbound`). */
export interface ContractNamespace {
  readonly name: string;
  readonly inbound: ReadonlyMap<string, ContractMessage>;
  readonly outbound: ReadonlyMap<string, ContractMessage>;
}

/**
 * The documents read as `AsynctionModule.forRoot` reads them (same reader, perspective, server and compiled
 * validators), merged as one application serves them. Throws `AsynctionSpecError` when they cannot be served.
 */
export class Contract {
  readonly namespaces = new Map<string, ContractNamespace>();
  /** The socket.io path the application serves on: the selected server's path, or `gatewayOptions.path`. */
  readonly path?: string;
  private readonly clientError: CompiledSchema;

  constructor(document: ContractDocument) {
    const options: ContractOptions = isModuleOptions(document) ? document : { spec: document as AsyncApiSpec };
    const specs: readonly AsyncApiSpec[] = Array.isArray(options.spec) ? options.spec : [options.spec];
    const read = specs.map((spec) =>
      readDocument(spec, {
        validation: true,
        perspective: options.perspective ?? 'client',
        serverName: options.serverName,
        cwd: options.cwd ?? process.cwd(),
      }),
    );
    const merged = mergeDocuments(read);
    const problems = [...read.flatMap((d) => d.problems), ...merged.problems];
    if (problems.length > 0) throw new AsynctionSpecError(problems);
    for (const { model } of merged.namespaces.values()) {
      const messages = (direction: Map<string, MessageModel>) =>
        new Map([...direction].map(([event, model]) => [event, { model, ...merged.validators.get(model) }]));
      this.namespaces.set(model.name, namespaceOf(model, messages));
    }
    const gatewayPath = options.gatewayOptions?.path;
    this.path = typeof gatewayPath === 'string' ? gatewayPath : read.find((d) => d.model.serverPath)?.model.serverPath;
    this.clientError = new SchemaCompiler().compile(CLIENT_ERROR_SCHEMA);
  }

  /** The schema errors of a value against a message's payload (the arguments, as the gateway reads them). */
  payloadViolations(message: ContractMessage, args: readonly unknown[]): SchemaViolation[] | undefined {
    if (!message.payload) return undefined;
    if (message.model.payload?.tuple) return violationsOf(message.payload, args);
    if (args.length !== 1) return [{ pointer: '', message: clientMessages.argumentsCount(1, args.length) }];
    return violationsOf(message.payload, args[0]);
  }

  /** The schema errors of a value against the documented `exception` body (`ClientError`). */
  clientErrorViolations(value: unknown): SchemaViolation[] | undefined {
    return violationsOf(this.clientError, value);
  }
}

function namespaceOf(
  model: NamespaceModel,
  messages: (direction: Map<string, MessageModel>) => Map<string, ContractMessage>,
): ContractNamespace {
  return { name: model.name, inbound: messages(model.inbound), outbound: messages(model.outbound) };
}

function isModuleOptions(document: ContractDocument): document is ContractOptions {
  return typeof document === 'object' && document !== null && 'spec' in document && !('asyncapi' in document);
}

/** The payload a test sees for the socket.io arguments of a message: the array for a tuple, else the one value. */
export function payloadOf(message: ContractMessage | undefined, args: readonly unknown[]): unknown {
  if (message?.model.payload?.tuple) return args;
  return args.length > 1 ? args : args[0];
}
