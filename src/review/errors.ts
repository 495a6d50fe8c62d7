// Misuse of the review API (an unknown item, coder or code; a span outside its unit). Thrown,
// never recorded: nothing is appended when a decision is refused. The CLI and the web UI show the
// message as it is, so it names what was passed and what was expected.
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}
