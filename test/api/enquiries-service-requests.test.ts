import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function post(path: string, payload: unknown, role: Role = 'complaints-officer', key?: string) {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(payload),
  });
}

async function get(path: string, role: Role = 'complaints-officer') {
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(role)}` } });
}

async function command(reference: string, name: string, body: Record<string, unknown>): Promise<Json> {
  const res = await post(`/v1/complaints/${reference}/commands/${name}`, body);
  const json: Json = await res.json();
  expect(res.status, `${name}: ${JSON.stringify(json)}`).toBe(200);
  return json;
}

async function complaint(receivedAt: string, policy?: string): Promise<string> {
  const res = await post('/v1/complaints', {
    receivedAt,
    channel: 'email',
    complainant: { name: 'A Parent (fictional)', type: 'parent' },
    summary: 'The school transport was stopped without notice.',
    team: 'SEND',
    ...(policy ? { policy } : {}),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).reference;
}

const enquiry = {
  memberType: 'mp',
  memberName: 'A Member (fictional)',
  constituentName: 'A Constituent (fictional)',
  constituentContact: '1 Example Road, Exampletown',
  receivedOn: '2026-06-03',
  serviceArea: "Children's Social Care",
};

describe('MP and councillor enquiries, service requests (dev server)', () => {
  it('logs an enquiry (201) once per Idempotency-Key, records its answer, and logs every read of it', async () => {
    const reference = await complaint('2026-06-01T09:00:00Z');
    const res = await post('/v1/enquiries', { ...enquiry, reference }, 'complaints-officer', 'e-1');
    expect(res.status).toBe(201);
    const body: Json = await res.json();
    expect(body).toMatchObject({ id: expect.any(Number), ...enquiry, reference, answeredOn: null, recordedBy: 'complaints-officer-1' });
    expect(res.headers.get('location')).toBe(`/v1/enquiries/${body.id}`);
    expect(await (await post('/v1/enquiries', { ...enquiry, reference }, 'complaints-officer', 'e-1')).json()).toEqual(body);
    expect((await post('/v1/enquiries', { ...enquiry, receivedOn: '2026-06-04' }, 'complaints-officer', 'e-1')).status).toBe(409);

    const answered = await post(`/v1/enquiries/${body.id}/answered`, { answeredOn: '2026-06-10' });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as Json).answeredOn).toBe('2026-06-10');

    const before = (await api.records.listAccess({ actor: 'complaints-manager-1' })).length;
    expect(((await (await get('/v1/enquiries', 'complaints-manager')).json()) as Json).enquiries).toEqual([{ ...body, answeredOn: '2026-06-10' }]);
    expect(((await (await get(`/v1/enquiries/${body.id}`, 'complaints-manager')).json()) as Json).constituentName).toBe('A Constituent (fictional)');
    const reads = (await api.records.listAccess({ actor: 'complaints-manager-1' })).slice(before);
    expect(reads.map((r) => [r.reference, r.action, r.view])).toEqual([
      [null, 'read', 'enquiries'],
      [reference, 'read', 'enquiries'],
    ]);
  });

  it('refuses bad input naming the field (400), other roles (403) and unknown ids (404), changing nothing', async () => {
    const errors = async (res: Response) => {
      expect(res.status).toBe(400);
      return ((await res.json()) as Json).errors.map((e: Json) => e.field);
    };
    expect(await errors(await post('/v1/enquiries', { ...enquiry, memberType: 'peer', receivedOn: '2026-02-30' }))).toEqual(expect.arrayContaining(['memberType', 'receivedOn']));
    expect(await errors(await post('/v1/enquiries', { ...enquiry, receivedOn: '2999-01-01' }))).toEqual(['receivedOn']);
    expect(await errors(await post('/v1/enquiries', { ...enquiry, reference: 'CSC-2026-ZZZZZZ' }))).toEqual(['reference']);
    expect(await errors(await post('/v1/enquiries', { ...enquiry, reference: 'not-a-reference' }))).toEqual(['reference']);
    expect(await errors(await post('/v1/enquiries', { ...enquiry, answeredOn: '2026-06-01' }))).toEqual(['answeredOn']);
    expect(await errors(await post('/v1/enquiries', { ...enquiry, childName: 'A Child' }))).toEqual(['(body)']);
    expect(await errors(await post('/v1/service-requests', { receivedOn: '2026-06-01', team: 'Fostering', request: '', outcome: 'provided' }))).toEqual(
      expect.arrayContaining(['request', 'outcomeOn']),
    );
    expect(await errors(await post('/v1/service-requests', { receivedOn: '2026-06-05', team: 'Fostering', request: 'A car seat', outcome: 'provided', outcomeOn: '2026-06-01' }))).toEqual(['outcomeOn']);
    expect(await errors(await get('/v1/enquiries?limit=0'))).toEqual(['limit']);
    expect(await errors(await get('/v1/service-requests?cursor=nonsense'))).toEqual(['cursor']);

    for (const role of ['investigating-officer', 'service-manager', 'auditor', 'director'] as const) {
      expect((await post('/v1/enquiries', enquiry, role)).status).toBe(403);
      expect((await get('/v1/enquiries', role)).status).toBe(403);
      expect((await post('/v1/service-requests', { receivedOn: '2026-06-01', team: 'Fostering', request: 'A car seat' }, role)).status).toBe(403);
    }
    expect((await get('/v1/enquiries/999999')).status).toBe(404);
    expect((await get('/v1/enquiries/abc')).status).toBe(404);
    expect((await post('/v1/service-requests/999999/outcome', { outcome: 'provided', outcomeOn: '2026-06-02' })).status).toBe(404);
    expect(((await (await get('/v1/enquiries?from=2026-07-01')).json()) as Json).enquiries).toEqual([]);
  });

  it('the annual report counts corporate complaints answered (within / over 15 WD), enquiries and service requests, in JSON and on the page', async () => {
    // BANES answers corporate complaints: received Mon 1 Jun 2026, due Mon 22 Jun (15 WD).
    const inTime = await complaint('2026-06-01T09:00:00Z', 'banes');
    const late = await complaint('2026-06-01T09:30:00Z', 'banes');
    const routed = await complaint('2026-06-01T10:00:00Z');
    const request = await complaint('2026-06-02T10:00:00Z');
    for (const ref of [inTime, late]) {
      const v = await command(ref, 'triage', { decision: 'corporate', at: '2026-06-01T11:00:00Z' });
      expect(v.deadlines.find((d: Json) => d.key === 'corporate.respond')).toMatchObject({ due: '2026-06-22', state: 'pending' });
    }
    expect(await command(inTime, 'respond', { at: '2026-06-19T15:00:00Z' })).toMatchObject({ status: 'closed', outcome: { kind: 'resolved' } });
    // 14 WD after receipt (Fri 19 Jun) is within 15; 18 WD (Thu 25 Jun) is over: the average is 16.
    await command(late, 'respond', { at: '2026-06-25T15:00:00Z' });
    await command(routed, 'triage', { decision: 'corporate', reason: 'It is about Early Help.', at: '2026-06-01T11:00:00Z' });
    await command(request, 'triage', { decision: 'service-request', reason: 'You asked for a replacement car seat.', at: '2026-06-02T11:00:00Z' });

    expect((await post('/v1/enquiries', { ...enquiry, memberType: 'councillor', serviceArea: 'SEND', receivedOn: '2026-06-05' })).status).toBe(201);
    const logged: Json = await (await post('/v1/service-requests', { receivedOn: '2026-06-08', team: 'Fostering', request: 'Respite weekend' })).json();
    const outcome = await post(`/v1/service-requests/${logged.id}/outcome`, { outcome: 'arranged', outcomeOn: '2026-06-12' });
    expect(((await outcome.json()) as Json).outcome).toBe('arranged');
    expect(((await (await get('/v1/service-requests?team=Fostering')).json()) as Json).serviceRequests).toEqual([{ ...logged, outcome: 'arranged', outcomeOn: '2026-06-12' }]);

    const report: Json = await eventually(
      async () => (await (await get('/v1/reports/annual?from=2026-04-01&to=2027-03-31', 'complaints-manager')).json()) as Json,
      (r: Json) => r.corporate.answered === 2 && r.serviceRequests.triagedFromComplaints === 1,
    );
    expect(report.corporate).toEqual({ carriedOver: 0, received: 2, answered: 2, within15: 1, beyond15: 1, averageWorkingDays: 16, withdrawn: 0, notPursued: 0, carriedForward: 0, routedOut: 1 });
    // The answered ones are not statutory Stage 1 complaints; the routed-out and the service request are Stage 1 outside
    // scope; the first test's complaint, never triaged, is carried forward.
    expect(report.stages.stage1).toMatchObject({ received: 3, outsideScope: 2, resolved: 0, carriedForward: 1 });
    expect(report.enquiries).toEqual({
      received: 2,
      fromMps: 1,
      fromCouncillors: 1,
      concerningComplaints: 1,
      answered: 1,
      serviceAreas: [
        { serviceArea: "Children's Social Care", enquiries: 1 },
        { serviceArea: 'SEND', enquiries: 1 },
      ],
    });
    expect(report.serviceRequests).toEqual({
      received: 2,
      logged: 1,
      triagedFromComplaints: 1,
      teams: [
        { team: 'Fostering', requests: 1 },
        { team: 'SEND', requests: 1 },
      ],
      outcomes: [{ outcome: 'arranged', requests: 1 }],
    });
    // The chronology says what happened in plain words.
    const labels = await eventually(
      async () => (((await (await get(`/v1/complaints/${inTime}/chronology`, 'complaints-manager')).json()) as Json).entries as Array<{ label: string }>).map((e) => e.label),
      (l) => l.some((x) => x.startsWith('Letter')) && l.includes('Response to the corporate complaint sent; complaint closed'),
    );
    expect(labels).toEqual(expect.arrayContaining(['Triaged: a corporate complaint, answered by the complaints team', 'Response to the corporate complaint sent; complaint closed']));
    const page = await (await get('/v1/reports/annual?from=2026-04-01&to=2027-03-31&format=html', 'complaints-manager')).text();
    expect(page).toContain('Corporate complaints answered by the complaints team (15 working days)');
    expect(page).toContain('Enquiries from MPs and councillors');
    expect(page).toContain('Service requests');
    const csv = await (await get('/v1/reports/annual?from=2026-04-01&to=2027-03-31&format=csv', 'complaints-manager')).text();
    expect(csv).toContain('Carried over,Received,Answered,Within 15 working days,Over 15 working days,Average working days,Withdrawn,Carried forward,Routed to another procedure\r\n0,2,2,1,1,16,0,0,1');
    expect(csv).toContain('  complaints triaged as service requests,1');
    const doc: Json = await (await fetch(`${api.baseUrl}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/enquiries', '/v1/enquiries/{id}', '/v1/service-requests']));
  });
});
