/** The call tracker's part of the error registry (`agent/errors.ts` composes the parts). */
/** Logged, never sent to clients. */
export const CALL_ERRORS = {
  RC_ERR_CALL_ILLEGAL_TRANSITION: { status: 500, message: 'An AMI event asked for a call state change that is not allowed; ignored' }
} as const satisfies Record<string, { status: number; message: string }>
