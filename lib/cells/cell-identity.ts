import type pg from "pg";

/*
 * Which cell a database is, recorded in it (cell_identity, migration
 * 20261208050200): its row-level security then refuses the app role's writes
 * for a tenant whose row there names another cell. Named when a tenant first
 * leaves the control plane's database, the one database that keeps the row of
 * a tenant that has left (it is the directory); never renamed.
 */

/** Records, as the owner of the database `client` is connected to, that it is cell `name`. */
export async function nameCellDatabase(client: Pick<pg.ClientBase, "query">, name: string): Promise<void> {
  await client.query(`INSERT INTO cell_identity (name) VALUES ($1) ON CONFLICT (singleton) DO NOTHING`, [name]);
}
