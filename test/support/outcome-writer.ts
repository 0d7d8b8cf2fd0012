/**
 * A child process for the crash test: saves outcomes as fast as it can and
 * prints `ack <key>` after each commit returned. The parent kills it with
 * SIGKILL at a random moment and checks that every acknowledged outcome is
 * in the database.
 *
 * Usage: tsx test/support/outcome-writer.ts <database-url>
 */
import { pino } from 'pino'
import { openDatabase } from '../../agent/store/connect.js'
import { crmRepos } from '../../agent/crm/crm-repos.js'

const url = process.argv[2]
if (url === undefined) throw new Error('usage: outcome-writer <database-url>')
const { db } = await openDatabase(url, pino({ level: 'silent' }))
const repos = crmRepos(db, () => new Date())
const operator = await repos.operators.findByToken('demo-1001')
if (operator === null) throw new Error('seed the database first')
process.stdout.write('ready\n')
for (let i = 0; ; i++) {
  const key = `crash-${process.pid}-${i}`
  await repos.outcomes.save({
    callId: `crash:${process.pid}.${i}`,
    idempotencyKey: key,
    operatorId: operator.id,
    customerId: null,
    disposition: 'support',
    note: `note ${i}`,
    resolved: i % 2 === 0,
    resolveIssueId: null,
    newIssueTitle: null,
    call: {
      direction: 'inbound',
      occurredAt: new Date().toISOString(),
      extension: '1001',
      queue: null,
      remoteNumber: null,
      ringSeconds: 1,
      talkSeconds: 2,
      callResult: 'answered'
    }
  })
  process.stdout.write(`ack ${key}\n`)
}
