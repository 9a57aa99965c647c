import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The PostgreSQL the benchmarks use for scratch databases (trust auth on this machine). */
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** URL of database `name` on the same server as {@link ADMIN_URL}. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Creates an empty scratch database `leap_bench_<label>_<random>`; returns its name and URL. */
export async function createScratchDatabase(label: string): Promise<{ name: string; url: string }> {
  const name = `leap_bench_${label}_${randomBytes(4).toString('hex')}`
  await admin((c) => c.query(`create database ${name}`))
  return { name, url: databaseUrl(name) }
}

/** Drops a scratch database (only `leap_bench_*` names), closing its connections. Never throws. */
export async function dropScratchDatabase(name: string): Promise<void> {
  if (!/^leap_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}`)
  await admin((c) => c.query(`drop database if exists ${name} with (force)`)).catch((error: unknown) => {
    console.error(`could not drop ${name}: ${error instanceof Error ? error.message : String(error)}`)
  })
}
