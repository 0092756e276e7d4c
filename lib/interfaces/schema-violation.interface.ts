/** One schema error, located in the validated value. */
export interface SchemaViolation {
  /** JSON pointer into the payload, `''` for the payload itself; `/0`, `/1` for arguments of a tuple. */
  pointer: string;
  message: string;
}
