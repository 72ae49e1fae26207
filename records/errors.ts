/**
 * Errors of the records store, with stable names: the API maps
 * `CaseNotFound` to 404 and `RecordsInputError` to 400; activities list
 * `TemplateError` as non-retryable (a retry renders the same template).
 */
export class CaseNotFound extends Error {
  override name = 'CaseNotFound';
  constructor(readonly reference: string) {
    super(`no case ${reference} in the records store`);
  }
}

export class RecordsInputError extends Error {
  override name = 'RecordsInputError';
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Another delivery of the same notice holds the claim: retry later (it will be settled, or its claim will lapse). */
export class DeliveryInProgress extends Error {
  override name = 'DeliveryInProgress';
}
