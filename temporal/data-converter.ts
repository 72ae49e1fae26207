import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, type PayloadKeys } from './codec';

/** The failure converter that encodes failure messages and stacks (so they are encrypted too). */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));

/** The data converter every client and worker of this product uses; without keys, payloads are plain (tests of workflow logic). */
export function dataConverter(keys: PayloadKeys | undefined): DataConverter {
  return { failureConverterPath: FAILURE_CONVERTER_PATH, payloadCodecs: keys ? [new EncryptionCodec(keys)] : [] };
}
