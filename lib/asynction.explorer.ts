import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ASYNC_OPERATION_METADATA, ASYNCTION_DOCUMENTS, ASYNCTION_OPTIONS } from './asynction.constants.js';
import { startupMessages } from './messages/index.js';
import { AsynctionRegistry } from './asynction.registry.js';
import { AsynctionSpecError } from './errors/asynction-spec.error.js';
import { AsynctionRuntime } from './gateway/asynction.runtime.js';
import { HandlerFactory } from './gateway/handler.factory.js';
import type { HandlerRefModel } from './interfaces/asyncapi-model.interface.js';
import type { ResolvedAsynctionOptions } from './interfaces/asynction-options.interface.js';
import type { AsynctionDocument } from './document/document.reader.js';
import type { SpecProblem } from './interfaces/spec-problem.interface.js';
import { securityHandlers } from './security/security.handlers.js';
import { AsynctionMock } from './mock/index.js';

interface DecoratedMethod {
  id: string;
  label: string;
  instance: object | undefined;
  methodName: string;
  isStatic: boolean;
}

/**
 * At `onModuleInit` (so `app.init()` rejects cleanly, never `process.exit`): finds every `@AsyncOperation` method,
 * checks code against document, and fills the registry. Every problem is reported in one `AsynctionSpecError`.
 */
@Injectable()
export class AsynctionExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: AsynctionRegistry,
    private readonly handlers: HandlerFactory,
    private readonly runtime: AsynctionRuntime,
    @Inject(ASYNCTION_DOCUMENTS) private readonly documents: AsynctionDocument[],
    @Inject(ASYNCTION_OPTIONS) private readonly options: ResolvedAsynctionOptions,
    private readonly mock: AsynctionMock,
  ) {}

  async onModuleInit(): Promise<void> {
    // An emit-only process binds no handler: EmitOnlyInitializer reports the documents' problems instead.
    if (this.options.emitOnly) return;
    const documentProblems = [...this.documents.flatMap((d) => d.problems), ...this.runtime.problems];
    const decorated = this.discover();
    const missing = new Set<string>();
    const problems = [...documentProblems, ...this.check(decorated, documentProblems.length === 0, missing)];
    if (problems.length > 0) throw new AsynctionSpecError(problems);
    // With the mock, what no method implements is mocked instead of refused.
    if (this.mock.options) for (const handler of await this.mock.prepare(missing)) this.registry.add(handler);
    const disconnectIds = new Set(
      [...this.runtime.dispatchers.values()].flatMap(({ model }) => (model.disconnect ? [model.disconnect.id] : [])),
    );
    for (const method of decorated) {
      if (!this.registry.get(method.id)) {
        const kind = disconnectIds.has(method.id) ? 'disconnect' : 'message';
        this.registry.add({
          id: method.id,
          label: method.label,
          invoke: this.handlers.create(method.instance!, method.methodName, kind),
        });
      }
    }
    this.runtime.bind(this.registry);
  }

  private discover(): DecoratedMethod[] {
    const found: DecoratedMethod[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      // useValue and useFactory providers have no class of their own (metatype is null or the factory): their
      // instance's prototype holds the decorated methods.
      const prototype = (
        typeof instance === 'object' && instance !== null
          ? Object.getPrototypeOf(instance)
          : (wrapper.metatype as Function | undefined)?.prototype
      ) as object | null | undefined;
      if (!prototype || wrapper.isAlias) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = (prototype as Record<string, unknown>)[methodName];
        const ids =
          typeof method === 'function'
            ? (Reflect.getMetadata(ASYNC_OPERATION_METADATA, method) as string[] | undefined)
            : undefined;
        for (const id of ids ?? []) {
          found.push({
            id,
            label: `${(prototype.constructor as Function | undefined)?.name ?? String(wrapper.name)}.${methodName}`,
            instance: wrapper.instance as object | undefined,
            methodName,
            isStatic: wrapper.isDependencyTreeStatic() && !wrapper.isTransient,
          });
        }
      }
    }
    return found;
  }

  /**
   * `documentComplete` is false when document problems dropped operations, whose ids then look unknown. With the mock,
   * the ids no method handles go to `missing` instead of being problems.
   */
  private check(decorated: DecoratedMethod[], documentComplete: boolean, missing: Set<string>): SpecProblem[] {
    const required = new Map<string, { ref: HandlerRefModel; what: string }>();
    const outbound = new Map<string, HandlerRefModel>();
    const securityDeclared = new Set<string>();
    for (const document of this.documents) {
      for (const ns of document.model.namespaces.values()) {
        for (const message of ns.inbound.values()) {
          if (message.handler) required.set(message.handler.id, { ref: message.handler, what: 'operation' });
        }
        if (ns.error) required.set(ns.error.id, { ref: ns.error, what: `error handler of namespace "${ns.name}"` });
        if (ns.connect)
          required.set(ns.connect.id, { ref: ns.connect, what: `connect handler of namespace "${ns.name}"` });
        if (ns.disconnect)
          required.set(ns.disconnect.id, { ref: ns.disconnect, what: `disconnect handler of namespace "${ns.name}"` });
      }
      for (const [id, ref] of document.model.outboundIds) outbound.set(id, ref);
      const security = securityHandlers(document.model);
      for (const entry of security.required) required.set(entry.ref.id, entry);
      security.declared.forEach((id) => securityDeclared.add(id));
    }
    const problems: SpecProblem[] = [];
    const byId = new Map<string, DecoratedMethod[]>();
    for (const method of decorated) byId.set(method.id, [...(byId.get(method.id) ?? []), method]);
    for (const [id, methods] of byId) {
      const known = required.get(id);
      if (!known) {
        const out = outbound.get(id);
        if (!out && (!documentComplete || securityDeclared.has(id))) continue;
        for (const m of methods) {
          problems.push(
            out
              ? { at: out.at, ...startupMessages.outboundHandler(id, m.label) }
              : {
                  at: { file: this.documents[0]?.model.file ?? '<document>', pointer: '#' },
                  ...startupMessages.unknownHandler(id, m.label),
                },
          );
        }
        continue;
      }
      if (methods.length > 1)
        problems.push({
          at: known.ref.at,
          ...startupMessages.duplicateHandler(
            id,
            methods.map((m) => m.label),
          ),
        });
      for (const m of methods) {
        if (!m.isStatic || !m.instance)
          problems.push({ at: known.ref.at, ...startupMessages.requestScopedHandler(id, m.label) });
      }
    }
    for (const [id, { ref, what }] of required) {
      if (byId.has(id)) continue;
      if (this.mock.options) missing.add(id);
      else problems.push({ at: ref.at, ...startupMessages.missingHandler(id, what) });
    }
    return problems;
  }
}
