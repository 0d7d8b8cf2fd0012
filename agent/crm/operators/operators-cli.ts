/**
 * `npm run operators -- <command>`: provision the people who sign in to the
 * widget. Tokens are printed once and stored only as a SHA-256 hash.
 *
 * ```
 * npm run operators -- list
 * npm run operators -- add --login anna --name "Anna Berg" --ext 1001,1002 [--role supervisor]
 * npm run operators -- token --login anna        # new token; the old one stops working
 * ```
 * Uses the same RINGCARD_DATABASE_URL as the agent.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { migrateToLatest, openDatabase } from '../../store/connect.js'
import { Store } from '../../store/store.js'
import type { Role } from '../../model/operator.js'
import { isCoded } from '../../errors.js'

const USAGE = `usage:
  npm run operators -- list
  npm run operators -- add --login <login> --name "<Display Name>" --ext <ext>[,<ext>…] [--role operator|supervisor|admin]
  npm run operators -- token --login <login>
`

function out (line: string): void {
  process.stdout.write(line + '\n')
}

function newToken (): string {
  return `rc_${randomBytes(24).toString('base64url')}`
}

async function run (argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      login: { type: 'string' },
      name: { type: 'string' },
      ext: { type: 'string' },
      role: { type: 'string', default: 'operator' }
    }
  })
  const command = positionals[0]
  if (command !== 'list' && command !== 'add' && command !== 'token') {
    process.stderr.write(USAGE)
    return 2
  }
  const config = loadConfig()
  const logger = createLogger('warn', undefined, 'pretty')
  const database = await openDatabase(config.databaseUrl, logger)
  try {
    await migrateToLatest(database.db, logger)
    const store = new Store(database.db, { now: () => new Date() })
    if (command === 'list') {
      for (const op of await store.listOperators()) {
        out(`${op.login}\t${op.role}\t${op.extensions.join(',') || '-'}\t${op.displayName}`)
      }
      return 0
    }
    const login = values.login?.trim() ?? ''
    if (!/^[a-z0-9._-]{1,40}$/i.test(login)) {
      process.stderr.write(`--login must be 1–40 letters, digits, dot, dash or underscore\n${USAGE}`)
      return 2
    }
    const token = newToken()
    if (command === 'token') {
      if (!(await store.rotateOperatorToken(login, token))) {
        process.stderr.write(`no operator with login ${login}\n`)
        return 1
      }
    } else {
      const role = values.role as Role
      const extensions = (values.ext ?? '').split(',').map(e => e.trim()).filter(Boolean)
      if (!['operator', 'supervisor', 'admin'].includes(role) || (values.name ?? '').trim() === '' ||
          extensions.some(e => !/^[0-9*#]{1,20}$/.test(e))) {
        process.stderr.write(USAGE)
        return 2
      }
      await store.createOperator({ login, displayName: values.name!.trim(), role, extensions, token })
    }
    out(`token for ${login} (shown once; paste it into the widget's sign-in): ${token}`)
    return 0
  } finally {
    await database.close()
  }
}

run(process.argv.slice(2)).then(code => { process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`operators: ${isCoded(err) ? `${err.code} ` : ''}${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
