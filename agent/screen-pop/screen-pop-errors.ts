/** The screen-pop's part of the error registry (`agent/errors.ts` composes the parts). */
/** Logged, never sent to clients. */
export const SCREEN_POP_ERRORS = {
  RC_ERR_MATCH_FAILED: { status: 500, message: 'Caller lookup failed; the pop shows an unknown caller' },
  RC_ERR_CALL_LOG_FAILED: { status: 500, message: 'Writing the automatic call record failed; it is retried' }
} as const satisfies Record<string, { status: number; message: string }>
