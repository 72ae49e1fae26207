import type { Request, Response, Router } from 'express';
import { currentView, refusalOf, sendComplaintCommand, type ComplaintCommandDeps } from '../../api/complaint-command';
import { caseAccess, requireCaseCommand } from '../../api/auth/case-access';
import { ProblemError } from '../../api/problems';
import type { CommandName } from '../../domain/complaint/commands';
import type { CaseView } from '../../domain/complaint/state';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { isIsoDate, londonDateOf } from '../../domain/dates';
import { DEADLINE_LABELS } from '../../records/letters/values';
import { longDate } from '../pages';
import { formFor, pastNotice, readForm, refusalErrors, FORM_ID, type CommandForm, type ErrorItem, type FormBody } from './command-form';
import { words } from './command-words';

/**
 * Every command of the complaint's table as a page, at
 * /staff/cases/{reference}/commands/{command}: the form (command-form.ts)
 * beside the case's clocks, posted through the API's own command logic
 * (api/complaint-command.ts), so the same access rule, roles, part limits,
 * register check and idempotency apply. A case the person does not reach is
 * not found; a command their part in it may not send is a 403 page. A step
 * dated an earlier day says what it will and will not send, and is sent only
 * once the person has seen that and presses the button again.
 */
export interface CommandPagesDeps extends ComplaintCommandDeps {
  render: (req: Request, res: Response, view: string, ctx: Record<string, unknown> & { title: string }, status?: number) => void;
  caseRef: (raw: string) => string;
  notFound: (req: Request, res: Response) => void;
}

/** The hidden field that says the person saw the notice for a step dated this (earlier) London day. */
const PAST_SEEN = '_past';
/** The idempotency key as the API takes it (api/idempotency.ts). */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface ClockLine {
  key: string;
  label: string;
  due: string;
  dueText: string;
  state: string;
}

/** The case's clocks, soonest first: dates and states only. */
export function clocksOf(view: CaseView): ClockLine[] {
  return [...view.deadlines]
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : 1))
    .map((d) => ({ key: d.key, label: DEADLINE_LABELS[d.key] ?? d.key, due: d.due, dueText: longDate(d.due), state: d.state }));
}

/** The clocks a step started or moved: a running clock not there before, or due another day. */
export function datesSet(before: CaseView, after: CaseView): Array<{ key: string; due: string }> {
  const was = new Map(before.deadlines.map((d) => [d.key, d]));
  return after.deadlines
    .filter((d) => (d.state === 'pending' || d.state === 'paused') && (was.get(d.key)?.due !== d.due || !['pending', 'paused'].includes(was.get(d.key)!.state)))
    .map((d) => ({ key: d.key, due: d.due }));
}

/** The banner on the case page after a step, from its query (`done`, and `set=<clock>:<date>` each): read back only as what it may name. */
export function doneBanner(query: Request['query']): { what: string; dates: Array<{ label: string; dueText: string; due: string }> } | undefined {
  // `logged`: the complaint was just logged (new-case.ts); otherwise the command just sent.
  const done = typeof query.done === 'string' && (query.done === 'logged' || Object.hasOwn(COMMAND_TABLE, query.done)) ? query.done : undefined;
  if (!done) return undefined;
  const set = ([] as unknown[]).concat(query.set ?? []).filter((s): s is string => typeof s === 'string').slice(0, 20);
  const dates = set.flatMap((s) => {
    const [key, due] = s.split(':');
    return key && due && Object.hasOwn(DEADLINE_LABELS, key) && isIsoDate(due) ? [{ label: DEADLINE_LABELS[key]!, due, dueText: longDate(due) }] : [];
  });
  return { what: done === 'logged' ? 'Complaint logged' : `${words(done)}: done`, dates };
}

export function commandPages(router: Router, deps: CommandPagesDeps): void {
  const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMAND_TABLE, name);

  /** The case as the person may act on it with this command: 404 when they do not reach it, 403 when their part may not send it. */
  const prepare = async (req: Request) => {
    const command = String(req.params.command);
    if (!isCommand(command)) return undefined;
    const reference = deps.caseRef(String(req.params.reference));
    const caller = req.staff!.caller;
    requireCaseCommand(await caseAccess(deps, caller, reference), caller, COMMAND_TABLE[command].roles, `The ${command} command`);
    return { command, reference, caller, view: await currentView(deps.client, reference) };
  };

  const show = (req: Request, res: Response, ctx: { command: CommandName; reference: string; view: CaseView; form: CommandForm; past?: ReturnType<typeof pastNotice> }, status = 200) =>
    deps.render(
      req,
      res,
      'command.njk',
      {
        title: `${ctx.form.title} – ${ctx.reference}`,
        reference: ctx.reference,
        // The layout shows the summary; the form's fields carry each error beside them.
        errors: ctx.form.errors,
        form: { ...ctx.form, errors: [] },
        action: `/staff/cases/${ctx.reference}/commands/${ctx.command}`,
        past: ctx.past ?? null,
        pastSeen: PAST_SEEN,
        clocks: clocksOf(ctx.view),
        backHref: `/staff/cases/${ctx.reference}`,
      },
      status,
    );

  router.get('/cases/:reference/commands/:command', async (req, res) => {
    const at = await prepare(req);
    if (!at) return deps.notFound(req, res);
    const form = formFor(at.command, { viewer: at.caller, caseView: at.view, today: londonDateOf(deps.now()) });
    show(req, res, { ...at, form });
  });

  router.post('/cases/:reference/commands/:command', async (req, res) => {
    const at = await prepare(req);
    if (!at) return deps.notFound(req, res);
    const body = (req.body ?? {}) as FormBody;
    const today = londonDateOf(deps.now());
    const again = (errors: ErrorItem[], status: number, past?: ReturnType<typeof pastNotice>) =>
      show(req, res, { ...at, form: formFor(at.command, { viewer: at.caller, caseView: at.view, today, values: body, errors }), past }, status);
    const { [PAST_SEEN]: seen, ...fields } = body;
    const read = readForm(at.command, fields);
    if (!read.ok) return again(read.errors, read.adding ? 200 : 400);
    const key = read.idempotencyKey;
    if (key !== undefined && !KEY_PATTERN.test(key)) return again([{ field: null, href: `#${FORM_ID}`, text: 'The form was damaged: go back to the case and open it again' }], 400);
    // A step dated an earlier day: the person sees what it will and will not send before it goes.
    const past = pastNotice(at.command, read.input as { at?: string; sendLetter?: boolean; backdateReason?: string }, deps.now());
    if (past && seen !== past.datedOn) return again([], 200, past);
    try {
      const { view } = await sendComplaintCommand(deps, { caller: at.caller, reference: at.reference, command: at.command, body: read.input, key: () => key });
      const query = new URLSearchParams({ done: at.command });
      for (const d of datesSet(at.view, view)) query.append('set', `${d.key}:${d.due}`);
      res.redirect(303, `/staff/cases/${at.reference}?${query}#done`);
    } catch (error) {
      const refusal = refusalOf(error);
      const form = formFor(at.command, { viewer: at.caller, caseView: at.view, today, values: body });
      if (refusal !== undefined) return again(refusalErrors(at.command, refusal, form), 409, past);
      if (error instanceof ProblemError && error.status !== 404) {
        // The form checks what the API checks: what remains is a role a field calls for, a part's limit, the register, a reused key.
        const listed = (error.extra.errors as Array<{ field: string; message: string }> | undefined) ?? [];
        const text = listed.length ? listed.map((e) => `${e.field}: ${e.message}`) : [error.detail ?? error.title];
        return again(text.map((t) => ({ field: null, href: `#${FORM_ID}`, text: t })), error.status, past);
      }
      throw error;
    }
  });
}
