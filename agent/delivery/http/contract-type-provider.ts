/**
 * Fastify type provider for the wire contract: like TypeBox's own, but request
 * and reply types are the contract's read-only types (`Frozen<Static<…>>`),
 * so a use case's read-only result is returned as it is.
 */
import type { FastifyTypeProvider } from 'fastify'
import type { Static, TSchema } from '@sinclair/typebox'
import type { Frozen } from '../../contracts/common.js'

export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Frozen<Static<this['schema']>> : unknown
  serializer: this['schema'] extends TSchema ? Frozen<Static<this['schema']>> : unknown
}
