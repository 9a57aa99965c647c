import { insertPetitions, insertPhoneTests, upsertSurveyTallies } from '../../indicator/indicator.repository.js'
import { type MatrixWorld, type PolicyMap, SIGNED_IN_ROLES } from './access-spec.js'
import { sampleRound } from './remediation.access-spec.js'

const everyone = SIGNED_IN_ROLES
const enterers = ['admin', 'manager', 'staff'] as const
const period = { from: '2025-01-01', to: '2025-12-31' }

// Committee members read indicators of every branch once they sit on a round.
const seated = (input: (branchId: number) => unknown) => async (world: MatrixWorld, { branchId }: { branchId: number }) => {
  await sampleRound(world)
  return input(branchId)
}

let sequence = 0

/** A fresh survey tally of the branch (version 1), for the delete sample. */
async function sampleSurveyTally(world: MatrixWorld, branchId: number): Promise<number> {
  const tally = { periodStart: '2025-01-01', periodEnd: '2025-06-30', surveyKind: 'public', question: `Q${(sequence += 1)}`, scale: 'four', indicator: null, counts: [1, 2, 3, 4], invalid: 0 }
  const [id] = await upsertSurveyTallies(world.db, [{ branchId, ...tally, createdBy: null }])
  return id!
}

/** A fresh phone test of the branch (version 1), for the correct/delete samples. */
async function samplePhoneTest(world: MatrixWorld, branchId: number): Promise<number> {
  const [id] = await insertPhoneTests(world.db, [{ branchId, testedOn: '2025-03-01', person: `P${(sequence += 1)}`, extension: null, components: {}, total: 92, note: null, createdBy: null }])
  return id!
}

/** A fresh petition of the branch (version 1), for the correct/delete samples. */
async function samplePetition(world: MatrixWorld, branchId: number): Promise<number> {
  const [id] = await insertPetitions(world.db, [{ branchId, receivedOn: '2025-03-01', closedOn: null, category: '其他', channel: '書面', subject: '', createdBy: null }])
  return id!
}

// The samples below need the row's branch: `seated` only hands over its id.
const seatedWith = (input: (world: MatrixWorld, branchId: number) => Promise<unknown>) => async (world: MatrixWorld, { branchId }: { branchId: number }) => {
  await sampleRound(world)
  return input(world, branchId)
}

/** Who enters a kind of row, with a sample input; the row's branch is the one the matrix picks. */
const entering = (input: (world: MatrixWorld, branchId: number) => Promise<unknown> | unknown) => ({ allowed: enterers, branchScoped: true, sampleInput: seatedWith(async (world, branchId) => input(world, branchId)) })
/** A change of one fresh row (version 1) of the branch, made by `sample`, with `fields`. */
const onFreshRow = (sample: (world: MatrixWorld, branchId: number) => Promise<number>, fields: Record<string, unknown> = {}) =>
  entering(async (world, branchId) => ({ id: await sample(world, branchId), expectedVersion: 1, ...fields }))
/** Any reader of the branch's indicators, over the period. */
const reading = { allowed: everyone, branchScoped: true, sampleInput: seated((branchId) => ({ branchId, ...period })) }

export const policy: PolicyMap = {
  'indicator.enterSurveyTallies': entering((_world, branchId) => ({
    branchId,
    periodStart: '2025-01-01',
    periodEnd: '2025-06-30',
    surveyKind: 'public',
    tallies: [{ question: `Q${(sequence += 1)}`, scale: 'four', indicator: 'environmentSatisfaction', counts: [80, 23, 1, 2], invalid: 0 }],
  })),
  'indicator.deleteSurveyTally': onFreshRow(sampleSurveyTally),
  'indicator.listSurveyTallies': reading,
  'indicator.enterPhoneTests': entering((_world, branchId) => ({ branchId, tests: [{ testedOn: '2025-03-01', person: '總機', total: 92 }] })),
  'indicator.correctPhoneTest': onFreshRow(samplePhoneTest, { total: 88.5 }),
  'indicator.deletePhoneTest': onFreshRow(samplePhoneTest),
  'indicator.listPhoneTests': reading,
  'indicator.enterPetitions': entering((_world, branchId) => ({ branchId, petitions: [{ receivedOn: '2025-03-01', closedOn: '2025-03-05', category: '其他', channel: '書面' }] })),
  'indicator.correctPetition': onFreshRow(samplePetition, { closedOn: '2025-03-04' }),
  'indicator.deletePetition': onFreshRow(samplePetition),
  'indicator.listPetitions': reading,
  'indicator.summary': reading,
}
