/**
 * "An outcome the operator saved is never lost": a writer process is killed
 * with SIGKILL in the middle of its writes; every outcome it had confirmed
 * is in the database afterwards, nothing is half-written, and the database
 * opens cleanly.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { dialects, useTestDatabase } from '../support/databases.js'
import { crmUnitOfWork } from '../support/crm.js'
import { seedDemo } from '../../agent/demo/seed.js'

const WRITER = fileURLToPath(new URL('../support/outcome-writer.ts', import.meta.url))

/** Runs the writer until it has confirmed `acks` outcomes plus a random few more, then SIGKILLs it. */
async function killMidWrite (url: string, acks: number): Promise<string[]> {
  // node itself (with tsx as a loader), not the tsx wrapper, so SIGKILL hits the process that writes.
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, url], { stdio: ['ignore', 'pipe', 'pipe'] })
  const confirmed: string[] = []
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += String(d) })
  const target = acks + Math.floor(Math.random() * 20)
  await new Promise<void>((resolve, reject) => {
    let buffer = ''
    child.stdout.on('data', (d) => {
      buffer += String(d)
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('ack ')) confirmed.push(line.slice(4))
        if (confirmed.length >= target) child.kill('SIGKILL')
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve()
      else reject(new Error(`writer exited on its own (${code}): ${stderr}`))
    })
  })
  return confirmed
}

describe.each(await dialects())('[%s] crash in the middle of writes', (_name, dialect) => {
  const t = useTestDatabase(dialect)

  it('every confirmed outcome survives SIGKILL, with its call row and audit entry', async () => {
    await seedDemo(crmUnitOfWork(t.db))
    // Close our connection so the writer is the only one writing (SQLite: one file, two processes).
    await t.reopen()
    const confirmed = await killMidWrite(t.url, 40)
    expect(confirmed.length).toBeGreaterThanOrEqual(40)
    await t.reopen()

    const requests = await t.db.selectFrom('outcome_requests').select(['idempotency_key', 'interaction_id']).where('idempotency_key', 'like', 'crash-%').execute()
    const stored = new Set(requests.map(r => r.idempotency_key))
    for (const key of confirmed) expect(stored.has(key), key).toBe(true)
    // Nothing half-written: every claimed key points at its interaction, which carries the wrap-up.
    for (const r of requests) expect(r.interaction_id).not.toBeNull()
    const rows = await t.db.selectFrom('interactions').select(['id', 'call_id', 'disposition']).where('call_id', 'like', 'crash:%').execute()
    expect(rows.length).toBe(requests.length)
    for (const row of rows) expect(row.disposition).toBe('support')
    const audited = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'outcome.save').where('entity', '=', 'interaction').execute()
    const auditedIds = new Set(audited.map(a => Number(a.entity_id)))
    for (const row of rows) expect(auditedIds.has(Number(row.id)), `audit for ${row.call_id}`).toBe(true)

    if (t.dialect === 'sqlite') {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.db)
      expect(check.rows[0]?.integrity_check).toBe('ok')
    }
  })
})
