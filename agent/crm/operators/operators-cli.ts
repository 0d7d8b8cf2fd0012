/**
 * `npm run operators -- <command>`: provision the people who sign in to the
 * widget. Tokens are printed once and stored only as a SHA-256 hash.
 *
 * ```
 * npm run operators -- list
 * npm run operators -- add --login anna --name "Anna Berg" --ext 1001,1002 [--role supervisor]
 * npm run operators -- add --login li --name "Li Wei" --ext 1001 --ext pbx2/1001   # 1001 on the default PBX and on pbx2
 * npm run operators -- add --login asterisk --name Asterisk --role integration   # a dialplan token: GET /api/lookup only, no extension
 * npm run operators -- token --login anna        # new token; the old one stops working
 * ```
 * Uses the same RINGCARD_DATABASE_URL as the agent.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { loadConfig } from '../../config.js'
import { createLogger } from '../../logger.js'
import { migrateToLatest, openDatabase } from '../../store/connect.js'
import { OperatorRepo } from './operator-repo.js'
import { ROLES, formatExtensionRef, parseExtensionRef, type ExtensionRef, type Role } from '../../model/operator.js'
import { isCoded } from '../../errors.js'

const USAGE = `usage:
  npm run operators -- list
  npm run operators -- add --login <login> --name "<Display Name>" --ext <ext>[,<ext>…] [--role operator|supervisor|admin]
      <ext> is 1001 (the default PBX) or <pbx-id>/1001; --ext may be repeated
  npm run operators -- add --login <login> --name "<Display Name>" --role integration
      a token for machines (Asterisk's dialplan): GET /api/lookup only, never an extension
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
      ext: { type: 'string', multiple: true },
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
    const operators = new OperatorRepo(database.db, () => new Date())
    if (command === 'list') {
      for (const op of await operators.list()) {
        out(`${op.login}\t${op.role}\t${op.endpoints.map(formatExtensionRef).join(',') || '-'}\t${op.displayName}`)
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
      if (!(await operators.rotateToken(login, token))) {
        process.stderr.write(`no operator with login ${login}\n`)
        return 1
      }
    } else {
      const role = values.role as Role
      const refs = (values.ext ?? []).flatMap(list => list.split(',')).map(e => e.trim()).filter(Boolean).map(parseExtensionRef)
      const endpoints = refs.filter((ref): ref is ExtensionRef => ref !== null)
      const badRole = !ROLES.includes(role)
      // An integration is no one's phone: calls never pop for it.
      const integrationWithPhone = role === 'integration' && refs.length > 0
      if (badRole || integrationWithPhone || (values.name ?? '').trim() === '' || endpoints.length < refs.length) {
        process.stderr.write(USAGE)
        return 2
      }
      await operators.create({ login, displayName: values.name!.trim(), role, extensions: [], endpoints, token })
    }
    const where = values.role === 'integration' ? 'the integration\'s Authorization: Bearer header' : 'the widget\'s sign-in'
    out(`token for ${login} (shown once; paste it into ${where}): ${token}`)
    return 0
  } finally {
    await database.close()
  }
}

run(process.argv.slice(2)).then(code => { process.exitCode = code }, (err: unknown) => {
  process.stderr.write(`operators: ${isCoded(err) ? `${err.code} ` : ''}${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
