import { publicProcedure, router } from '../trpc/init.js'
import { listBranches } from './branch.repository.js'

export const branchRouter = router({
  /** The 13 branches, in the agency's order. */
  list: publicProcedure.query(({ ctx }) => listBranches(ctx.db)),
})
