import type { AsynctionMockOptions } from '../interfaces/asynction-options.interface.js';
import type { AsynctionDocument } from '../document/document.reader.js';

/** The mock's options with their defaults; a random seed when none is given (the banner prints it). */
export function resolveMockOptions(mock: 'missing' | AsynctionMockOptions): Required<AsynctionMockOptions> {
  const options = mock === 'missing' ? {} : mock;
  return {
    operations: 'missing',
    outbound: true,
    interval: 1,
    seed: Math.floor(Math.random() * 2 ** 31),
    auth: 'well-formed',
    attempts: 25,
    ...options,
  };
}

/** `auth: 'none'`: the document's security is not applied, so no connection or event is held to it. */
export function withoutSecurity(document: AsynctionDocument): void {
  for (const ns of document.model.namespaces.values()) {
    delete ns.security;
    for (const message of ns.inbound.values()) delete message.security;
  }
}
