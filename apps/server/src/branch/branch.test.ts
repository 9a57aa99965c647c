import { BRANCHES } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemo } from '../seed/demo.seed.js'
import { useTestDatabase } from '../test/test-database.js'
import { appRouter } from '../trpc/app-router.js'
import { createCallerFactory } from '../trpc/init.js'
import { createContextInner } from '../trpc/context.js'

const database = useTestDatabase()
const createCaller = createCallerFactory(appRouter)

beforeEach(async () => {
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
