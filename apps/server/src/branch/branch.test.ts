import { BRANCHES } from '@leap/domain'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../db/client.js'
import { seedDemo } from '../seed/demo.seed.js'
import { createTestDatabase, resetDatabase } from '../test/test-database.js'
import { appRouter } from '../trpc/app-router.js'
import { createCallerFactory } from '../trpc/init.js'
import { createContextInner } from '../trpc/context.js'

let database: DatabaseHandle
const createCaller = createCallerFactory(appRouter)

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.close()
})
beforeEach(async () => {
  await resetDatabase(database)
})

describe('branch.list', () => {
  it('returns nothing on an empty database', async () => {
    const caller = createCaller(createContextInner({ db: database.db, dbKind: database.kind }))
    expect(await caller.branch.list()).toEqual([])
  })

  it('returns the 13 seeded branches in agency order, once even if seeded twice', async () => {
    await seedDemo(database.db)
    await seedDemo(database.db)
    const caller = createCaller(createContextInner({ db: database.db, dbKind: database.kind }))
    const list = await caller.branch.list()
    expect(list.map((b) => b.code)).toEqual(BRANCHES.map((b) => b.code))
    expect(list[0]).toMatchObject({ code: 'TPE', name: '臺北分署' })
  })
})
