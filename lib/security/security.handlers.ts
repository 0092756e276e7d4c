import type { AsyncApiModel, HandlerRefModel, SecuritySchemeModel } from '../interfaces/asyncapi-model.interface.js';
import { verifierExtension } from '../document/security-scheme.reader.js';

/** A handler id a security scheme names, with what it is for, as binding problems word it. */
export interface SecurityHandlerRef {
  ref: HandlerRefModel;
  what: string;
}

/**
 * The verifying methods of a document's security schemes: `required` for the schemes some connection or event is held
 * to (one entry per id, the first scheme naming it), `declared` for every scheme (a method bound to a scheme no
 * selected server uses is not an unknown id).
 */
export function securityHandlers(model: AsyncApiModel): { required: SecurityHandlerRef[]; declared: Set<string> } {
  const applied = new Set<SecuritySchemeModel>();
  for (const ns of model.namespaces.values()) {
    for (const holder of [ns, ...ns.inbound.values()]) {
      for (const requirement of holder.security ?? []) requirement.schemes.forEach((e) => applied.add(e.scheme));
    }
  }
  const required = new Map<string, SecurityHandlerRef>();
  const need = (ref: HandlerRefModel | undefined, what: string) => {
    if (ref && !required.has(ref.id)) required.set(ref.id, { ref, what });
  };
  for (const scheme of applied) {
    need(scheme.verifier, `${verifierExtension(scheme)} of security scheme "${scheme.name}"`);
    need(scheme.scopeValidator, `x-scopeValidateFunc of security scheme "${scheme.name}"`);
  }
  const declared = new Set<string>();
  for (const scheme of model.securitySchemes?.values() ?? []) {
    if (scheme.verifier) declared.add(scheme.verifier.id);
    if (scheme.scopeValidator) declared.add(scheme.scopeValidator.id);
  }
  return { required: [...required.values()], declared };
}
