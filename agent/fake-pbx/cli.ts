/**
 * `npm run fake-pbx -- [--port 5038] [--speed 1] [--user u] [--secret s] [--loop] [--pause-ms 3000] <trace.jsonl…>`
 *
 * Without `--loop` the traces play once, one after the other, starting at the
 * first successful login, and the server stays up. With `--loop` they replay
 * forever from the start, like the demo. Ctrl-C stops it.
 */
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { FakePbx } from './fake-pbx.js'
import { loadTrace } from './trace.js'

const log = pino({ name: 'fake-pbx' })

function number (value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${value}`)
  return n
}

async function main (): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      speed: { type: 'string' },
      user: { type: 'string' },
      secret: { type: 'string' },
      loop: { type: 'boolean', default: false },
      'pause-ms': { type: 'string' }
    }
  })
  const traces = await Promise.all(positionals.map(loadTrace))
  const speed = number(values.speed, 'speed', 1)
  if (speed <= 0) throw new Error('--speed must be > 0')
  const pbx = new FakePbx({
    logger: log,
    ...(values.user === undefined ? {} : { user: values.user }),
    ...(values.secret === undefined ? {} : { secret: values.secret }),
    ...(values.loop && traces.length > 0
      ? { loop: { items: traces.map(trace => ({ trace })), speed, pauseMs: number(values['pause-ms'], 'pause-ms', 3000) } }
      : {})
  })
  const { port } = await pbx.listen(number(values.port, 'port', 5038))
  log.info({ port, traces: traces.map(t => t.name), loop: values.loop }, 'fake PBX ready')

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void pbx.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)

  if (!values.loop && traces.length > 0) {
    await pbx.waitForLogin(1, 2 ** 31 - 1)
    for (const trace of traces) await pbx.play(trace, { speed })
    log.info('all traces played; still listening (Ctrl-C to stop)')
  }
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'fake PBX failed')
  process.exitCode = 1
})
