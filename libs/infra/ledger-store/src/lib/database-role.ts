/** The ledger's runtime role (see the migration added_ledger_writer_role): SELECT and INSERT only. */
export const LEDGER_WRITER_ROLE = 'borderledger_ledger_writer';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * DATABASE_URL whose every connection switches to `role` at start-up (`-c role=…`, PostgreSQL's
 * SET ROLE as a startup option), so the pool never runs a statement with the login user's rights.
 */
export function databaseUrlWithRole(databaseUrl: string, role: string): string {
  if (!ROLE_NAME.test(role)) throw new RangeError(`invalid database role name "${role}"`);
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', `${options ? `${options} ` : ''}-c role=${role}`);
  return url.toString();
}
