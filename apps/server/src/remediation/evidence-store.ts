import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { DatabaseKind } from '../db/client.js'

/** Where an evidence file's bytes live: a content-addressed file, or the `content` column. */
export type StoredEvidence = { storage: 'disk'; path: string; content: null } | { storage: 'db'; path: null; content: Uint8Array }

/**
 * Storage rule: embedded PGlite with a data directory keeps files on disk under
 * `DATA_DIR/evidence/<sha256>` (the wasm database stays small); PostgreSQL, or no data directory
 * (tests, in-memory), keeps them as bytea so one database backup holds everything.
 */
export function evidenceStorageFor(dbKind: DatabaseKind, dataDir: string | null): 'disk' | 'db' {
  return dbKind === 'pglite' && dataDir ? 'disk' : 'db'
}

/** Hex SHA-256 of the bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Stores the bytes by the rule of {@link evidenceStorageFor}. On disk the file is written to a
 * temporary name and renamed, so a reader never sees half a file; identical content is stored once.
 * The returned `path` is relative to `dataDir`.
 */
export async function storeEvidence(
  bytes: Uint8Array,
  sha256: string,
  where: { dbKind: DatabaseKind; dataDir: string | null },
): Promise<StoredEvidence> {
  if (evidenceStorageFor(where.dbKind, where.dataDir) === 'db' || !where.dataDir) {
    return { storage: 'db', path: null, content: bytes }
  }
  const relative = path.join('evidence', sha256)
  const target = path.join(where.dataDir, relative)
  await fs.mkdir(path.dirname(target), { recursive: true })
  try {
    await fs.access(target)
  } catch {
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`
    await fs.writeFile(temp, bytes)
    await fs.rename(temp, target)
  }
  return { storage: 'disk', path: relative, content: null }
}

/** Reads stored evidence back. Throws when a disk file has gone missing. */
export async function readEvidence(
  stored: { storage: 'disk' | 'db'; path: string | null; content: Uint8Array | null },
  dataDir: string | null,
): Promise<Uint8Array> {
  if (stored.storage === 'db') {
    if (!stored.content) throw new Error('evidence row has no content')
    return stored.content
  }
  if (!dataDir || !stored.path) throw new Error('evidence stored on disk but no data directory is configured')
  return fs.readFile(path.join(dataDir, stored.path))
}
