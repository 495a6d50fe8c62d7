// Reading projects written by other tools: ATLAS.ti's real exports (../shared/refi-qda) and a
// hand-written project in the shapes other vendors use (Sources/ folder, {GUID} braces,
// uppercase GUIDs, inline text, codings without codeframe provenance, bad positions).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { importQdpx, readCodebookXml, readProject, restoreCodings, RefiError } from '../../../src/interchange/refi/index.ts';
import { needShared, shared } from '../../helpers/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'codeframe-refi-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const enc = new TextEncoder();

describe.runIf(needShared('REFI-QDA import of ATLAS.ti exports'))('real ATLAS.ti 23 exports', () => {
  it('reads users and no codes from the blank project', () => {
    const p = importQdpx(shared('refi-qda', 'blank-atlas-project.qdpx'));
    expect(p.name).toBe('blank-atlas-project');
    expect(p.users.map((u) => u.name)).toEqual(['Enric Llagostera', 'ATLAS.ti']);
    expect(p.codes).toEqual([]);
    expect(p.sources).toEqual([]);
  });

  it('reads the nested codes, GUIDs normalized to lowercase', () => {
    const p = importQdpx(shared('refi-qda', 'target-atlas-project.qdpx'));
    expect(p.codes.map((c) => [c.name, c.parent, c.isCodable])).toEqual([
      ['Commits', null, true],
      ['2022-05-10T02:05:59Z 19e4dce', 'a182cd3a-d83c-4d8c-bc80-26d9103ec6d6', true],
      ['2022-02-11T10:39:25Z cdbfd92', 'a182cd3a-d83c-4d8c-bc80-26d9103ec6d6', true],
    ]);
    expect(p.problems).toEqual([]);
  });
});

const OTHER = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="other" origin="SomeTool 1.0">
  <Users><User guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Ana"/></Users>
  <CodeBook><Codes>
    <Code guid="{BBBBBBBB-0000-4000-8000-000000000001}" name="Topics" isCodable="false">
      <Code guid="BBBBBBBB-0000-4000-8000-000000000002" name="Economy" isCodable="true"><Description>jobs</Description></Code>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="CCCCCCCC-0000-4000-8000-000000000001" name="a.txt" plainTextPath="internal://CCCCCCCC-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="DDDDDDDD-0000-4000-8000-000000000001" startPosition="2" endPosition="8" creatingUser="AAAAAAAA-0000-4000-8000-000000000001">
        <Description>A memo</Description>
        <Coding guid="EEEEEEEE-0000-4000-8000-000000000001"><CodeRef targetGUID="{bbbbbbbb-0000-4000-8000-000000000002}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="DDDDDDDD-0000-4000-8000-000000000002" startPosition="5" endPosition="99"/>
    </TextSource>
    <TextSource guid="CCCCCCCC-0000-4000-8000-000000000002" name="inline"><PlainTextContent>🙂 inline text</PlainTextContent>
      <PlainTextSelection guid="DDDDDDDD-0000-4000-8000-000000000003" startPosition="2" endPosition="8"/>
    </TextSource>
    <TextSource guid="CCCCCCCC-0000-4000-8000-000000000003" name="far" plainTextPath="absolute:///C:/data/far.txt"/>
    <TextSource guid="CCCCCCCC-0000-4000-8000-000000000004" name="gone" plainTextPath="internal://missing.txt"/>
  </Sources>
</Project>`;

describe('a project in other vendors\' shapes', () => {
  const p = readProject(
    { 'project.qde': enc.encode(OTHER), 'Sources/CCCCCCCC-0000-4000-8000-000000000001.txt': enc.encode('𝔘𝔫 economy and more') },
    'other.qdpx',
  );

  it('finds texts in Sources/ or inline, and cuts selections by code points', () => {
    expect(p.sources.map((s) => [s.name, s.text])).toEqual([
      ['a.txt', '𝔘𝔫 economy and more'],
      ['inline', '🙂 inline text'],
      ['far', null],
      ['gone', null],
    ]);
    expect(p.selections.map((s) => [s.text, s.start, s.end, s.codes, s.creatingUser])).toEqual([
      [' econo', 4, 10, ['bbbbbbbb-0000-4000-8000-000000000002'], 'Ana'],
      ['inline', 3, 9, [], null],
    ]);
  });

  it('reports what it cannot read instead of throwing', () => {
    expect(p.problems).toEqual([
      'source `a.txt`: unexpected selection [5, 99], expected positions within [0, 19]',
      'source `far`: text at `absolute:///C:/data/far.txt` is outside the .qdpx, expected internal://',
      'source `gone`: unexpected missing file for `internal://missing.txt`, expected it in sources/',
    ]);
  });

  it('restores a tool-made coding as a coder coding of the named code', () => {
    expect(restoreCodings(p)).toEqual([
      {
        document: null, codebookVersion: null, segmentId: null, unit: null, start: 4, end: 10, codeId: 'Economy', ruleId: null,
        runId: null, negated: false, spans: [[4, 10]], status: null, coder: 'Ana',
      },
    ]);
  });

  it('reads the same code tree from a project and from a bare codebook', () => {
    const qdc = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${OTHER.split('<Codes>')[1]!.split('</Codes>')[0]}</Codes></CodeBook>`;
    const strip = (cs: typeof p.codes) => cs.map((c) => [c.guid, c.name, c.parent, c.description]);
    expect(strip(readCodebookXml(qdc))).toEqual(strip(p.codes));
    expect(strip(p.codes)[1]).toEqual(['bbbbbbbb-0000-4000-8000-000000000002', 'Economy', 'bbbbbbbb-0000-4000-8000-000000000001', 'jobs']);
  });
});

describe('files that are not REFI-QDA projects', () => {
  it.each([
    ['not a zip', enc.encode('hello'), /expected a \.qdpx zip/],
    ['a zip without project.qde', zipSync({ 'x.txt': enc.encode('x') }), /without project\.qde/],
    ['a zip whose project.qde is a codebook', zipSync({ 'project.qde': enc.encode('<CodeBook/>') }), /root <CodeBook>.*expected <Project>/],
  ])('%s', (_name, bytes, message) => {
    const file = join(tmp, 'x.qdpx');
    writeFileSync(file, bytes);
    expect(() => importQdpx(file)).toThrow(RefiError);
    expect(() => importQdpx(file)).toThrow(message);
  });
});
