import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../api/auth/roles';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * /docs and /openapi.json for a person: every operation says what it does and
 * who may call it, lists its fields with "required" and an example body, and
 * that example is one the API accepts (posted here to the real API: never a
 * 400; a 409 from the case's state is fine).
 */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ rateLimitPerMinute: 10_000 });
});
afterAll(async () => {
  await api?.stop();
});

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  requestBody?: { content: Record<string, { example?: unknown; schema?: { properties?: Record<string, { description?: string }> } }> };
}
type Paths = Record<string, Record<string, Operation>>;

async function openApi(): Promise<Paths> {
  return ((await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as { paths: Paths }).paths;
}

function withBodies(paths: Paths): Array<{ path: string; op: Operation; example: unknown }> {
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.values(ops)
      .filter((op) => op.requestBody)
      .map((op) => ({ path, op, example: op.requestBody!.content['application/json']?.example })),
  );
}

/** The first role an operation's description names ("Roles: a, b."), else a complaints manager. */
function roleFor(op: Operation): Role {
  const named = /Roles: ([a-z-]+)/.exec(op.description ?? '')?.[1];
  return (ROLES as readonly string[]).includes(named ?? '') ? (named as Role) : 'complaints-manager';
}

async function post(path: string, body: unknown, role: Role, method = 'POST'): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function get<T>(path: string, role: Role = 'complaints-manager'): Promise<T> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(role)}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

describe('the OpenAPI document', () => {
  it('gives every operation with a body a summary of what it does, field descriptions and an example body', async () => {
    const bodies = withBodies(await openApi());
    expect(bodies.length).toBeGreaterThanOrEqual(43);
    for (const { path, op, example } of bodies) {
      expect(example, `${path}: example`).toBeTypeOf('object');
      expect(op.summary, path).not.toMatch(/^The [a-z-]+ (command|decision)/);
    }
    const create = bodies.find((b) => b.op.operationId === 'createComplaint')!;
    const fields = create.op.requestBody!.content['application/json']!.schema!.properties!;
    for (const name of ['receivedAt', 'channel', 'complainant', 'summary', 'matterOccurredOn', 'team']) expect(fields[name]?.description, name).toBeTruthy();
  });

  it('has example bodies the API accepts: posted to every operation, none is refused as invalid', async () => {
    const bodies = withBodies(await openApi());
    const example = (operationId: string) => bodies.find((b) => b.op.operationId === operationId)!;
    const answers: Array<[string, number, string]> = [];
    const send = async (path: string, op: Operation, body: unknown, method = 'POST') => {
      const res = await post(path, body, roleFor(op), method);
      const text = await res.text();
      answers.push([op.operationId, res.status, text.slice(0, 300)]);
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };

    // A case from the create example, then every command's example on it (a 409 from its state is fine).
    const created = await send('/v1/complaints', example('createComplaint').op, example('createComplaint').example);
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    for (const b of bodies.filter((x) => x.path.startsWith('/v1/complaints/{reference}/commands/'))) {
      await send(b.path.replace('{reference}', reference), b.op, b.example);
    }

    // A recommendation's action, from findings on a second case, for the action commands.
    const second = await send('/v1/complaints', example('createComplaint').op, { ...(example('createComplaint').example as object), summary: 'A second case' });
    const ref2 = second.body.reference as string;
    expect((await post(`/v1/complaints/${ref2}/commands/triage`, { decision: 'stage1' }, 'complaints-officer')).status).toBe(200);
    expect((await post(`/v1/complaints/${ref2}/commands/record-findings`, example('command_record_findings').example, 'complaints-manager')).status).toBe(200);
    const { actions } = await eventually(
      () => get<{ actions: Array<{ id: string }> }>(`/v1/actions?reference=${ref2}`),
      (page) => page.actions.length > 0,
      30_000,
    );
    for (const name of ['reassign', 'extend', 'complete']) {
      const b = example(`action_${name}`);
      await send(b.path.replace('{id}', encodeURIComponent(actions[0]!.id)), b.op, b.example);
    }

    // The unreasonable-conduct decisions, about the first case's complainant.
    const { people } = await get<{ people: Array<{ id: number; role: string }> }>(`/v1/complaints/${reference}`);
    const personId = people.find((p) => p.role === 'complainant')!.id;
    // Equalities monitoring and the child's care flag, on the first case.
    for (const id of ['recordEqualities', 'recordChildCare']) await send(example(id).path.replace('{reference}', reference), example(id).op, example(id).example);
    for (const b of bodies.filter((x) => x.path.startsWith('/v1/conduct/'))) {
      await send(b.path.replace('{personId}', String(personId)), b.op, b.example);
    }

    // An import checked as a dry run, a closure day, a compliment, a representation and a subject access request.
    const imported = await send('/v1/imports?dryRun=true', example('importCases').op, example('importCases').example);
    expect((imported.body.results as Array<{ status: string }>)[0]).toMatchObject({ status: 'would-start' });
    for (const id of ['changeCalendar', 'log_compliment', 'log_representation', 'subjectAccess']) await send(example(id).path, example(id).op, example(id).example);
    // An MP's enquiry and a service request, each then answered.
    for (const [log, then] of [['log_enquiry', 'answer_enquiry'], ['log_service_request', 'service_request_outcome']] as const) {
      const logged = await send(example(log).path, example(log).op, example(log).example);
      await send(example(then).path.replace('{id}', String(logged.body.id)), example(then).op, example(then).example);
    }

    // The independence register and a case's communication needs (PUT).
    await send('/v1/register/ip.baker', example('putRegisterEntry').op, example('putRegisterEntry').example, 'PUT');
    await send(`/v1/complaints/${reference}/communication-needs`, example('putCommunicationNeeds').op, example('putCommunicationNeeds').example, 'PUT');

    const covered = new Set(answers.map(([id]) => id));
    expect(bodies.filter((b) => !covered.has(b.op.operationId)).map((b) => b.op.operationId)).toEqual([]);
    // Accepted, or refused by the case's state: never invalid, forbidden or missing.
    expect(answers.filter(([, status]) => ![200, 201, 202, 409].includes(status))).toEqual([]);
  }, 180_000);
});

// npm test installs Debian's chromium when it is missing (scripts/bootstrap.mjs); never skipped.
describe('/docs in a browser', () => {
  it('reads as a person expects: what each command does, who may send it, fields with "required", an example body; no accessibility violations', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      expect((await page.goto(`${api.baseUrl}/docs`))?.status()).toBe(200);
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe("Children's complaints engine API");
      await expect(page.getByRole('heading', { level: 2, name: 'Commands: the steps of the procedure' }).isVisible()).resolves.toBe(true);

      const extend = page.locator('section#command_extend');
      await expect(extend.getByRole('heading', { level: 3 }).innerText()).resolves.toBe('POST /v1/complaints/{reference}/commands/extend');
      const text = await extend.innerText();
      expect(text).toContain("Extends a deadline by working days, with the reason told to the complainant; Stage 2 and a later panel need the complainant's agreement");
      expect(text).toContain('Who may call it: complaints-officer, complaints-manager, service-manager');
      const reason = await extend.locator('tr', { has: page.locator('th', { hasText: /^reason$/ }) }).innerText();
      expect(reason).toMatch(/^reason\s+required\s+text \(1 to 2000 characters\)\s+Why, as told to the complainant in the extension letter\./);
      const at = await extend.locator('tr', { has: page.locator('th', { hasText: /^at$/ }) }).innerText();
      expect(at).toMatch(/^at\s+optional\s+a date-time with Z or an offset, such as 2026-11-20T09:30:00Z/);
      const body = JSON.parse(await extend.locator('pre.example').innerText()) as unknown;
      expect(body).toEqual({ deadline: 'stage1.respond', workingDays: 10, reason: 'An advocate is being arranged' });
      // No date regexes for a person to decode.
      expect(await page.locator('main').innerText()).not.toContain('(?:');
      expect(await page.locator('pre.example').count()).toBeGreaterThanOrEqual(43);
      expect(requests).toHaveLength(1);
      expect(await axeViolations(page)).toEqual([]);
      console.log(`docs screenshots: ${await screenshot(page, 'docs-top', page.locator('header'))}, ${await screenshot(page, 'docs-extend', extend)}`);
      await screenshot(page, 'docs-create', page.locator('section#createComplaint'));
    } finally {
      await browser.close();
    }
  }, 90_000);
});
