import { afterAll, beforeAll, describe, it } from 'vitest';
import { registerIndependent } from '../helpers/register';
import { THREE_STAGE_PEOPLE, threeStagesOverHttp } from '../helpers/three-stages';
import { clusterApi, type ClusterApi } from './cluster';

let api: ClusterApi;
beforeAll(async () => {
  api = await clusterApi();
  await registerIndependent(api.records, THREE_STAGE_PEOPLE);
});
afterAll(async () => {
  await api?.close();
});

describe('a case through all three stages on the cluster (PostgreSQL, four Temporal services, mutual TLS)', () => {
  it('holds every statutory date and ends completed, each request to the next API instance in turn', async () => {
    await threeStagesOverHttp(api);
  });
});
