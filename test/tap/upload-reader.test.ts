// The streaming VOTable reader on its own: every chunking gives the same rows, XML details
// (namespaces, entities, CDATA, encodings), TABLEDATA value rules, and clear positioned errors.
import { describe, expect, it } from 'vitest';
import { readVotable, UploadFormatError, UploadLimitError, type VotableCell } from '../../src/tap/upload/index.ts';

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(text: string | Buffer, chunkSize = 1 << 16, maxRows = 1000): Promise<{ names: string[]; rows: VotableCell[][] }> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const table = await readVotable(chunked(bytes, chunkSize), { maxRows });
  const rows: VotableCell[][] = [];
  for await (const row of table.rows) rows.push(row);
  return { names: table.fields.map((f) => f.name), rows };
}

async function failure(text: string, maxRows = 1000): Promise<Error> {
  const err = await readAll(text, 1 << 16, maxRows).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

const doc = (fields: string, data: string): string =>
  `<?xml version="1.0"?>\n<VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n<RESOURCE>\n<TABLE>\n${fields}\n<DATA>${data}</DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n`;
const tabledata = (rows: string): string => `<TABLEDATA>${rows}</TABLEDATA>`;

describe('VOTable reader', () => {
  const sample = doc(
    '<FIELD name="i" datatype="int"><VALUES null="-1"/></FIELD><FIELD name="s" datatype="char" arraysize="*"/><FIELD name="b" datatype="boolean"/>',
    tabledata('<TR><TD>0x10</TD><TD>&lt;a&gt; &amp; &#233;&#x4e2d;</TD><TD>true</TD></TR>\n'
      + '<TR><TD>-1</TD><TD><![CDATA[<raw> & ]]></TD><TD>?</TD></TR>\n'
      + '<TR><TD> 7 </TD><TD>  keep spaces </TD><TD>f</TD></TR>'),
  );

  it('reads the same rows whatever the chunk boundaries', async () => {
    const whole = await readAll(sample);
    expect(whole.rows).toEqual([
      [16, '<a> & é中', true],
      [null, '<raw> & ', null],
      [7, '  keep spaces ', false],
    ]);
    for (const size of [1, 2, 3, 7, 64]) expect(await readAll(sample, size)).toEqual(whole);
  });

  it('multi-byte UTF-8 characters cut between chunks survive', async () => {
    const text = doc('<FIELD name="s" datatype="unicodeChar" arraysize="*"/>', tabledata('<TR><TD>Ωμέγα 中文</TD></TR>'));
    expect((await readAll(text, 1)).rows).toEqual([['Ωμέγα 中文']]);
  });

  it('honours a declared ISO-8859-1 encoding', async () => {
    const text = doc('<FIELD name="s" datatype="char" arraysize="*"/>', tabledata('<TR><TD>caf\u00e9</TD></TR>'))
      .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>');
    expect((await readAll(Buffer.from(text, 'latin1'))).rows).toEqual([['café']]);
  });

  it('accepts namespace prefixes, comments and a DOCTYPE', async () => {
    const text = `<?xml version="1.0"?><!DOCTYPE VOTABLE [<!ENTITY x "y">]><!-- a comment -->
<v:VOTABLE xmlns:v="http://www.ivoa.net/xml/VOTable/v1.3"><v:RESOURCE><v:TABLE name="t">
<v:FIELD name="x" datatype="double"/><!-- <TR> in a comment --><v:DATA><v:TABLEDATA><v:TR><v:TD>1.5</v:TD></v:TR></v:TABLEDATA></v:DATA>
</v:TABLE></v:RESOURCE></v:VOTABLE>`;
    expect(await readAll(text)).toEqual({ names: ['x'], rows: [[1.5]] });
  });

  it('reads TABLEDATA values: NaN and empty are null, Inf kept, hex is a bit pattern, arrays split on whitespace', async () => {
    const text = doc(
      '<FIELD name="f" datatype="float"/><FIELD name="s" datatype="short"/><FIELD name="l" datatype="long"/><FIELD name="p" datatype="double" arraysize="2" xtype="point"/>',
      tabledata('<TR><TD>NaN</TD><TD>0xFFFF</TD><TD>-0x10</TD><TD> 1.5\n  -2 </TD></TR><TR><TD>-Inf</TD><TD/><TD>12</TD><TD/></TR>'),
    );
    expect((await readAll(text)).rows).toEqual([[null, -1, -16n, [1.5, -2]], [-Infinity, null, 12n, null]]);
  });

  it('reads only the first TABLE and stops there', async () => {
    const text = doc('<FIELD name="a" datatype="int"/>', tabledata('<TR><TD>1</TD></TR>'))
      .replace('</RESOURCE>', '<TABLE><FIELD name="b" datatype="int"/><DATA><TABLEDATA><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE><broken');
    expect(await readAll(text)).toEqual({ names: ['a'], rows: [[1]] });
  });

  it('a TABLE without DATA has no rows', async () => {
    expect(await readAll(doc('<FIELD name="a" datatype="int"/>', '').replace('<DATA></DATA>', ''))).toEqual({ names: ['a'], rows: [] });
  });

  it('more rows than the limit is an UploadLimitError', async () => {
    const err = await failure(sample, 2);
    expect(err).toBeInstanceOf(UploadLimitError);
  });
});

describe('VOTable reader errors', () => {
  const field = '<FIELD name="a" datatype="int"/>';
  const cases: [string, string, RegExp][] = [
    ['mismatched tags', doc(field, tabledata('<TR><TD>1</TR>')), /^line 6, column \d+: <\/TR> does not close <TD> \(opened at line 6\)/],
    ['a bad integer', doc(field, tabledata('<TR><TD>1</TD></TR>\n<TR><TD>1.5</TD></TR>')), /line 7, column \d+: row 2, column a: "1\.5" is not an integer/],
    ['an integer out of range', doc('<FIELD name="s" datatype="short"/>', tabledata('<TR><TD>40000</TD></TR>')), /40000 is out of range for short/],
    ['too many cells', doc(field, tabledata('<TR><TD>1</TD><TD>2</TD></TR>')), /row 1 has more TD than the 1 FIELDs/],
    ['too few cells', doc(`${field}${field.replace('"a"', '"b"')}`, tabledata('<TR><TD>1</TD></TR>')), /row 1 has 1 TD for 2 FIELDs/],
    ['a bad boolean', doc('<FIELD name="b" datatype="boolean"/>', tabledata('<TR><TD>yes</TD></TR>')), /"yes" is not a boolean/],
    ['not a VOTable', '<?xml version="1.0"?><html><body/></html>', /the root element is <html>, not <VOTABLE>/],
    ['no TABLE', '<VOTABLE><RESOURCE/></VOTABLE>', /holds no TABLE/],
    ['a FIELD without datatype', doc('<FIELD name="a"/>', ''), /line 5, column 1: FIELD 1 \(a\) has no datatype/],
    ['an unknown datatype', doc('<FIELD name="a" datatype="integer"/>', ''), /datatype "integer" is not a VOTable datatype/],
    ['a bad arraysize', doc('<FIELD name="a" datatype="int" arraysize="*x2"/>', ''), /arraysize "\*x2"/],
    ['FITS data', doc(field, '<FITS><STREAM href="x.fits"/></FITS>'), /FITS-serialized uploads are not supported/],
    ['an external stream', doc(field, '<BINARY2><STREAM href="http://x/y"/></BINARY2>'), /href \(external data\) is not supported/],
    ['a gzip stream', doc(field, '<BINARY><STREAM encoding="gzip">AAAA</STREAM></BINARY>'), /encoding "gzip" is not supported/],
    ['junk in base64', doc(field, '<BINARY><STREAM encoding="base64">AAA*</STREAM></BINARY>'), /not base64/],
    ['a truncated row', doc(field, '<BINARY><STREAM encoding="base64">AAAAAQAA</STREAM></BINARY>'), /ends in the middle of row 2/],
    ['an unescaped ampersand', doc('<FIELD name="s" datatype="char" arraysize="*"/>', tabledata('<TR><TD>a & b</TD></TR>')), /"&" must be written &amp;/],
    ['a truncated document', doc(field, tabledata('<TR><TD>1</TD></TR>')).replace(/<\/DATA>[^]*/, ''), /the document ends inside <DATA> \(opened at line 6\)/],
  ];
  for (const [what, text, message] of cases) {
    it(`reports ${what} with where and why`, async () => {
      const err = await failure(text);
      expect(err).toBeInstanceOf(UploadFormatError);
      expect(err.message).toMatch(message);
    });
  }
});
