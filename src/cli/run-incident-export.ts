// `vigil incident export`: opens the bot database as the other CLI commands do and prints the export.
import { loadConfig } from '../config/load-config.ts';
import { migrate } from '../db/migrate.ts';
import { exportIncident, exportIncidentId, type ExportFormat } from '../summaries/export-incident.ts';
import { openCliDatabase } from './open-cli-database.ts';

/** The text `vigil incident export <id> --format <format>` prints. */
export async function runIncidentExport(env: NodeJS.ProcessEnv, id: string, format: ExportFormat): Promise<string> {
  const incidentId = exportIncidentId(id);
  const db = await openCliDatabase(loadConfig(env));
  try {
    await migrate(db.pool);
    return await exportIncident(db.pool, incidentId, format);
  } finally {
    await db.close();
  }
}
