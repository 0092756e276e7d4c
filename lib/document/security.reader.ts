import { startupMessages } from '../messages/index.js';
import type {
  AsyncApiModel,
  HandshakeBindingsModel,
  MessageModel,
  NamespaceModel,
  SecurityRequirementModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { applyTraitsV2 } from './traits.js';
import { readHandshakeBindings } from './bindings.reader.js';
import { requirementsKey, SecurityRequirementReader } from './security-requirement.reader.js';
import { SecuritySchemeReader } from './security-scheme.reader.js';

type Requirements = SecurityRequirementModel[];

/** What one namespace got from a channel, with where, to detect two channels that disagree. */
interface ChannelSetting<T> {
  value: T;
  key: string;
  at: SourceLocation;
}

/** Equal for equal JSON content; a recursive value is only equal to itself. */
function contentKey(value: unknown, at: SourceLocation): string {
  try {
    return JSON.stringify(value);
  } catch {
    return `${at.file}${at.pointer}`;
  }
}

/**
 * Reads where security and handshake bindings apply, for both AsyncAPI versions (the model builders call it):
 * - the selected server's `security` (option `serverName`; without it, the only server, or every server when they
 *   all demand the same; servers that differ without a `serverName` are a startup problem);
 * - a channel's `x-security`, which replaces the server's for that channel's namespace (an empty list opens it);
 * - operation `security` (2.4+, 3.x) of what the application receives, checked per event on top of the
 *   connection's (what it sends is broadcast to rooms, so its operation security is read but not enforced);
 * - a channel's `bindings.ws`, checked on connect.
 * Every scheme a connection or operation is held to must be one socket.io can check and name its verifying method.
 */
export class SecurityReader {
  private readonly schemes: SecuritySchemeReader;
  private readonly requirements: SecurityRequirementReader;
  private readonly channelSecurity = new Map<string, ChannelSetting<Requirements>>();
  private readonly channelBindings = new Map<string, ChannelSetting<HandshakeBindingsModel>>();
  /** 2.x operations: security waiting for the messages read under the operation's pointer. */
  private readonly pending: Array<{ ns: NamespaceModel; prefix: string; requirements: Requirements }> = [];

  constructor(
    private readonly doc: Record<string, unknown>,
    private readonly file: string,
    private readonly serverName: string | undefined,
    private readonly problems: SpecProblem[],
    private readonly version: 2 | 3 = 2,
  ) {
    this.schemes = new SecuritySchemeReader(file, problems, version === 2 ? 'scopes' : 'availableScopes');
    this.requirements = new SecurityRequirementReader(file, this.schemes, problems);
    this.schemes.readComponents(doc.components);
  }

  /** A channel's `x-security` and `bindings.ws`, and (2.x) its operations' `security`. */
  readChannel(ns: NamespaceModel, item: Record<string, unknown>, pointer: string): void {
    const security = this.read(item['x-security'], appendPointer(pointer, 'x-security'));
    if (security)
      this.setOnce(
        this.channelSecurity,
        ns.name,
        security,
        requirementsKey(security),
        this.at(appendPointer(pointer, 'x-security')),
      );
    const bindings = readHandshakeBindings(item.bindings, appendPointer(pointer, 'bindings'), this.file, this.problems);
    if (bindings)
      this.setOnce(
        this.channelBindings,
        ns.name,
        bindings,
        contentKey((item.bindings as Record<string, unknown>).ws, bindings.at),
        bindings.at,
      );
    if (this.version !== 2) return;
    for (const verb of ['publish', 'subscribe']) {
      const raw = item[verb];
      if (!isRecord(raw)) continue;
      const operation = applyTraitsV2(raw);
      const operationPointer = appendPointer(pointer, verb);
      const requirements = this.read(operation.security, appendPointer(operationPointer, 'security'));
      if (requirements?.length) this.pending.push({ ns, prefix: `${operationPointer}/`, requirements });
    }
  }

  /** 3.x: an operation's `security`, for the messages it carries (held only where the application receives). */
  readOperation(messagesOfOperation: readonly MessageModel[], security: unknown, pointer: string): void {
    const requirements = this.read(security, appendPointer(pointer, 'security'));
    if (!requirements?.length) return;
    for (const message of messagesOfOperation) if (message.direction === 'inbound') this.hold(message, requirements);
  }

  /** Settles where security applies, and records the schemes in the model. */
  finish(model: AsyncApiModel): void {
    const server = this.serverSecurity();
    for (const ns of model.namespaces.values()) {
      const security = this.channelSecurity.get(ns.name)?.value ?? server;
      if (security?.length) this.hold(ns, security);
      const bindings = this.channelBindings.get(ns.name)?.value;
      if (bindings) ns.bindings = bindings;
    }
    for (const { ns, prefix, requirements } of this.pending) {
      for (const message of ns.inbound.values()) {
        if (message.at.pointer.startsWith(prefix)) this.hold(message, requirements);
      }
    }
    model.securitySchemes = this.schemes.schemes;
  }

  private hold(target: { security?: readonly SecurityRequirementModel[] }, requirements: Requirements): void {
    target.security = requirements;
    for (const requirement of requirements)
      requirement.schemes.forEach((e) => this.schemes.requireApplicable(e.scheme));
  }

  /** The security of the selected server; every server's list is read, so each names existing schemes. */
  private serverSecurity(): Requirements | undefined {
    const servers = isRecord(this.doc.servers) ? this.doc.servers : {};
    const lists = new Map<string, Requirements | undefined>();
    for (const [name, server] of Object.entries(servers)) {
      if (isRecord(server)) lists.set(name, this.read(server.security, appendPointer('#/servers', name, 'security')));
    }
    if (this.serverName !== undefined) return lists.get(this.serverName);
    const keys = new Set([...lists.values()].map(requirementsKey));
    if (keys.size > 1) {
      const names = [...lists.keys()];
      this.problems.push({ at: this.at('#/servers'), ...startupMessages.serversSecurityDiffer(names) });
      return undefined;
    }
    return lists.values().next().value;
  }

  private read(value: unknown, pointer: string): Requirements | undefined {
    return this.version === 2 ? this.requirements.readV2(value, pointer) : this.requirements.readV3(value, pointer);
  }

  private setOnce<T>(
    settings: Map<string, ChannelSetting<T>>,
    namespace: string,
    value: T,
    key: string,
    at: SourceLocation,
  ): void {
    const other = settings.get(namespace);
    if (!other) settings.set(namespace, { value, key, at });
    else if (other.key !== key)
      this.problems.push({ at, ...startupMessages.channelSettingsDiffer(namespace, other.at) });
  }

  private at(pointer: string): SourceLocation {
    return { file: this.file, pointer };
  }
}
