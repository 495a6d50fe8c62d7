// A small XML writer: elements in the order given, attributes in the order given (so output is
// deterministic), two-space indentation, and escaping that survives a round trip through any
// conforming parser (attribute-value normalization would otherwise turn tabs and newlines into
// spaces, and end-of-line handling would turn "\r" into "\n").

// Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF): replaced, since a file with them is not XML.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

const ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

export function escapeAttr(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"\t\n\r]/g, (c) => ATTR[c]!);
}

export type Attrs = Array<[string, string | number | boolean | null | undefined]>;

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of a) if (v !== null && v !== undefined) out += ` ${k}="${escapeAttr(String(v))}"`;
  return out;
}

/** Appends lines of XML to an array; open/close must nest (checked). */
export class XmlWriter {
  readonly lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  private readonly stack: string[] = [];

  private get pad(): string {
    return '  '.repeat(this.stack.length);
  }

  open(name: string, a: Attrs = []): this {
    this.lines.push(`${this.pad}<${name}${attrs(a)}>`);
    this.stack.push(name);
    return this;
  }

  close(name: string): this {
    const top = this.stack.pop();
    if (top !== name) throw new Error(`Unexpected </${name}>, expected </${top ?? '(nothing open)'}>`);
    this.lines.push(`${this.pad}</${name}>`);
    return this;
  }

  empty(name: string, a: Attrs = []): this {
    this.lines.push(`${this.pad}<${name}${attrs(a)}/>`);
    return this;
  }

  /** An element holding only text, written verbatim (no indentation inside it). */
  text(name: string, content: string, a: Attrs = []): this {
    this.lines.push(`${this.pad}<${name}${attrs(a)}>${escapeText(content)}</${name}>`);
    return this;
  }

  toString(): string {
    if (this.stack.length > 0) throw new Error(`Unexpected end of document, expected </${this.stack.at(-1)}>`);
    return this.lines.join('\n') + '\n';
  }
}
