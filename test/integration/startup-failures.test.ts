/**
 * A start that cannot succeed ends the real process with a non-zero exit code
 * and one coded fatal log line — not an unhandled rejection's stack trace, not
 * a hang. Each case spawns `agent/main.ts` under tsx with its own environment.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest'
import { openDatabase } from '../../agent/store/connect.js'
import { silentLogger } from '../support/databases.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface Exit { code: number | null; signal: string | null; stdout: string; stderr: string }

/** Runs the agent with only `env` (plus PATH) and waits for it to exit; a hang is killed after `limitMs`. */
function runAgent (env: Record<string, string>, limitMs = 20_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'agent/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', RINGCARD_LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += String(d) })
    child.stderr.on('data', (d) => { stderr += String(d) })
    const timer = setTimeout(() => { child.kill('SIGKILL') }, limitMs)
    child.on('error', reject)
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }) })
  })
}

/** The JSON lines on stdout at level fatal (60). */
function fatalLines (out: string): Array<Record<string, unknown>> {
  return out.split('\n').filter(Boolean).map(l => {
    try { return JSON.parse(l) as Record<string, unknown> } catch { return { unparsed: l } }
  }).filter(l => l['level'] === 60)
}

function expectOneFatal (expect: ExpectStatic, exit: Exit, code: string): Record<string, unknown> {
  expect(exit.signal, `killed: ${exit.stdout}${exit.stderr}`).toBeNull()
  expect(exit.code).not.toBe(0)
  const fatal = fatalLines(exit.stdout)
  expect(fatal, exit.stdout + exit.stderr).toHaveLength(1)
  expect(fatal[0]).toMatchObject({ code, msg: expect.any(String) })
  // No second, unstructured report of the same failure.
  expect(exit.stderr).not.toMatch(/UnhandledPromiseRejection|at async/)
  return fatal[0]!
}

describe('startup failures', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'ringcard-startup-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it.for<[string, string]>([
    ['RINGCARD_PORT', 'eighty'],
    // The level itself is bad: the fatal line still comes, at the default level.
    ['RINGCARD_LOG_LEVEL', 'loud']
  ])('%s=%s: RC_ERR_CONFIG_INVALID naming the variable', async ([name, value], { expect }) => {
    // Were the value accepted, the agent would start on a free port with a scratch database.
    const env = { RINGCARD_PORT: '0', RINGCARD_DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`, [name]: value }
    const fatal = expectOneFatal(expect, await runAgent(env), 'RC_ERR_CONFIG_INVALID')
    expect(fatal['msg']).toContain(name)
  })

  it('an unreachable database: RC_ERR_STORE_UNAVAILABLE, password not logged', async ({ expect }) => {
    const exit = await runAgent({ RINGCARD_DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/none' })
    expectOneFatal(expect, exit, 'RC_ERR_STORE_UNAVAILABLE')
    expect(exit.stdout + exit.stderr).not.toContain('hunter2')
  })

  it('a failing migration: RC_ERR_STARTUP_FAILED', async ({ expect }) => {
    // A table the first migration wants to create already exists with another shape.
    const file = join(dir, 'clash.db')
    const opened = await openDatabase(`sqlite:${file}`, silentLogger)
    await sql`create table operators (x integer)`.execute(opened.db)
    await opened.close()
    const fatal = expectOneFatal(expect, await runAgent({ RINGCARD_DATABASE_URL: `sqlite:${file}` }), 'RC_ERR_STARTUP_FAILED')
    expect(fatal['step']).toBe('migrate')
  })

  describe('a port in use', () => {
    let taken: Server
    beforeAll(async () => {
      taken = createServer()
      await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
    })
    afterAll(async () => { await new Promise(resolve => taken.close(resolve)) })

    it('RC_ERR_STARTUP_FAILED naming the address', async ({ expect }) => {
      const port = (taken.address() as { port: number }).port
      const fatal = expectOneFatal(expect, await runAgent({
        RINGCARD_PORT: String(port),
        RINGCARD_DATABASE_URL: `sqlite:${join(dir, 'port.db')}`,
        // A real (unreachable) PBX: no demo PBX, and the agent never gets to dial it.
        RINGCARD_AMI_URL: 'ami://rc:secret@127.0.0.1:1',
        RINGCARD_SEED_DEMO: 'no'
      }), 'RC_ERR_STARTUP_FAILED')
      expect(fatal['step']).toBe('listen')
      expect(fatal['msg']).toContain(`127.0.0.1:${port}`)
    })
  })
})
