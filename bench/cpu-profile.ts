// Where a workflow thread's time goes, from a `--cpu-prof` profile of a bench
// run (`node --import tsx --cpu-prof --cpu-prof-dir=prof bench/idle-wake.ts`,
// then `npx tsx bench/cpu-profile.ts prof/<the workflow thread's>.cpuprofile`).
// Each sample is put to the innermost module of the workflow bundle being
// evaluated on its stack (what a module builds when loaded), and to the SDK
// frames that make up a workflow's creation and activation. `--from=<µs> --to=<µs>` keep the samples in a
// window of the monotonic clock (the idle-wake section prints its marks).
import fs from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const file = args.find((a) => !a.startsWith('--'));
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [--from=µs] [--to=µs] [--cases=N] [--top=N]');
const from = Number(option('from') ?? 0);
const to = Number(option('to') ?? Infinity);
const cases = Number(option('cases') ?? 1);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

// The webpack bundle names each module's factory by the module's path (`./domain/policy.ts`).
const moduleOf = (f: CallFrame) =>
  f.url.includes('workflow-bundle') && /^\.\.?\//.test(f.functionName) ? f.functionName.replace(/^(\.\.\/)*(\.\/)?(.*node_modules\/)?/, '') : undefined;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const byModule = new Map<string, number>();
const byFrame = new Map<string, number>();
const bySelf = new Map<string, number>();
let total = 0;
let busy = 0;
let t = profile.startTime;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i]!;
  if (t < from || t > to) return;
  const dt = profile.timeDeltas[i]! / 1000;
  total += dt;
  const leaf = byId.get(id)!;
  if (leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') return;
  busy += dt;
  const self = `${leaf.callFrame.functionName || '(anonymous)'} ${leaf.callFrame.url.split('/').slice(-2).join('/')}:${leaf.callFrame.lineNumber}`;
  bySelf.set(self, (bySelf.get(self) ?? 0) + dt);
  let module: string | undefined;
  const frames = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n)!.callFrame;
    module ??= moduleOf(f);
    if (['createWorkflow', 'importWorkflows', 'activate', 'concludeActivation', '(garbage collector)', 'init', 'prepareStackTrace'].includes(f.functionName)) frames.add(f.functionName);
  }
  if (leaf.callFrame.functionName === '(garbage collector)') frames.add('(garbage collector)');
  if (module) byModule.set(module, (byModule.get(module) ?? 0) + dt);
  for (const f of frames) byFrame.set(f, (byFrame.get(f) ?? 0) + dt);
});

const ms = (v: number) => v.toFixed(v < 10 ? 1 : 0);
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${ms(total)} ms in the window, ${ms(busy)} ms busy; per case over ${cases}`);
console.log('\n| frame on the stack | ms in all | ms a case |\n|---|---|---|');
for (const [k, v] of top(byFrame, 20)) console.log(`| ${k} | ${ms(v)} | ${ms(v / cases)} |`);
const evaluated = [...byModule.values()].reduce((a, b) => a + b, 0);
console.log(`\nmodule evaluation, by the innermost module on the stack: ${ms(evaluated)} ms in all\n\n| module | ms in all | ms a case |\n|---|---|---|`);
for (const [k, v] of top(byModule, Number(option('top') ?? 30))) console.log(`| ${k} | ${ms(v)} | ${ms(v / cases)} |`);
console.log('\n| self time, function | ms |\n|---|---|');
for (const [k, v] of top(bySelf, 25)) console.log(`| ${k} | ${ms(v)} |`);
