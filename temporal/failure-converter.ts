// Loaded into the workflow bundle (failureConverterPath) and by clients: a
// failure's message and stack travel as an encoded payload, so the codec
// encrypts them too.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
