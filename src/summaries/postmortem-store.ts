// The postmortems table: each incident's postmortem document, replaced on every rewrite with its version counted.
import type pg from 'pg';
import type { ReplacedSentence, SummarySource } from '../drafting/draft-schema.ts';

/** A stored postmortem. */
export interface StoredPostmortem {
  incidentId: number;
  /** 1 for the first document, one more on each rewrite. */
  version: number;
  source: SummarySource;
  markdown: string;
  facts: unknown;
  replaced: ReplacedSentence[];
  writtenBy: string;
  writtenAt: Date;
  channelId: string | null;
  fileId: string | null;
}

/** What a (re)written postmortem holds. */
export type NewPostmortem = Omit<StoredPostmortem, 'version' | 'channelId' | 'fileId'>;

function rowToPostmortem(r: Record<string, unknown>): StoredPostmortem {
  return {
    incidentId: Number(r.incident_id),
    version: Number(r.version),
    source: r.source as SummarySource,
    markdown: r.markdown as string,
    facts: r.facts,
    replaced: (r.replaced as ReplacedSentence[] | null) ?? [],
    writtenBy: r.written_by as string,
    writtenAt: r.written_at as Date,
    channelId: (r.channel_id as string | null) ?? null,
    fileId: (r.file_id as string | null) ?? null,
  };
}

/** Stores the incident's postmortem, replacing the one before (and forgetting its upload); returns it with its version. */
export async function savePostmortem(pool: pg.Pool, p: NewPostmortem): Promise<StoredPostmortem> {
  const { rows } = await pool.query(
    `INSERT INTO postmortems (incident_id, version, source, markdown, facts, replaced, written_by, written_at)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (incident_id) DO UPDATE SET
       version = postmortems.version + 1, source = EXCLUDED.source, markdown = EXCLUDED.markdown,
       facts = EXCLUDED.facts, replaced = EXCLUDED.replaced, written_by = EXCLUDED.written_by,
       written_at = EXCLUDED.written_at, channel_id = NULL, file_id = NULL
     RETURNING *`,
    [p.incidentId, p.source, p.markdown, JSON.stringify(p.facts), JSON.stringify(p.replaced), p.writtenBy, p.writtenAt],
  );
  return rowToPostmortem(rows[0]);
}

/** Records where version `version` was uploaded (a rewrite in between keeps its own, empty, upload). */
export async function recordPostmortemUpload(
  pool: pg.Pool,
  incidentId: number,
  version: number,
  upload: { channelId: string; fileId: string },
): Promise<void> {
  await pool.query('UPDATE postmortems SET channel_id = $3, file_id = $4 WHERE incident_id = $1 AND version = $2', [
    incidentId,
    version,
    upload.channelId,
    upload.fileId,
  ]);
}

/** The incident's postmortem, or null when none was written. */
export async function findPostmortem(pool: pg.Pool, incidentId: number): Promise<StoredPostmortem | null> {
  const { rows } = await pool.query('SELECT * FROM postmortems WHERE incident_id = $1', [incidentId]);
  return rows[0] ? rowToPostmortem(rows[0]) : null;
}
