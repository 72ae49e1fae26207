import { afterAll, beforeAll, describe, it } from 'vitest';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { registerIndependent } from '../helpers/register';
import { THREE_STAGE_PEOPLE, threeStagesOverHttp } from '../helpers/three-stages';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  // The Independent Person and the panel are on the independence register (BANES 9.3), from outside the council.
  await registerIndependent(api.records, THREE_STAGE_PEOPLE);
});
afterAll(async () => {
  await api?.stop();
});

describe('a case through all three stages, over HTTP only, on the dev server', () => {
  it('holds every statutory date and ends completed, with every step attributed', async () => {
    await threeStagesOverHttp({ url: () => api.baseUrl, token: api.token });
  });
});
