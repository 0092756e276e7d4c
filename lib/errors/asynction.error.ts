/**
 * The base of every error this library throws or hands to an error handler.
 */
export class AsynctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
