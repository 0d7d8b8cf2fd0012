import { describe, expect, it } from 'vitest'
import type { AgentLeg, Call } from '../../../agent/model/call.js'
import { formatExtensionRef, parseExtensionRef, type Operator } from '../../../agent/model/operator.js'
import { mayWorkOn } from '../../../agent/screen-pop/call-access.js'
import { concerns, toCallView } from '../../../agent/screen-pop/call-view.js'
import type { CallMatch } from '../../../agent/contracts/ws.js'
import { call as buildCall, leg } from '../../support/calls.js'

/** Two PBXs, each with an extension 1001, owned by different operators. */
const anna: Operator = {
  id: 1, login: 'anna', displayName: 'Anna Berg', role: 'operator',
  extensions: ['1001'], endpoints: [{ pbxId: 'default', extension: '1001' }]
}
const bo: Operator = {
  id: 2, login: 'bo', displayName: 'Bo Lind', role: 'operator',
  extensions: [], endpoints: [{ pbxId: 'b', extension: '1001' }, { pbxId: 'b', extension: '1002' }]
}
const operators = [anna, bo]
const nameOf = (extension: string, pbxId: string): string | null =>
  operators.find(o => o.endpoints.some(e => e.pbxId === pbxId && e.extension === extension))?.displayName ?? null

function call (pbxId: string, legs: AgentLeg[], over: Partial<Call> = {}): Call {
  return buildCall(`${pbxId}:20261203T181000:1.1`, legs, { pbxId, remote: { number: '+4930111', name: null, withheld: false }, ...over })
}

const match: CallMatch = { kind: 'unknown', number: '+49 30 111', e164: '+4930111' }

describe('an extension means something only on its PBX', () => {
  it('a call on pbx b never concerns the operator of default\'s 1001, only the operator of b\'s 1001', () => {
    const onB = call('b', [leg('1001', 'ringing')])
    expect(concerns(onB, anna)).toBe(false)
    expect(concerns(onB, bo)).toBe(true)
    const onDefault = call('default', [leg('1001', 'ringing')])
    expect(concerns(onDefault, anna)).toBe(true)
    expect(concerns(onDefault, bo)).toBe(false)
  })

  it('nor may that operator work on it, even after it was answered at "1001"', () => {
    const answered = call('b', [leg('1001', 'answered', 2000)], { state: 'connected', answeredBy: '1001', answeredAt: 2000 })
    expect(mayWorkOn(answered, anna)).toBe(false)
    expect(mayWorkOn(answered, bo)).toBe(true)
  })

  it('"answered by" names the colleague on the call\'s PBX, and "my leg" is found only there', () => {
    const onB = call('b', [leg('1002', 'cancelled'), leg('1001', 'answered', 2000)], { state: 'connected', answeredBy: '1001', answeredAt: 2000 })
    // Bo rang at 1002 and answered at 1001 on pbx b: the view is his own, not "answered by".
    expect(toCallView(onB, match, bo, false, nameOf)).toMatchObject({ myLeg: 'answered', answeredBy: null, answeredByName: null })
    const onBByColleague = call('b', [leg('1002', 'cancelled'), leg('1003', 'answered', 2000)], { state: 'connected', answeredBy: '1003', answeredAt: 2000 })
    expect(toCallView(onBByColleague, match, bo, false, nameOf)).toMatchObject({ myLeg: 'cancelled', answeredBy: '1003', answeredByName: null })
    // Anna's 1001 is on the default PBX: b's 1001 answering is a stranger to her, named after b's owner.
    expect(toCallView(onB, match, anna, false, nameOf)).toMatchObject({ myLeg: null, answeredBy: '1001', answeredByName: 'Bo Lind' })
  })
})

describe('extension references', () => {
  it('reads 1001 as the default PBX and pbx2/1001 as pbx2, and writes them back the same way', () => {
    expect(parseExtensionRef('1001')).toEqual({ pbxId: 'default', extension: '1001' })
    expect(parseExtensionRef('pbx2/1001')).toEqual({ pbxId: 'pbx2', extension: '1001' })
    expect(parseExtensionRef(' pbx-2.a / *99 ')).toEqual({ pbxId: 'pbx-2.a', extension: '*99' })
    for (const bad of ['', 'pbx2/', '/1001', 'a:b/1001', 'pbx2/10a1', 'a/b/1001']) expect(parseExtensionRef(bad), bad).toBeNull()
    expect(['1001', 'pbx2/1001'].map(t => formatExtensionRef(parseExtensionRef(t)!))).toEqual(['1001', 'pbx2/1001'])
  })
})
