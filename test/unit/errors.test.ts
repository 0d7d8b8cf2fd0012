import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CORE_ERRORS, ERRORS, RingcardError, isCoded } from '../../agent/errors.js'
import { CRM_ERRORS } from '../../agent/crm/crm-errors.js'
import { DELIVERY_ERRORS } from '../../agent/delivery/delivery-errors.js'
import { SCREEN_POP_ERRORS } from '../../agent/screen-pop/screen-pop-errors.js'
import { STORE_ERRORS } from '../../agent/store/store-error.js'
import { CALL_ERRORS } from '../../agent/telephony/calls/call-errors.js'
import { AMI_ERRORS } from '../../agent/telephony/ami/ami-error.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

function readmeErrorRows (): Map<string, { status: number; message: string }> {
  const rows = new Map<string, { status: number; message: string }>()
  for (const m of readme.matchAll(/^\| `(RC_ERR_[A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)) {
    rows.set(m[1]!, { status: Number(m[2]), message: m[3]! })
  }
  return rows
}

describe('error registry', () => {
  it('README error table lists exactly the codes in agent/errors.ts, with the same status and message', () => {
    const rows = readmeErrorRows()
    expect([...rows.keys()].sort()).toEqual(Object.keys(ERRORS).sort())
    for (const [code, def] of Object.entries(ERRORS)) {
      expect(rows.get(code), code).toEqual({ status: def.status, message: def.message })
    }
  })

  it('each code is defined by exactly one area part', () => {
    const parts = [CORE_ERRORS, DELIVERY_ERRORS, CRM_ERRORS, AMI_ERRORS, CALL_ERRORS, SCREEN_POP_ERRORS, STORE_ERRORS]
    const all = parts.flatMap(p => Object.keys(p))
    expect(new Set(all).size).toBe(all.length)
    expect(all.length).toBe(Object.keys(ERRORS).length)
  })

  it('codes follow RC_ERR_<AREA>[_<WHAT>]', () => {
    for (const code of Object.keys(ERRORS)) expect(code).toMatch(/^RC_ERR_[A-Z]+(_[A-Z]+)*$/)
  })

  it('RingcardError carries code, status and the registry message by default', () => {
    const err = new RingcardError('RC_ERR_CALL_NOT_FOUND')
    expect(err.code).toBe('RC_ERR_CALL_NOT_FOUND')
    expect(err.statusCode).toBe(404)
    expect(err.message).toBe(ERRORS.RC_ERR_CALL_NOT_FOUND.message)
    expect(isCoded(err)).toBe(true)
    expect(isCoded(new Error('x'))).toBe(false)
    expect(isCoded(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false)
  })
})
