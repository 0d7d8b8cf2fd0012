import { sql, type Kysely, type Updateable } from 'kysely'
import type { CustomersTable, Database } from '../../../schema/database.js'

/** What moved from the merged customer into the kept one. */
export interface MergeCounts {
  readonly phones: number
  readonly emails: number
  readonly contactPersons: number
  readonly groups: number
  readonly interactions: number
  readonly issues: number
  readonly purchases: number
}

/** Fields of the kept file that the merged one fills in when they are empty. */
const FILLABLE = [
  'honorific', 'given_name', 'family_name', 'company', 'birthday', 'language', 'address', 'city',
  'owner_id', 'campaign_id', 'tier', 'sms_consent', 'sms_consent_at', 'email_consent', 'email_consent_at'
] as const

/**
 * Merges customer `fromId` into `intoId` and deletes `fromId`. Must run in one
 * transaction (the caller's): numbers and e-mail addresses move unless the
 * kept file has them already; contact persons, contacts (the timeline),
 * issues, purchases and the chooser's remembered picks move; group
 * memberships are added; empty fields of the kept file are filled from the
 * merged one, and its notes are appended. The kept file's stage, its history
 * and its primary number and address stay.
 */
export async function mergeCustomers (trx: Kysely<Database>, intoId: number, fromId: number, at: string, actorId: number | null): Promise<MergeCounts> {
  const moved = (res: { numUpdatedRows?: bigint; numInsertedOrUpdatedRows?: bigint | undefined }): number =>
    Number(res.numUpdatedRows ?? res.numInsertedOrUpdatedRows ?? 0)

  const phones = moved(await trx.updateTable('customer_phones').set({ customer_id: intoId, is_primary: false })
    .where('customer_id', '=', fromId)
    .where(eb => eb.or([
      eb('e164', 'is', null),
      eb('e164', 'not in', eb.selectFrom('customer_phones as kept').select('kept.e164')
        .where('kept.customer_id', '=', intoId).where('kept.e164', 'is not', null))
    ]))
    .executeTakeFirst())
  const emails = moved(await trx.updateTable('customer_emails').set({ customer_id: intoId, is_primary: false })
    .where('customer_id', '=', fromId)
    .where('address_key', 'not in', trx.selectFrom('customer_emails as kept').select('kept.address_key').where('kept.customer_id', '=', intoId))
    .executeTakeFirst())
  const contactPersons = moved(await trx.updateTable('contact_persons').set({ customer_id: intoId }).where('customer_id', '=', fromId).executeTakeFirst())
  const groups = moved(await trx.insertInto('customer_tags')
    .columns(['customer_id', 'tag_id'])
    .expression(eb => eb.selectFrom('customer_tags').select([eb.val(intoId).as('customer_id'), 'tag_id']).where('customer_id', '=', fromId))
    .onConflict(oc => oc.columns(['customer_id', 'tag_id']).doNothing())
    .executeTakeFirst())
  const interactions = moved(await trx.updateTable('interactions').set({ customer_id: intoId }).where('customer_id', '=', fromId).executeTakeFirst())
  const issues = moved(await trx.updateTable('issues').set({ customer_id: intoId }).where('customer_id', '=', fromId).executeTakeFirst())
  const purchases = moved(await trx.updateTable('purchases').set({ customer_id: intoId }).where('customer_id', '=', fromId).executeTakeFirst())
  await trx.updateTable('caller_picks').set({ customer_id: intoId }).where('customer_id', '=', fromId).execute()

  const [kept, merged] = await Promise.all([
    trx.selectFrom('customers').selectAll().where('id', '=', intoId).executeTakeFirstOrThrow(),
    trx.selectFrom('customers').selectAll().where('id', '=', fromId).executeTakeFirstOrThrow()
  ])
  const fill: Updateable<CustomersTable> = {}
  for (const column of FILLABLE) {
    if (kept[column] === null && merged[column] !== null) Object.assign(fill, { [column]: merged[column] })
  }
  const notes = [kept.notes, merged.notes].filter((n): n is string => n !== null && n.trim() !== '').join('\n\n')
  await trx.updateTable('customers')
    .set({ ...fill, notes: notes === '' ? null : notes, updated_at: at, updated_by: actorId })
    .where('id', '=', intoId).execute()
  // Rows still on the merged customer (numbers and addresses the kept one has) go with it.
  await trx.deleteFrom('customers').where('id', '=', fromId).execute()
  await ensurePrimary(trx, 'customer_phones', intoId)
  await ensurePrimary(trx, 'customer_emails', intoId)
  return { phones, emails, contactPersons, groups, interactions, issues, purchases }
}

/** The kept file had no primary number (or address): the oldest one becomes it. */
async function ensurePrimary (trx: Kysely<Database>, table: 'customer_phones' | 'customer_emails', customerId: number): Promise<void> {
  const primary = await trx.selectFrom(table).select('id').where('customer_id', '=', customerId).where('is_primary', '=', true).executeTakeFirst()
  if (primary !== undefined) return
  await trx.updateTable(table).set({ is_primary: true })
    .where('id', '=', sql<number>`(select min(id) from ${sql.table(table)} where customer_id = ${customerId})`)
    .execute()
}
