// Problems with REFI-QDA data (a file we cannot read, an offset that does not line up): errors
// as data for the CLI, phrased "Unexpected X, expected Y".
export class RefiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefiError';
  }
}
