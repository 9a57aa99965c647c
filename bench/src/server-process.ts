import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { REPO_ROOT } from './results.js'

/** The built server (`pnpm --filter @leap/server build`; turbo builds it before `bench`). */
export const SERVER_MAIN = path.join(REPO_ROOT, 'apps/server/dist/main.js')

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  pid: number
  port: number
  base: string
  /** Everything the process wrote to stderr so far (errors, warnings). */
  stderr: () => string
  /** Resident set size now, in MiB (from /proc), or null once the process is gone. */
  rssMiB: () => number | null
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop: () => Promise<void>
  /** SIGKILL at once (the crash the fault tests simulate). */
  kill9: () => Promise<void>
}

/** Polls `url` until it answers `status` (default 200) or `timeoutMs` passes. */
export async function waitFor(url: string, timeoutMs: number, status = 200): Promise<boolean> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.status === status) return true
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return false
}

/**
 * Starts the built server (`main.js start`: migrate, demo seed on an empty database, listen) on a
 * free port of 127.0.0.1 and waits for /healthz. `env` adds DATABASE_URL or DATA_DIR and so on.
 */
export async function startServer(env: Record<string, string>, options: { port?: number; timeoutMs?: number; nodeArgs?: readonly string[] } = {}): Promise<ServerProcess> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run pnpm --filter @leap/server build`)
  const port = options.port ?? (await freePort())
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_MAIN, 'start'], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000)
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  const up = await Promise.race([waitFor(`${base}/healthz`, options.timeoutMs ?? 120_000), exited.then(() => false)])
  if (!up) {
    child.kill('SIGKILL')
    throw new Error(`server did not come up on ${base}:\n${stderr.slice(-3000)}`)
  }
  const pid = child.pid!
  return {
    child,
    pid,
    port,
    base,
    stderr: () => stderr,
    rssMiB: () => {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
        return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null
      } catch {
        return null
      }
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGKILL')
      await exited
    },
  }
}

/** A signed-in HTTP client: session and CSRF cookies, as the admin SPA holds them. */
export interface Session {
  username: string
  cookie: string
  csrf: string
  /** The raw session token (the cookie value). */
  token: string
}

/** Signs `username` in over HTTP with the demo password. */
export async function signIn(base: string, username: string, password = 'demo-1234'): Promise<Session> {
  const csrf = `bench-csrf-${username}-0123456789abcdef`
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: `leap_csrf=${csrf}` },
    body: JSON.stringify({ username, password }),
  })
  const token = res.headers.getSetCookie().map((c) => /^leap_session=([^;]+)/.exec(c)?.[1]).find(Boolean)
  if (res.status !== 200 || !token) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`)
  return { username, token, csrf, cookie: `leap_session=${token}; leap_csrf=${csrf}` }
}

/**
 * CPU time a process has used so far (user + system), in ms, from /proc/<pid>/stat (clock ticks of
 * 10 ms, the Linux default USER_HZ). Null when the process is gone. Per-request CPU is far steadier
 * than requests per second on a shared machine: it says what each request costs, not who got the core.
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name "(…)", which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}
