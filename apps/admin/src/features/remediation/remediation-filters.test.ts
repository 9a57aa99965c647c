import { describe, expect, it } from 'vitest'
import { emptyFilters, filtersFromQuery, filtersToListInput, filtersToQuery } from './remediation-filters'

describe('remediation filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters = { branchId: 3, unitId: 12, roundId: 2, status: ['submitted', 'open'] as const, overdue: true, q: '流程圖', closed: true, page: 4 }
    const query = filtersToQuery({ ...filters, status: [...filters.status] })
    // Statuses are written in lifecycle order, whatever order they were picked in.
    expect(query).toEqual({ branch: '3', unit: '12', round: '2', status: 'open,submitted', overdue: '1', q: '流程圖', closed: '1', page: '4' })
    expect(filtersFromQuery(query as Record<string, string>)).toEqual({ ...filters, status: ['open', 'submitted'] })
  })

  it('leaves defaults out so a plain board has a plain address', () => {
    expect(filtersToQuery(emptyFilters)).toEqual({})
    expect(filtersFromQuery({})).toEqual(emptyFilters)
  })

  it('drops what it cannot read instead of failing on an edited link', () => {
    expect(filtersFromQuery({ branch: 'x', status: 'open,bogus', page: '-2', overdue: 'yes', round: '1e3' })).toEqual({
      ...emptyFilters,
      status: ['open'],
    })
  })

  it('ignores a unit without a branch, since units belong to one branch', () => {
    expect(filtersFromQuery({ unit: '5' }).unitId).toBeNull()
    expect(filtersToListInput({ ...emptyFilters, unitId: 5, closed: true }, 20)).toEqual({ page: 1, pageSize: 20 })
  })

  it('accepts repeated status parameters as well as a comma list', () => {
    expect(filtersFromQuery({ status: ['closed', 'returned,open'] }).status).toEqual(['open', 'returned', 'closed'])
  })

  it('sends only narrowing fields to the server', () => {
    expect(filtersToListInput({ branchId: 1, unitId: 2, roundId: null, status: ['open'], overdue: true, q: ' 網站 ', closed: false, page: 2 }, 50)).toEqual({
      branchId: 1,
      unitId: 2,
      status: ['open'],
      overdue: true,
      q: '網站',
      page: 2,
      pageSize: 50,
    })
  })

  it('hides closed and cancelled items unless asked for or picked by status', () => {
    expect(filtersToListInput(emptyFilters, 20).status).toEqual(['open', 'in_progress', 'submitted', 'returned'])
    expect(filtersToListInput({ ...emptyFilters, closed: true }, 20).status).toBeUndefined()
    expect(filtersToListInput({ ...emptyFilters, status: ['closed'] }, 20).status).toEqual(['closed'])
  })
})
