import { OFFICE, ROLES, type Role } from '../../domain/roles';

/**
 * The roles a token may carry (claim `roles`) are the procedure's
 * (domain/roles.ts). Who may send each command is its row in the kind's
 * command table (domain/<kind>/table.ts); the rest of the API's role rules
 * are here.
 */
export { ROLES, type Role };

/** Creating a case: the complaints team logs what arrives. */
export const CREATE_ROLES: readonly Role[] = OFFICE;
/** Who sees decoded payloads through the codec endpoint (the Temporal UI): operators who run the procedure. */
export const CODEC_ROLES: readonly Role[] = ['complaints-manager'];
