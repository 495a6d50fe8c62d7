// Misuse of the review API (an unknown item, coder or code; a span outside its unit). Thrown,
// never recorded: nothing is appended when a decision is refused. The CLI and the web UI show the
// message as it is, so it names what was passed and what was expected.
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

/** A value as an error message quotes it: JSON, cut to `max` characters, and never throwing —
 *  a request body may nest arrays thousands of levels deep, where JSON.stringify overflows the
 *  stack (and a 64 KiB value does not belong in a message anyway). */
export function quote(value: unknown, max = 80): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = Array.isArray(value) ? '[…]' : typeof value === 'object' && value !== null ? '{…}' : String(value);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
