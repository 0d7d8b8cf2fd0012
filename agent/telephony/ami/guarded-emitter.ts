import { EventEmitter } from 'node:events'

/**
 * A typed EventEmitter whose listeners cannot hurt the emitter: each one is
 * called on its own, and a throw (or the rejection of an async listener) is
 * handed to `onListenerError` instead of unwinding into network code or
 * becoming an `unhandledRejection` that ends the process. Subclasses emit
 * through {@link GuardedEmitter.notify}, never `emit`.
 */
export abstract class GuardedEmitter<T extends Record<keyof T, unknown[]>> extends EventEmitter<T> {
  /** Called for every listener failure; must not throw. */
  protected abstract onListenerError (event: string, err: unknown): void

  /** Calls every listener of `name` in registration order, isolating failures. */
  protected notify<K extends keyof T & string> (name: K, ...args: T[K]): void {
    // rawListeners keeps once() wrappers, so calling them also unregisters them.
    const listeners = EventEmitter.prototype.rawListeners.call(this, name) as Array<(...a: unknown[]) => unknown>
    for (const listener of listeners) {
      try {
        const result = listener.apply(this, args)
        if (result instanceof Promise) result.catch((err: unknown) => this.onListenerError(name, err))
      } catch (err) {
        this.onListenerError(name, err)
      }
    }
  }
}
