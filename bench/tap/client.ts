// HTTP client of the TAP benchmark: posts a form, reads the whole response while discarding its
// bytes (keeping the first and last 64 KiB and counting one byte pattern, e.g. rows), and times it.
import http from 'node:http';

const KEEP = 64 * 1024;
export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  status: number;
  location: string | undefined;
  bytes: number;
  seconds: number;
  /** Seconds until the response headers arrived. */
  firstByteSeconds: number;
  head: string;
  tail: string;
  /** Occurrences of the `count` pattern in the body. */
  matches: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  form?: Record<string, string>;
  /** Count occurrences of this byte pattern in the body (rows of CSV, <TR> of TABLEDATA). */
  count?: string;
  signal?: AbortSignal;
}

function countIn(chunk: Buffer, pattern: Buffer): number {
  let n = 0;
  for (let at = chunk.indexOf(pattern); at >= 0; at = chunk.indexOf(pattern, at + pattern.length)) n++;
  return n;
}

export function request(url: string, opts: RequestOptions = {}): Promise<Reply> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const pattern = opts.count ? Buffer.from(opts.count) : undefined;
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      agent, method: opts.method ?? (body ? 'POST' : 'GET'), ...(opts.signal ? { signal: opts.signal } : {}),
      headers: body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {},
    }, (res) => {
      const firstByteSeconds = Number(process.hrtime.bigint() - start) / 1e9;
      let bytes = 0;
      let matches = 0;
      const headParts: Buffer[] = [];
      let headBytes = 0;
      let tail: Buffer = Buffer.alloc(0);
      // A pattern split across two chunks is counted through the carried end of the previous one.
      let carry: Buffer = Buffer.alloc(0);
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (headBytes < KEEP) { headParts.push(chunk); headBytes += chunk.length; }
        tail = chunk.length >= KEEP ? chunk.subarray(chunk.length - KEEP) : Buffer.concat([tail, chunk]).subarray(-KEEP);
        if (pattern) {
          const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
          matches += countIn(joined, pattern);
          // The last (length - 1) bytes cannot hold a whole match, so none is counted twice.
          carry = Buffer.from(joined.subarray(joined.length - (pattern.length - 1)));
        }
      });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, location: res.headers.location, bytes, firstByteSeconds,
        seconds: Number(process.hrtime.bigint() - start) / 1e9,
        head: Buffer.concat(headParts).subarray(0, KEEP).toString('latin1'), tail: tail.toString('latin1'), matches,
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The translated SQL of a TAP query: read from the VOTable head (INFO name="SQL"), then the request is dropped. */
export async function translatedSql(tapUrl: string, form: Record<string, string>): Promise<string> {
  const abort = new AbortController();
  const body = new URLSearchParams({ ...form, RESPONSEFORMAT: 'votable' }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${tapUrl}/sync`, {
      method: 'POST', signal: abort.signal,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => {
        text += s;
        const m = /<INFO name="SQL" value="([^"]*)"/.exec(text);
        if (m) {
          abort.abort();
          resolve(unescapeXml(m[1] as string));
        } else if (text.length > 1e6 || text.includes('<DATA>')) {
          abort.abort();
          reject(new Error(`no INFO SQL in the response head:\n${text.slice(0, 2000)}`));
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', (err) => { if (!abort.signal.aborted) reject(err); });
    req.end(body);
  });
}

export function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name] as string;
  });
}
