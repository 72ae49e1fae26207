// The cluster's processes: each started with its log in a file, stopped in
// reverse order, and any that dies on its own reported by name.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
}

export class Processes {
  private readonly running = new Map<string, { child: ChildProcess; exited: Promise<void> }>();
  private readonly expected = new Set<string>();
  private stopping = false;

  /** `onDeath` hears of every process that exits without being asked to. */
  constructor(private readonly onDeath: (name: string, how: string, logFile: string) => void) {}

  start(spec: ProcessSpec): ChildProcess {
    fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
    const log = fs.openSync(spec.logFile, 'a');
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.running.delete(spec.name);
        if (!this.stopping && !this.expected.delete(spec.name)) {
          this.onDeath(spec.name, signal ? `killed by ${signal}` : `exited with code ${code}`, spec.logFile);
        }
        resolve();
      });
    });
    this.running.set(spec.name, { child, exited });
    return child;
  }

  has(name: string): boolean {
    return this.running.has(name);
  }

  /** The running processes' names. */
  names(): string[] {
    return [...this.running.keys()];
  }

  pid(name: string): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  /** Sends `signal` to one process and waits for it to go (SIGKILL after `graceMs`). */
  async stop(name: string, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const entry = this.running.get(name);
    if (!entry) return;
    this.expected.add(name);
    entry.child.kill(signal);
    const timer = setTimeout(() => entry.child.kill('SIGKILL'), graceMs);
    await entry.exited;
    clearTimeout(timer);
  }

  /** Stops everything, the last started first. */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const name of [...this.running.keys()].reverse()) await this.stop(name, 'SIGTERM', graceMs);
  }
}
