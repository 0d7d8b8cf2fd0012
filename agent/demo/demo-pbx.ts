/**
 * Demo mode: a fake Asterisk on loopback that replays real recorded calls to
 * extension 1001, with the recorded caller swapped for demo customers, so a
 * newcomer sees every kind of pop within a minute of `npm start`. The agent
 * talks to it over real AMI/TCP exactly as it would to a real PBX.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from 'pino'
import { FakePbx } from '../fake-pbx/fake-pbx.js'
import { loadTrace } from '../fake-pbx/trace.js'
import { DEMO_NUMBERS } from './seed.js'

const TRACES = fileURLToPath(new URL('../../test/fixtures/ami/', import.meta.url))
/** The number and name every recorded inbound call carries. */
const RECORDED_NUMBER = '+4915112345678'
const RECORDED_NAME = 'Jane Doe'

/** One demo call: which recording, and who calls. */
interface DemoCall { readonly file: string; readonly number: string; readonly name: string }

/** The order a newcomer sees: a known customer, a colleague answering, a chooser, an unknown caller, a missed call. */
const SCRIPT: readonly DemoCall[] = [
  { file: '01-inbound-answered.jsonl', number: DEMO_NUMBERS.jane, name: 'Jane Doe' },
  { file: '05-queue-answered.jsonl', number: DEMO_NUMBERS.pat, name: 'Pat O\'Brien' },
  { file: '01-inbound-answered.jsonl', number: DEMO_NUMBERS.shared, name: 'SCHMIDT M' },
  { file: '01-inbound-answered.jsonl', number: DEMO_NUMBERS.unknown, name: 'MUENCHEN' },
  { file: '03-inbound-noanswer.jsonl', number: DEMO_NUMBERS.berlin, name: 'WAGNER K' },
  { file: '01-inbound-answered.jsonl', number: DEMO_NUMBERS.persian, name: 'TEHRANI' }
]

/** DEMO_NUMBERS.unknown for round 0, then neighbours of it: never seeded, so they pop "unknown caller". */
function strangerNumber (round: number): string {
  const base = DEMO_NUMBERS.unknown
  return base.slice(0, -3) + String((Number(base.slice(-3)) + round) % 1000).padStart(3, '0')
}

export interface DemoPbxOptions {
  readonly logger: Logger
  /** Pause between two demo calls. */
  readonly intervalMs: number
  /** Slower than real time, so a person can watch a 1 s ring. */
  readonly speed?: number
  /** True while an operator is signed in; demo calls ring only then, so nobody misses the first one. */
  readonly watching: () => boolean
}

export interface DemoPbx {
  /** Where the agent's AMI adapter connects (secret is random per run). */
  readonly amiUrl: string
  /** Starts the call loop; the first call rings 2 s after the first operator signs in. */
  start (): void
  stop (): Promise<void>
}

export async function startDemoPbx (opts: DemoPbxOptions): Promise<DemoPbx> {
  const secret = randomBytes(12).toString('hex')
  const pbx = new FakePbx({ user: 'ringcard-demo', secret, logger: opts.logger })
  const { port } = await pbx.listen(0)
  const traces = await Promise.all(SCRIPT.map(async c => ({ call: c, trace: await loadTrace(TRACES + c.file) })))
  const speed = opts.speed ?? 0.4
  let stopped = false
  let running: Promise<void> | null = null
  const abort = new AbortController()
  const pause = (ms: number): Promise<void> => sleep(ms, undefined, { signal: abort.signal })

  const someoneWatching = async (): Promise<void> => {
    if (opts.watching()) return
    while (!opts.watching()) await pause(250)
    // Give the page a moment after sign-in before the phone rings.
    await pause(2000)
  }

  const loop = async (): Promise<void> => {
    for (let round = 0; !stopped; round++) {
      for (const { call, trace } of traces) {
        await someoneWatching()
        if (stopped) return
        opts.logger.info({ recording: call.file }, 'demo call ringing extension 1001')
        // A lead created for the unknown caller would match next round: each round has a new stranger.
        const number = call.number === DEMO_NUMBERS.unknown ? strangerNumber(round) : call.number
        await pbx.play(trace, { speed, rewrite: { [RECORDED_NUMBER]: number, [RECORDED_NAME]: call.name } })
        await pause(opts.intervalMs)
      }
    }
  }

  return {
    amiUrl: `ami://ringcard-demo:${secret}@127.0.0.1:${port}`,
    start () {
      running ??= loop().catch((err: unknown) => {
        if (!stopped) opts.logger.error({ err }, 'demo PBX loop stopped')
      })
    },
    async stop () {
      stopped = true
      abort.abort()
      await pbx.close()
      await running
    }
  }
}
