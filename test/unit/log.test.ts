import { describe, expect, it } from 'vitest';
import { createLog, sdkLogLevel, type LogLevel } from '../../config/log';

function captured(level: LogLevel) {
  const out: string[] = [];
  const err: string[] = [];
  const log = createLog(level, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  log.debug('d');
  log.info('i');
  log.warn('w');
  log.error('e', new Error('boom'));
  const words = (lines: string[]) => lines.map((l) => l.trim().split(' ').slice(1, 3).join(' '));
  return { out: words(out), err: words(err), raw: err.join('') };
}

describe('LOG_LEVEL', () => {
  it('writes the lines at the level and above: debug and info on stdout, warn and error on stderr', () => {
    expect(captured('debug')).toMatchObject({ out: ['DEBUG d', 'INFO i'], err: ['WARN w', 'ERROR e'] });
    expect(captured('info')).toMatchObject({ out: ['INFO i'], err: ['WARN w', 'ERROR e'] });
    expect(captured('warn')).toMatchObject({ out: [], err: ['WARN w', 'ERROR e'] });
    expect(captured('error')).toMatchObject({ out: [], err: ['ERROR e'] });
    // An error's stack goes with its line.
    expect(captured('error').raw).toContain('Error: boom');
  });

  it("gives the Temporal SDK's Runtime logger the same level", () => {
    expect((['debug', 'info', 'warn', 'error'] as const).map(sdkLogLevel)).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
  });
});
