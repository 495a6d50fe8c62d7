// File sizes in messages. Its own module: the main thread needs it without loading the readers
// (pdf.js) that extract.ts brings in.

/** "2.0 KB, larger than the limit of 1.0 KB"; in bytes when the rounded figures would look equal
 *  (one byte over 200 MB is not "200.0 MB, larger than 200.0 MB"). */
export function oversizeReason(size: number, limit: number): string {
  const [a, b] = [formatBytes(size), formatBytes(limit)];
  return a === b ? `${size} bytes, larger than the limit of ${limit} bytes` : `${a}, larger than the limit of ${b}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
