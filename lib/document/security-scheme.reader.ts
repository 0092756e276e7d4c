import { startupMessages } from '../messages/index.js';
import type { HandlerRefModel, SecuritySchemeModel } from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/** The extension naming the verifying method, by scheme kind (`http` kinds carry their authentication scheme). */
const VERIFIER_EXTENSIONS: Readonly<Record<string, string>> = {
  'http basic': 'x-basicInfoFunc',
  'http bearer': 'x-bearerInfoFunc',
  userPassword: 'x-basicInfoFunc',
  httpApiKey: 'x-apiKeyInfoFunc',
  apiKey: 'x-apiKeyInfoFunc',
  oauth2: 'x-tokenInfoFunc',
  openIdConnect: 'x-tokenInfoFunc',
};
const SCOPE_VALIDATOR_EXTENSION = 'x-scopeValidateFunc';
/** Scheme types whose requirements may list scopes. */
export const SCOPED_TYPES: ReadonlySet<string> = new Set(['oauth2', 'openIdConnect']);

function kindOf(scheme: SecuritySchemeModel): string {
  return scheme.type === 'http' ? `http ${scheme.httpScheme ?? ''}` : scheme.type;
}

/** The extension that names a scheme's verifying method, or undefined when socket.io cannot check the scheme. */
export function verifierExtension(scheme: SecuritySchemeModel): string | undefined {
  return VERIFIER_EXTENSIONS[kindOf(scheme)];
}

/**
 * Reads security scheme objects into the model. The fields each type needs (`http` its `scheme`, `httpApiKey` its
 * `in` and `name`, `oauth2` its flows and their URLs, `openIdConnect` its URL) are the official schema's to check;
 * this checks what it cannot: that socket.io can check every scheme a connection or operation is actually held to,
 * and that the scheme names its verifying method.
 */
export class SecuritySchemeReader {
  readonly schemes = new Map<string, SecuritySchemeModel>();
  /** Resolved scheme object -> its model, so a 3.x `$ref` to a component finds the named scheme. */
  private readonly byObject = new WeakMap<object, SecuritySchemeModel>();
  private readonly applied = new Set<SecuritySchemeModel>();

  constructor(
    private readonly file: string,
    private readonly problems: SpecProblem[],
    /** 3.x declares OAuth scopes under `availableScopes`, 2.x under `scopes`. */
    private readonly scopesKey: 'scopes' | 'availableScopes',
  ) {}

  /** Reads `components.securitySchemes`. */
  readComponents(components: unknown): void {
    const declared = isRecord(components) && isRecord(components.securitySchemes) ? components.securitySchemes : {};
    for (const [name, raw] of Object.entries(declared)) {
      if (isRecord(raw))
        this.schemes.set(name, this.read(name, raw, appendPointer('#/components/securitySchemes', name)));
    }
  }

  /** The model of a resolved scheme object: the component it came from, or a new inline scheme named by its pointer. */
  forObject(raw: Record<string, unknown>, pointer: string): SecuritySchemeModel {
    return this.byObject.get(raw) ?? this.read(pointer, raw, pointer);
  }

  /** Called for each scheme a connection or an operation is held to; reports each problem once. */
  requireApplicable(scheme: SecuritySchemeModel): void {
    if (this.applied.has(scheme)) return;
    this.applied.add(scheme);
    const extension = verifierExtension(scheme);
    if (!extension) {
      if (scheme.type !== 'http')
        this.problem(scheme.at.pointer, startupMessages.securityTypeUnsupported(scheme.name, scheme.type));
      // A missing `scheme` is the official schema's to report.
      else if (scheme.httpScheme !== undefined)
        this.problem(scheme.at.pointer, startupMessages.securityHttpSchemeUnsupported(scheme.name, scheme.httpScheme));
      return;
    }
    if (!scheme.verifier)
      this.problem(scheme.at.pointer, startupMessages.securityVerifierMissing(scheme.name, extension));
  }

  private read(name: string, raw: Record<string, unknown>, pointer: string): SecuritySchemeModel {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const scheme: SecuritySchemeModel = { name, type: text(raw.type) ?? '', at: { file: this.file, pointer } };
    this.byObject.set(raw, scheme);
    scheme.httpScheme = text(raw.scheme)?.toLowerCase();
    scheme.bearerFormat = text(raw.bearerFormat);
    scheme.in = text(raw.in);
    scheme.paramName = text(raw.name);
    if (scheme.type === 'oauth2') scheme.availableScopes = this.flowScopes(raw.flows);
    const extension = verifierExtension(scheme);
    if (extension) scheme.verifier = this.handlerRef(raw[extension], appendPointer(pointer, extension));
    scheme.scopeValidator = this.handlerRef(
      raw[SCOPE_VALIDATOR_EXTENSION],
      appendPointer(pointer, SCOPE_VALIDATOR_EXTENSION),
    );
    return scheme;
  }

  /** Every scope the flows of an OAuth2 scheme declare. */
  private flowScopes(flows: unknown): string[] {
    const scopes = new Set<string>();
    for (const flow of isRecord(flows) ? Object.values(flows) : []) {
      const declared = isRecord(flow) ? flow[this.scopesKey] : undefined;
      if (isRecord(declared)) Object.keys(declared).forEach((scope) => scopes.add(scope));
    }
    return [...scopes];
  }

  private handlerRef(value: unknown, pointer: string): HandlerRefModel | undefined {
    return typeof value === 'string' && value !== '' ? { id: value, at: { file: this.file, pointer } } : undefined;
  }

  private problem(pointer: string, problem: { message: string; fix: string }): void {
    this.problems.push({ at: { file: this.file, pointer }, ...problem });
  }
}
