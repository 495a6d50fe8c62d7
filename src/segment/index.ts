// Segment stage: normalized text → paragraphs and sentences as [start, end) offsets.
export { segmentId } from './ids.ts';
export { splitParagraphs } from './paragraphs.ts';
export { splitSentences } from './sentences.ts';
export { segmentDocument, pageAt } from './document.ts';
