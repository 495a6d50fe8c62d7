// The CLI's three outcomes besides success, as exit codes scripts can rely on.
export const EXIT = {
  ok: 0,
  /** The run completed, and some documents failed (recorded with their reasons). */
  failures: 1,
  /** Bad usage or configuration (flags, codebook, manifest, missing database). */
  usage: 2,
  /** An internal error: a bug in codeframe. */
  internal: 70,
} as const;

/** A mistake of the user's (a flag, a path, a config file): printed without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
