/**
 * Our own typings for `asterisk-manager` 0.2.0 (the package ships none, and
 * `@types/asterisk-manager` describes a different API; see
 * shared/docs/ami-reference.md A.9). Only `agent/telephony/ami/ami-adapter.ts` imports
 * the package. Written from `lib/ami.js` of the 0.2.0 tarball.
 */
declare module 'asterisk-manager' {
  /**
   * A parsed frame as the library emits it: header names trimmed and
   * lower-cased; values are strings, arrays for repeated headers, and plain
   * objects for `variable` / `chanvariable` (split at the first `=`).
   * Typed `unknown` on purpose: the adapter normalises it.
   */
  type RawAmiObject = Record<string, unknown>

  /** Any function; parameters are `never` so typed listeners are assignable. */
  type Listener = (...args: never[]) => void

  /** `err` is the whole `Response: Error` frame (not an Error), else undefined. */
  type ActionCallback = (err: RawAmiObject | undefined, res?: RawAmiObject) => void

  interface ManagerOptions {
    port: number
    host: string
    username: string
    password: string
    events: boolean
  }

  interface ManagerInstance {
    readonly options: ManagerOptions
    /** Opens the socket (no login). Does nothing while a socket is still open. */
    connect (port: number, host: string, callback?: () => void): void
    /**
     * Sends `Action: login` built from `options` via `this.action` (looked up
     * at call time) and, on success, sets the private `authenticated` flag that
     * lets `action()` write non-login actions.
     */
    login (callback?: (err: RawAmiObject | undefined) => void): void
    /**
     * Serialises and writes an action; returns its ActionID (`actionid` key if
     * given). Declared as a writable property because it is one.
     */
    action: (action: Record<string, unknown>, callback?: ActionCallback) => string
    /** Half-closes an open socket; never cancels a reconnect timer. */
    disconnect (callback?: () => void): void
    isConnected (): boolean | undefined
    /** Broken (A.6); never call it. */
    keepConnected (): void
    on (event: string, listener: Listener): unknown
    once (event: string, listener: Listener): unknown
    addListener (event: string, listener: Listener): unknown
    removeListener (event: string, listener: Listener): unknown
    removeAllListeners (event?: string): unknown
    listeners (event: string): Array<(...args: unknown[]) => void>
    setMaxListeners (n: number): unknown
    emit (event: string, ...args: unknown[]): boolean
  }

  /** Positional only. A truthy `port` connects (and logs in) immediately. */
  function Manager (port?: number, host?: string, username?: string, password?: string, events?: boolean): ManagerInstance

  export = Manager
}
