// Progress bars with rate and ETA on stderr; on a non-terminal (CI, logs) a line every few seconds.

export interface Progress {
  /** Adds done units of work (rows, tiles, bytes...). */
  tick(n?: number): void;
  /** Changes the expected total (estimates get refined). */
  setTotal(total: number): void;
  done(): void;
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n >= 10 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(2);
}

export function createProgress(label: string, total: number, unit: string,
  out: NodeJS.WriteStream = process.stderr): Progress {
  const start = Date.now();
  let count = 0;
  let lastDraw = 0;
  const tty = out.isTTY === true;
  const interval = tty ? 100 : 5000;
  const draw = (final: boolean): void => {
    const now = Date.now();
    if (!final && now - lastDraw < interval) return;
    lastDraw = now;
    const elapsed = (now - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const frac = total > 0 ? Math.min(1, count / total) : 0;
    const eta = rate > 0 ? Math.max(0, (total - count) / rate) : Infinity;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const text = `${label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${formatCount(count)}/${formatCount(total)} ${unit}` +
      ` ${formatCount(rate)} ${unit}/s ${final ? `in ${formatDuration(elapsed)}` : `ETA ${formatDuration(eta)}`}`;
    out.write(tty ? `\r${text}\x1b[K${final ? '\n' : ''}` : `${text}\n`);
  };
  return {
    tick(n = 1) { count += n; draw(false); },
    setTotal(t) { total = t; },
    done() { draw(true); },
  };
}
