import { HttpException, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { PRINCIPAL_DATA_KEY } from '../asynction.constants.js';
import { clientMessages, logMessages } from '../messages/index.js';
import type { HandlerLookup } from '../interfaces/bound-handler.interface.js';
import { SecurityError, type SecurityFailure } from '../errors/security.error.js';
import type {
  HandlerRefModel,
  SecurityRequirementModel,
  SecuritySchemeModel,
} from '../interfaces/asyncapi-model.interface.js';
import { isRecord } from '../document/json-pointer.js';
import { extractCredentials } from './credential.extractor.js';
import { MALFORMED } from './credential.parsers.js';
import type { ScopeCheck } from './credentials.interface.js';
import { awaitResult, then, type Maybe } from '../utils/await-result.js';
import { withTimeout } from '../utils/timeout.js';

type Requirements = readonly SecurityRequirementModel[];

/** What a scheme proved for one connection: who, and with which scopes. */
interface Proof {
  principal: unknown;
  granted: readonly string[];
}
/** Why a scheme did not prove anything, in words safe to send to the client. */
interface Refusal {
  refused: string;
}
type Outcome = Proof | Refusal;

const logger = new Logger('Asynction');
const REJECTED: Refusal = { refused: clientMessages.credentialsRejected };
/** What a verifying method that did not settle in time returned, in effect. */
const TIMED_OUT: unique symbol = Symbol('asynction:timed-out');

function isRefusal(outcome: Outcome): outcome is Refusal {
  return 'refused' in outcome;
}

/** `scopes` (array) or `scope` (array, or space-separated as OAuth 2 token introspection returns it). */
function grantedScopes(principal: unknown): string[] {
  if (!isRecord(principal)) return [];
  const value = principal.scopes ?? principal.scope;
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

function label(requirement: SecurityRequirementModel): string {
  return requirement.schemes.map((e) => e.scheme.name).join(' + ');
}

/**
 * Holds connections and events to security requirements (OR-ed; the schemes of one requirement AND-ed). Each scheme
 * reads its credential from the handshake and calls its verifying method at most once per connection: later events
 * reuse what the connection proved, synchronously. The first scheme of the requirement that admitted the connection
 * (or, without connection security, authorized its first secured event) gives `socket.data.principal`.
 */
export class SecurityChecker {
  private registry?: HandlerLookup;
  /**
   * Where a socket keeps its outcomes, per scheme (and per scheme + required scopes): a settled outcome replaces its
   * promise. A property of the socket rather than a WeakMap entry: the garbage collector pays for every live entry of
   * a WeakMap on each marking, and there is one per connected client.
   */
  private readonly outcomes = Symbol('asynction:security-outcomes');

  constructor(
    private readonly namespace: string,
    /** How long one verifying method may take, in milliseconds (`limits.checkTimeout`). */
    private readonly timeout: number,
  ) {}

  bind(registry: HandlerLookup): void {
    this.registry = registry;
  }

  /** Resolves to the refusal, or undefined when one requirement is met. Never rejects. */
  check(socket: Socket, requirements: Requirements, event?: string): Maybe<SecurityError | undefined> {
    return then(this.any(socket, requirements, 0, []), (result) => {
      if (!Array.isArray(result)) return new SecurityError(this.namespace, event, result.failures);
      const data = socket.data as Record<string, unknown>;
      if (result.length > 0 && data[PRINCIPAL_DATA_KEY] === undefined) data[PRINCIPAL_DATA_KEY] = result[0].principal;
      return undefined;
    });
  }

  private any(
    socket: Socket,
    requirements: Requirements,
    i: number,
    failures: SecurityFailure[],
  ): Maybe<Proof[] | { failures: SecurityFailure[] }> {
    if (i === requirements.length) return { failures };
    return then(this.all(socket, requirements[i], 0, []), (result) =>
      Array.isArray(result)
        ? result
        : this.any(socket, requirements, i + 1, [
            ...failures,
            { requirement: label(requirements[i]), reason: result.refused },
          ]),
    );
  }

  private all(
    socket: Socket,
    requirement: SecurityRequirementModel,
    i: number,
    proofs: Proof[],
  ): Maybe<Proof[] | Refusal> {
    if (i === requirement.schemes.length) return proofs;
    const { scheme, scopes } = requirement.schemes[i];
    return then(this.outcome(socket, scheme, scopes), (outcome) =>
      isRefusal(outcome) ? outcome : this.all(socket, requirement, i + 1, [...proofs, outcome]),
    );
  }

  private outcome(socket: Socket, scheme: SecuritySchemeModel, scopes: readonly string[]): Maybe<Outcome> {
    const proven = this.cached(socket, scheme.name, () => this.verify(socket, scheme));
    if (scopes.length === 0) return proven;
    return this.cached(socket, `${scheme.name}\u0000${scopes.join(' ')}`, () =>
      then(proven, (outcome) => (isRefusal(outcome) ? outcome : this.checkScopes(socket, scheme, scopes, outcome))),
    );
  }

  private cached(socket: Socket, key: string, compute: () => Maybe<Outcome>): Maybe<Outcome> {
    const holder = socket as unknown as Record<symbol, Map<string, Maybe<Outcome>> | undefined>;
    let known = holder[this.outcomes];
    if (!known) holder[this.outcomes] = known = new Map();
    const found = known.get(key);
    if (found !== undefined) return found;
    const outcome = compute();
    known.set(key, outcome);
    if (outcome instanceof Promise) void outcome.then((settled) => known.set(key, settled));
    return outcome;
  }

  private verify(socket: Socket, scheme: SecuritySchemeModel): Maybe<Outcome> {
    const credentials = extractCredentials(scheme, socket.handshake);
    if (credentials === undefined) return { refused: clientMessages.credentialsMissing };
    if (credentials === MALFORMED) return { refused: clientMessages.credentialsMalformed };
    // Only a truthy principal admits: `return rows.length` must not let a client in with 0 rows.
    return then(this.call(scheme.verifier, 'verifier', credentials, socket), (principal) =>
      principal === TIMED_OUT
        ? { refused: clientMessages.checkTimedOut }
        : principal
          ? { principal, granted: grantedScopes(principal) }
          : REJECTED,
    );
  }

  private checkScopes(
    socket: Socket,
    scheme: SecuritySchemeModel,
    scopes: readonly string[],
    proof: Proof,
  ): Maybe<Outcome> {
    if (scheme.scopeValidator) {
      const check: ScopeCheck = {
        scheme: scheme.name,
        required: scopes,
        granted: proof.granted,
        principal: proof.principal,
      };
      return then(this.call(scheme.scopeValidator, 'scope validator', check, socket), (ok) =>
        ok === true
          ? proof
          : { refused: ok === TIMED_OUT ? clientMessages.checkTimedOut : clientMessages.scopesRejected },
      );
    }
    const missing = scopes.filter((scope) => !proof.granted.includes(scope));
    return missing.length === 0 ? proof : { refused: clientMessages.scopesMissing(missing) };
  }

  /**
   * Calls a bound method; what it throws, rejects or errors with counts as a refusal (`undefined`), and so does a
   * result still pending after the timeout (`TIMED_OUT`).
   */
  private call(ref: HandlerRefModel | undefined, what: string, argument: unknown, socket: Socket): Maybe<unknown> {
    const invoke = ref && this.registry?.get(ref.id)?.invoke;
    if (!ref || !invoke) return undefined;
    let result: unknown;
    try {
      result = invoke(argument, socket);
    } catch (error) {
      return refusedBy(error);
    }
    const value = awaitResult(result);
    if (!(value instanceof Promise)) return value;
    return withTimeout(value.catch(refusedBy), this.timeout, () => {
      logger.warn(logMessages.checkTimeout(what, ref.id, this.namespace, this.timeout));
      return TIMED_OUT;
    });
  }
}

/** Nest's HTTP and WS exceptions are a verifier's way to say no; anything else is a bug worth a log line. */
function refusedBy(error: unknown): undefined {
  if (!(error instanceof HttpException) && !(error instanceof WsException)) {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  return undefined;
}
