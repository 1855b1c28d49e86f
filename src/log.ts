// Structured logging: one JSON object per line on stderr (or a readable line on a terminal).
import type { LogLevel } from './config.ts';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(level: LogLevel = 'info', base: Record<string, unknown> = {},
  out: NodeJS.WritableStream = process.stderr): Logger {
  const pretty = (out as NodeJS.WriteStream).isTTY === true;
  const write = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (order[lvl] < order[level]) return;
    const record = { time: new Date().toISOString(), level: lvl, msg, ...base, ...fields };
    if (pretty) {
      const extra = Object.entries({ ...base, ...fields }).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      out.write(`${record.time.slice(11, 19)} ${lvl.padEnd(5)} ${msg}${extra.length ? ' ' + extra.join(' ') : ''}\n`);
    } else {
      out.write(JSON.stringify(record) + '\n');
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, out),
  };
}
