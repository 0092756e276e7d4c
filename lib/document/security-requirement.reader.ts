import { startupMessages } from '../messages/index.js';
import type {
  SecurityRequirementModel,
  SecuritySchemeModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import { SCOPED_TYPES, type SecuritySchemeReader } from './security-scheme.reader.js';

type Entry = SecurityRequirementModel['schemes'][number];

/** A key equal for requirement lists that demand the same thing, so servers and channels can be compared. */
export function requirementsKey(requirements: readonly SecurityRequirementModel[] | undefined): string {
  return (requirements ?? [])
    .map((r) => r.schemes.map((e) => `${e.scheme.name}(${[...e.scopes].sort().join(' ')})`).join(' + '))
    .join(' | ');
}

/**
 * Reads `security` lists in both shapes: 2.x Security Requirement objects (`{ scheme: [scopes] }`, schemes AND-ed)
 * and 3.x Security Scheme objects (each one alone a requirement, its `scopes` field the required scopes). Checks that
 * each named scheme exists and that only OAuth2 and OpenID Connect requirements list scopes, those of OAuth2 declared
 * in its flows.
 */
export class SecurityRequirementReader {
  constructor(
    private readonly file: string,
    private readonly schemes: SecuritySchemeReader,
    private readonly problems: SpecProblem[],
  ) {}

  /** 2.x: `[{ name: [scopes], ... }, ...]`; undefined when the document sets no list. */
  readV2(value: unknown, pointer: string): SecurityRequirementModel[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.invalid(pointer);
    const requirements: SecurityRequirementModel[] = [];
    value.forEach((item, i) => {
      const at = this.at(appendPointer(pointer, i));
      if (!isRecord(item)) return this.problem(at, startupMessages.securityRequirementInvalid());
      const schemes: Entry[] = [];
      for (const [name, scopes] of Object.entries(item)) {
        const scopesAt = this.at(appendPointer(at.pointer, name));
        const scheme = this.schemes.schemes.get(name);
        // An undeclared scheme or scope is a semantic rule of AsyncAPI 2 (semantic.check.ts), reported there.
        if (!scheme) continue;
        if (!isScopeList(scopes)) this.problem(scopesAt, startupMessages.securityRequirementInvalid());
        else schemes.push(this.entry(scheme, scopes, scopesAt, false));
      }
      requirements.push({ schemes, at });
    });
    return requirements;
  }

  /** 3.x: `[schemeObject, ...]`, each already resolved; undefined when the document sets no list. */
  readV3(value: unknown, pointer: string): SecurityRequirementModel[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.invalid(pointer);
    const requirements: SecurityRequirementModel[] = [];
    value.forEach((raw, i) => {
      const at = this.at(appendPointer(pointer, i));
      if (!isRecord(raw)) return this.problem(at, startupMessages.securityRequirementInvalid());
      const scopes = raw.scopes ?? [];
      if (!isScopeList(scopes)) return this.problem(at, startupMessages.securityRequirementInvalid());
      const scheme = this.schemes.forObject(raw, at.pointer);
      const scopesAt = this.at(appendPointer(at.pointer, 'scopes'));
      requirements.push({ schemes: [this.entry(scheme, scopes, scopesAt, true)], at });
    });
    return requirements;
  }

  /** @param checkScopes whether this reader checks that the scopes are declared (AsyncAPI 3) */
  private entry(scheme: SecuritySchemeModel, scopes: string[], at: SourceLocation, checkScopes: boolean): Entry {
    if (scopes.length > 0 && !SCOPED_TYPES.has(scheme.type)) {
      this.problem(at, startupMessages.securityScopesNotAllowed(scheme.name, scheme.type));
    } else if (checkScopes && scheme.availableScopes) {
      for (const scope of scopes) {
        if (!scheme.availableScopes.includes(scope))
          this.problem(at, startupMessages.securityScopeUndeclared(scope, scheme.name, scheme.availableScopes));
      }
    }
    return { scheme, scopes };
  }

  private invalid(pointer: string): undefined {
    this.problem(this.at(pointer), startupMessages.securityRequirementInvalid());
    return undefined;
  }

  private at(pointer: string): SourceLocation {
    return { file: this.file, pointer };
  }

  private problem(at: SourceLocation, problem: { message: string; fix: string }): void {
    this.problems.push({ at, ...problem });
  }
}

/** A requirement's scopes: a list of strings (2.x: the requirement's value; 3.x: the scheme reference's `scopes`). */
function isScopeList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((scope) => typeof scope === 'string');
}
