/**
 * The system of record: the council's complaint file, kept in PostgreSQL (or
 * embedded PGlite) beyond Temporal's history retention. See records/README.md.
 */
export { openDatabase, openPglite, openPostgres, type Db } from './db';
export { migrate, readMigrations } from './migrate';
export { Records, type RecordsOptions } from './repository';
// Delivery (the outbox, SMTP, GOV.UK Notify) is not storage: it lives in activities/delivery/.
export { snapshotFromState } from '../domain/complaint/snapshot';
export { CaseNotFound, DeliveryInProgress, RecordsInputError, TemplateError } from './errors';
export * from './types';
export { loadTemplates, renderLetter, TEMPLATES_DIR, type LetterTemplate, type RenderedLetter, type TemplateSet } from './letters/templates';
export { noticeValues, OMBUDSMAN_DETAILS, templateFor } from './letters/values';
export { contactOf, NO_CHANNEL_WARNING, type ContactChannel } from './letters/contact';
