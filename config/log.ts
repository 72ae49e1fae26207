import type { Config } from './config';

export type LogLevel = Config['LOG_LEVEL'];

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A process's log lines, at `LOG_LEVEL` and above: debug and info on stdout, warn and error on stderr. */
export interface Log {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

function line(level: LogLevel, message: string, detail: unknown): string {
  const extra = detail === undefined ? '' : ` ${detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail)}`;
  return `${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}\n`;
}

/** The API's and the worker's logger: lines below `level` are not written. */
export function createLog(level: LogLevel, streams: Streams = process): Log {
  const at = (l: LogLevel) => (message: string, detail?: unknown) => {
    if (ORDER[l] < ORDER[level]) return;
    (ORDER[l] >= ORDER.warn ? streams.stderr : streams.stdout).write(line(l, message, detail));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The same level for the Temporal SDK's `Runtime` logger (worker, workflow `log`, core). */
export function sdkLogLevel(level: LogLevel): 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  return level.toUpperCase() as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}
