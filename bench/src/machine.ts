import { execFileSync } from 'node:child_process'
import os from 'node:os'

/** What the figures were measured on: they mean little without it. */
export interface Machine {
  nproc: number
  memoryGiB: number
  cpuModel: string
  node: string
  /** 1-minute load average when the run started: other work on a shared machine skews figures. */
  loadAverage: number
}

/** Describes this machine (`nproc`, total memory, CPU model, Node version, load). Never throws. */
export function describeMachine(): Machine {
  let nproc = os.availableParallelism()
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc
  } catch {
    // nproc missing: the runtime's count is the same figure on Linux.
  }
  return {
    nproc,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  }
}

export function machineLine(m: Machine): string {
  return `${m.nproc} CPU (nproc), ${m.memoryGiB} GiB RAM, ${m.cpuModel}, Node ${m.node}, load average ${m.loadAverage} at start`
}
