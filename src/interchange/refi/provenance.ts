// Provenance travels in the <Description> of each selection and code: QDA tools show it (QualCoder
// and MAXQDA read a selection's Description as the coding memo), and its last line,
// "codeframe: {json}", is what our own import reads back. Spans in it are character (code point)
// positions, like startPosition/endPosition.

export const MARK = 'codeframe: ';

export interface SelectionProvenance {
  code: string;
  codebook: string;
  version: string;
  status: string;
  coder: string | null;
  rules: Array<{ rule: string; segment: string; unit: 'sentence' | 'paragraph'; run: number; negated: boolean; spans: Array<[number, number]> }>;
  /** Spans people drew (a coder's add or respan, an adjudication): the unit and every span. */
  drawn?: { segment: string; unit: 'sentence' | 'paragraph'; negated: boolean; spans: Array<[number, number]> };
}

export interface CodeProvenance {
  code?: string;
  group?: string;
}

/** Human line(s), then the machine line. */
export function withProvenance(human: string, data: SelectionProvenance | CodeProvenance): string {
  return `${human}\n${MARK}${JSON.stringify(data)}`;
}

/** The JSON of the last "codeframe: " line of a description, or null (a description written by
 *  another tool, or edited beyond recognition). */
export function readProvenance(description: string | null): unknown {
  if (!description) return null;
  const lines = description.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (!line.startsWith(MARK)) return null;
    try {
      return JSON.parse(line.slice(MARK.length)) as unknown;
    } catch {
      return null;
    }
  }
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSpan = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n));

export function asSelectionProvenance(v: unknown): SelectionProvenance | null {
  if (!isObject(v) || typeof v.code !== 'string' || typeof v.version !== 'string' || !Array.isArray(v.rules)) return null;
  const ok = v.rules.every(
    (r) => isObject(r) && typeof r.rule === 'string' && typeof r.segment === 'string' && (r.unit === 'sentence' || r.unit === 'paragraph')
      && Number.isInteger(r.run) && typeof r.negated === 'boolean' && Array.isArray(r.spans) && r.spans.every(isSpan),
  );
  const d = v.drawn;
  const drawnOk = d === undefined || (isObject(d) && typeof d.segment === 'string' && (d.unit === 'sentence' || d.unit === 'paragraph')
    && typeof d.negated === 'boolean' && Array.isArray(d.spans) && d.spans.every(isSpan));
  return ok && drawnOk ? (v as unknown as SelectionProvenance) : null;
}

export function asCodeProvenance(v: unknown): CodeProvenance | null {
  if (!isObject(v)) return null;
  const out: CodeProvenance = {};
  if (typeof v.code === 'string') out.code = v.code;
  if (typeof v.group === 'string') out.group = v.group;
  return out.code || out.group ? out : null;
}
