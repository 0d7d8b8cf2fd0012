/**
 * Runs once per `vitest run`, before any test file: drops the PostgreSQL test
 * schemas that earlier runs left behind (each run leaves its own, see
 * createPostgres in ./databases.ts).
 */
import { sweepPostgres } from './databases.js'

export default async function setup (): Promise<void> {
  await sweepPostgres()
}
