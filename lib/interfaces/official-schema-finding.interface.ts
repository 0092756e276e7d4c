/**
 * One thing wrong with a document against its official AsyncAPI schema, at `path` (instance path segments,
 * relative to the value being explained): what the official-schema check found, before it is worded.
 */
export type OfficialSchemaFinding =
  | { kind: 'type'; path: string[]; expected: string[]; data: unknown }
  | { kind: 'required'; path: string[]; property: string; description?: string }
  | { kind: 'requiredOneOf'; path: string[]; properties: string[] }
  | {
      kind: 'additional';
      path: string[];
      property: string;
      allowed: string[];
      extensions: boolean;
      /** The allowed name it is probably a misspelling of. */
      suggestion?: string;
      /** The property it is a misspelling of is required, and missing. */
      missingRequired?: boolean;
    }
  | {
      kind: 'enum';
      path: string[];
      allowed: unknown[];
      data: unknown;
      orTypes?: string[];
      /** The allowed value it is probably a misspelling of. */
      suggestion?: string;
    }
  | { kind: 'noMatch'; path: string[]; alternatives: string[] }
  | { kind: 'ambiguous'; path: string[]; alternatives: string[] }
  | { kind: 'format'; path: string[]; format: string; data: unknown }
  | { kind: 'key'; path: string[]; key: string; text: string }
  | { kind: 'other'; path: string[]; text: string; fix?: string };
