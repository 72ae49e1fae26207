import { afterEach, describe, expect, it, vi } from 'vitest';

// The worker evaluates every module of the workflow bundle again for each
// workflow it creates, so loading them must build nothing: no zod schema, no
// parsed policy. Counted here by every use of zod's `z` while the workflow
// modules load, then as a command's schema or the policy is first read.
let zodUses: string[] = [];

async function loadFresh() {
  vi.resetModules();
  zodUses = [];
  vi.doMock('zod', async (importOriginal) => {
    const real = await importOriginal<typeof import('zod')>();
    const counted = new Proxy(real.z, {
      get(target, key, receiver) {
        if (typeof key === 'string') zodUses.push(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { ...real, z: counted };
  });
  const workflows = await import('../../workflows/index');
  const complaint = await import('../../domain/complaint/table');
  const conduct = await import('../../domain/conduct/table');
  const actions = await import('../../domain/actions/table');
  const commands = await import('../../domain/complaint/commands');
  const policy = await import('../../domain/policy');
  return { workflows, complaint, conduct, actions, commands, policy };
}

afterEach(() => {
  vi.doUnmock('zod');
  vi.resetModules();
});

describe('the workflow bundle builds on first use, not when loaded', () => {
  it('loads every workflow module, command table and the policies without using zod', async () => {
    const { workflows, complaint, conduct, actions, commands } = await loadFresh();
    expect(Object.keys(workflows).length).toBeGreaterThan(0);
    // The tables and their names are there without building a schema.
    expect(Object.keys(complaint.COMMAND_TABLE).sort()).toEqual([...commands.COMMAND_NAMES].sort());
    expect(Object.keys(conduct.CONDUCT_TABLE)).toEqual(['warn', 'restrict', 'review', 'refuse-contact', 'discontinue', 'lift']);
    expect(Object.keys(actions.ACTION_TABLE)).toEqual(['complete', 'reassign', 'extend']);
    expect(complaint.COMMAND_TABLE.triage.roles.length).toBeGreaterThan(0);
    expect(zodUses).toEqual([]);
  });

  it("builds a command's schema when it is read, and it parses as before", async () => {
    const { complaint, conduct } = await loadFresh();
    expect(complaint.COMMAND_TABLE.triage.schema.safeParse({ actor: 'jo.smith', decision: 'stage1' }).success).toBe(true);
    expect(complaint.COMMAND_TABLE.triage.schema.safeParse({ actor: 'jo.smith', decision: 'stage9' }).success).toBe(false);
    const afterTriage = zodUses.length;
    expect(afterTriage).toBeGreaterThan(0);
    // Read again: the same schema, nothing built.
    expect(complaint.COMMAND_TABLE.triage.schema).toBe(complaint.COMMAND_TABLE.triage.schema);
    expect(zodUses.length).toBe(afterTriage);
    // Another kind's table is built only when one of its schemas is read.
    expect(conduct.CONDUCT_TABLE.warn.schema.safeParse({ actor: 'jo.smith', reason: 'Abusive calls' }).success).toBe(true);
    expect(zodUses.length).toBeGreaterThan(afterTriage);
  });

  it('every row of every table has its own command\'s schema', async () => {
    const { complaint, commands, conduct, actions } = await loadFresh();
    for (const [name, row] of Object.entries(complaint.COMMAND_TABLE)) expect(row.schema, name).toBe(commands.COMMAND_SCHEMAS[name as keyof typeof commands.COMMAND_SCHEMAS]);
    const conductSchemas = (await import('../../domain/conduct/commands')).CONDUCT_COMMAND_SCHEMAS;
    for (const [name, row] of Object.entries(conduct.CONDUCT_TABLE)) expect(row.schema, name).toBe(conductSchemas[name as keyof typeof conductSchemas]);
    const actionCommands = await import('../../domain/actions/commands');
    for (const [name, row] of Object.entries(actions.ACTION_TABLE)) {
      expect(row.schema, name).toBe(actionCommands.ACTION_COMMAND_SCHEMAS[name as keyof typeof actionCommands.ACTION_COMMAND_SCHEMAS]);
      expect(row.body, name).toBe(actionCommands.ACTION_COMMAND_BODIES[name as keyof typeof actionCommands.ACTION_COMMAND_BODIES]);
    }
  });

  it('parses the statutory policy when a field is first read, and it is the policy the parser gives', async () => {
    const { policy } = await loadFresh();
    const england = policy.ENGLAND_STATUTORY_POLICY;
    expect(zodUses).toEqual([]);
    expect(england.id).toBe('england-statutory');
    expect(zodUses.length).toBeGreaterThan(0);
    const parsed = policy.parsePolicy(JSON.parse(JSON.stringify(england)));
    expect(Object.keys(england)).toEqual(Object.keys(parsed));
    expect({ ...england }).toStrictEqual(parsed);
    expect(Object.isFrozen(england)).toBe(true);
    expect(Object.isFrozen(england.timescales)).toBe(true);
    expect(policy.getPolicy('england-statutory', 1)).toBe(england);
  });
});
