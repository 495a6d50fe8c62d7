// A minimal element tree over htmlparser2's XML mode: names without namespace prefixes (QDA tools
// write the default namespace, some a prefix), attributes and direct text with entities decoded.
import { Parser } from 'htmlparser2';
import { RefiError } from './errors.ts';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Text directly inside this element (not its children's). */
  text: string;
}

const local = (name: string): string => name.slice(name.indexOf(':') + 1);

export function parseXml(xml: string, where: string): XmlNode {
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const node: XmlNode = { name: local(name), attrs, children: [], text: '' };
        stack.at(-1)!.children.push(node);
        stack.push(node);
      },
      ontext(text) {
        stack.at(-1)!.text += text;
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true },
  );
  parser.write(xml.replace(/^\uFEFF/, ''));
  parser.end();
  const top = root.children[0];
  if (!top) throw new RefiError(`Unexpected ${where} without a root element, expected XML`);
  return top;
}

export const childrenNamed = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);
export const childNamed = (n: XmlNode, name: string): XmlNode | undefined => n.children.find((c) => c.name === name);
