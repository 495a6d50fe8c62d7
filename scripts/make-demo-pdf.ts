// Generates corpus/demo/au-continental-ai-strategy-2024-summary.pdf, the demo corpus PDF, from
// the text below. The PDF is laid out like a small report (A5, running header, page numbers,
// paragraphs that cross pages, words hyphenated at line ends) so that `npm start` on a fresh
// clone shows what ingest's normalization removes and joins. The output is byte-for-byte
// deterministic and committed; test/scripts/make-demo-pdf.test.ts checks both.
//
//   npx tsx scripts/make-demo-pdf.ts           write the file
//   npx tsx scripts/make-demo-pdf.ts --check   exit 1 if the committed file differs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildPdf, SOFT_HYPHEN, wrapText, textWidth, type FontName, type PdfPage, type TextLine } from './lib/minipdf.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_PDF_PATH = resolve(REPO_ROOT, 'corpus/demo/au-continental-ai-strategy-2024-summary.pdf');

const SOURCE_URL = 'https://au.int/en/documents/20240809/continental-artificial-intelligence-strategy';
const TITLE = 'African Union Continental Artificial Intelligence Strategy (summary)';
const RUNNING_HEAD = 'AU Continental AI Strategy (2024) - codeframe demo summary';

type Block = { kind: 'title' | 'byline' | 'notice' | 'heading' | 'paragraph' | 'page-break'; text: string };

// Original summary written for this project (about 370 words); not the AU's text. A cover page
// (title, notice, abstract) comes first, as in many policy reports.
export const DEMO_BLOCKS: Block[] = [
  { kind: 'title', text: TITLE },
  { kind: 'byline', text: 'African Union Commission. Endorsed by the AU Executive Council, Accra, July 2024.' },
  { kind: 'notice', text: `Summary written for the codeframe demo corpus; not the original text. Source: ${SOURCE_URL}` },
  { kind: 'heading', text: 'At a glance' },
  {
    kind: 'paragraph',
    text:
      'The strategy frames AI as a development tool for Africa, asks member states for national frameworks ' +
      'built on accountability, transparency and interoperable standards, and seeks a stronger collective ' +
      'African voice in global AI governance.',
  },
  { kind: 'page-break', text: '' },
  { kind: 'heading', text: '1. Purpose and scope' },
  {
    kind: 'paragraph',
    text:
      "The African Union's Continental Artificial Intelligence Strategy, endorsed by the AU Executive Council " +
      'at its session in Accra in July 2024, sets out an Africa-centric and development-oriented approach to ' +
      'artificial intelligence. It ties AI to the goals of Agenda 2063 and the Sustainable Development Goals ' +
      'and treats the technology as a means of economic and social transformation rather than an end in itself. ' +
      'The strategy speaks to all member states and presents the continent as a regional actor that should help ' +
      'write global rules instead of importing rules written elsewhere.',
  },
  { kind: 'heading', text: '2. Economic foundations' },
  {
    kind: 'paragraph',
    text:
      'A large part of the document concerns the economic foundations that many African countries still lack: ' +
      'computing infrastructure, reliable energy, connectivity, and high-quality data sets, including data in ' +
      'African languages. It calls for investment in skills, research and start-ups, for public-sector adoption, ' +
      'and for regional cooperation that reduces dependence on a small number of foreign suppliers. Agriculture, ' +
      'health, education and public services are named as sectors where adoption could raise productivity.',
  },
  { kind: 'heading', text: '3. Governance principles' },
  {
    kind: 'paragraph',
    text:
      'Member states are asked to build national governance frameworks with clear accountability for harms, ' +
      'human oversight of high-risk uses, and transparency about how automated decisions are reached. The ' +
      'strategy stresses the interoperability of national rules and technical standards across the continent, ' +
      'so that a fragmented patchwork does not deter investors or block cross-border data flows. Among the risks ' +
      'it names are bias and discrimination, surveillance, disinformation that erodes trust in the information ' +
      'environment, and the use of AI in ways that threaten peace and security.',
  },
  { kind: 'heading', text: '4. Implementation and the global level' },
  {
    kind: 'paragraph',
    text:
      'Implementation is planned in two phases: from 2025 to 2026 for institutions, national strategies and ' +
      'resource mobilisation, and from 2027 to 2030 for delivering priority projects. The strategy also asks for ' +
      'stronger African participation in universal forums such as the United Nations, where the Global South has ' +
      'had little say in setting the agenda, while coordination through the AU gives smaller states collective ' +
      'weight when they negotiate with the major powers and their technology companies.',
  },
];

// Break points for long words, as a typesetter's hyphenation dictionary would give them.
const HYPHENATION: Record<string, string> = {
  accountability: 'account-abil-ity',
  connectivity: 'con-nec-tiv-ity',
  cooperation: 'co-op-er-a-tion',
  dependence: 'de-pend-ence',
  development: 'devel-op-ment',
  discrimination: 'dis-crim-i-na-tion',
  disinformation: 'dis-in-for-ma-tion',
  environment: 'en-vi-ron-ment',
  governance: 'gov-ern-ance',
  implementation: 'imple-men-ta-tion',
  infrastructure: 'infra-struc-ture',
  intelligence: 'in-tel-li-gence',
  interoperability: 'inter-oper-abil-ity',
  investment: 'in-vest-ment',
  participation: 'par-tic-i-pa-tion',
  productivity: 'pro-duc-tiv-ity',
  strategies: 'strat-e-gies',
  technology: 'tech-nol-ogy',
  transformation: 'trans-for-ma-tion',
  transparency: 'trans-par-ency',
};

function hyphenate(text: string): string {
  return text.replace(/[A-Za-z]+/g, (word) => {
    const pattern = HYPHENATION[word.toLowerCase()];
    if (!pattern) return word;
    let i = 0;
    return pattern.replace(/[a-z-]/g, (c) => (c === '-' ? SOFT_HYPHEN : word[i++]));
  });
}

// A5 portrait, in points.
const PAGE = { width: 420, height: 595 };
const MARGIN = { left: 52, right: 52, top: 76, bottom: 66 };
const STYLE: Record<Block['kind'], { font: FontName; size: number; leading: number; before: number }> = {
  title: { font: 'Helvetica-Bold', size: 15, leading: 19, before: 0 },
  byline: { font: 'Helvetica', size: 9.5, leading: 13, before: 6 },
  notice: { font: 'Helvetica', size: 8, leading: 11, before: 8 },
  heading: { font: 'Helvetica-Bold', size: 11.5, leading: 16, before: 12 },
  paragraph: { font: 'Helvetica', size: 11.5, leading: 16, before: 4 },
  'page-break': { font: 'Helvetica', size: 0, leading: 0, before: 0 },
};

export interface DemoLayout {
  pages: PdfPage[];
  /** Line ends where a word was broken with a hyphen. */
  hyphenated: number;
}

/** Lays the blocks out on pages and adds the running head and page number to each page. */
export function layoutDemo(blocks: Block[] = DEMO_BLOCKS): DemoLayout {
  const textWidthMax = PAGE.width - MARGIN.left - MARGIN.right;
  const bodyPages: TextLine[][] = [[]];
  let y = PAGE.height - MARGIN.top;
  let hyphenated = 0;
  let first = true;
  for (const block of blocks) {
    if (block.kind === 'page-break') {
      bodyPages.push([]);
      y = PAGE.height - MARGIN.top;
      first = true;
      continue;
    }
    const style = STYLE[block.kind];
    const text = block.kind === 'paragraph' ? hyphenate(block.text) : block.text;
    const wrapped = wrapText(text, style.font, style.size, textWidthMax);
    hyphenated += wrapped.hyphenated;
    if (!first) y -= style.before;
    // Keep a heading with the first two lines of what follows it.
    const needed = block.kind === 'heading' ? style.leading * 3 : style.leading;
    if (y - needed < MARGIN.bottom) {
      bodyPages.push([]);
      y = PAGE.height - MARGIN.top;
    }
    for (const line of wrapped.lines) {
      if (y - style.leading < MARGIN.bottom) {
        bodyPages.push([]);
        y = PAGE.height - MARGIN.top;
      }
      y -= style.leading;
      bodyPages[bodyPages.length - 1].push({ x: MARGIN.left, y, size: style.size, font: style.font, text: line });
    }
    first = false;
  }
  const pages = bodyPages.map((lines, i): PdfPage => {
    const number = String(i + 1);
    const head: TextLine = { x: MARGIN.left, y: PAGE.height - 40, size: 8, font: 'Helvetica', text: RUNNING_HEAD };
    const foot: TextLine = {
      x: (PAGE.width - textWidth(number, 'Helvetica', 9)) / 2,
      y: 36,
      size: 9,
      font: 'Helvetica',
      text: number,
    };
    return { lines: [head, ...lines, foot] };
  });
  return { pages, hyphenated };
}

/** The demo PDF's bytes; throws if the layout lost what the demo is meant to show. */
export function buildDemoPdf(): Uint8Array {
  const { pages, hyphenated } = layoutDemo();
  if (pages.length < 3) throw new Error(`Unexpected ${pages.length} pages, expected at least 3: lengthen the text or shrink the page`);
  if (hyphenated < 1) throw new Error('Unexpected layout without a hyphenated line end, expected at least one');
  return buildPdf({
    width: PAGE.width,
    height: PAGE.height,
    pages,
    lang: 'en',
    info: {
      Title: TITLE,
      Author: 'codeframe demo corpus',
      Subject: `Summary of the African Union Continental AI Strategy (2024). Source: ${SOURCE_URL}`,
      Creator: 'codeframe scripts/make-demo-pdf.ts',
      Producer: 'codeframe scripts/lib/minipdf.ts',
    },
  });
}

/** Writes the demo PDF (by default to corpus/demo/) and says what it wrote. */
export function writeDemoPdf(path: string = DEMO_PDF_PATH): { path: string; bytes: number; pages: number } {
  const bytes = buildDemoPdf();
  writeFileSync(path, bytes);
  return { path, bytes: bytes.length, pages: layoutDemo().pages.length };
}

function main(args: string[]): number {
  if (args.includes('--check')) {
    const expected = buildDemoPdf();
    let actual: Buffer;
    try {
      actual = readFileSync(DEMO_PDF_PATH);
    } catch {
      console.error(`${DEMO_PDF_PATH} is missing; run npx tsx scripts/make-demo-pdf.ts`);
      return 1;
    }
    if (Buffer.compare(actual, Buffer.from(expected)) !== 0) {
      console.error(`${DEMO_PDF_PATH} differs from what scripts/make-demo-pdf.ts generates; regenerate it`);
      return 1;
    }
    console.log(`${DEMO_PDF_PATH} is up to date (${expected.length} bytes)`);
    return 0;
  }
  const out = writeDemoPdf();
  console.log(`wrote ${out.path} (${out.pages} pages, ${out.bytes} bytes)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
