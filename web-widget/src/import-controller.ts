import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { ImportStatus } from '../../agent/contracts/imports.js'
import type { ApiClient, ApiError } from './api-client.js'
import { IDLE, type SaveState } from './save-state.js'

/** How often a running import is asked for its progress. */
export const IMPORT_POLL_MS = 500

/** What `<ringcard-import>` shows: the upload, the import's progress and report, and the report download. */
export interface ImportView {
  /** The upload: saving while it goes up, the agent's refusal (409 while another import runs, 422, 413) otherwise. */
  readonly upload: SaveState
  /** The import started last, as it was last polled; null before the first one. */
  readonly status: ImportStatus | null
  /** Why the last progress poll failed ('' when it worked); polling goes on. */
  readonly pollError: string
  /** The report download. */
  readonly report: SaveState
}

export interface ImportDeps {
  /** The REST client of the signed-in operator; null when signed out. */
  readonly api: () => ApiClient | null
  /** Handles a lost sign-in (401); true when it did. */
  readonly authLost: (error: ApiError) => boolean
  /** Hands a downloaded file to the browser (the report CSV). */
  readonly save: (file: Blob, name: string) => void
}

/**
 * The admin's customer import, for `<ringcard-pop>`: uploads the CSV to
 * `POST /api/imports`, polls `GET /api/imports/:id` until it has finished,
 * and fetches the report CSV on request (the link needs the bearer token, so
 * it is fetched, not followed). Polling stops when the pop leaves the page.
 */
export class ImportController implements ReactiveController {
  #view: ImportView = { upload: IDLE, status: null, pollError: '', report: IDLE }
  #timer: ReturnType<typeof setTimeout> | undefined
  #polling: string | null = null

  constructor (private readonly host: ReactiveControllerHost, private readonly deps: ImportDeps) {
    host.addController(this)
  }

  hostConnected (): void {
    // Back on the page with an import still running: follow it again.
    const running = this.#view.status
    if (running?.state === 'running') this.#follow(running.id)
  }

  hostDisconnected (): void {
    this.#stop()
  }

  get view (): ImportView {
    return this.#view
  }

  /** Forgets everything (sign-out). */
  clear (): void {
    this.#stop()
    this.#view = { upload: IDLE, status: null, pollError: '', report: IDLE }
    this.host.requestUpdate()
  }

  /** Uploads `file`; on 202 follows the import until it finishes. */
  async start (file: Blob, map: string, dryRun: boolean): Promise<void> {
    const api = this.deps.api()
    if (!api || this.#view.upload.state === 'saving') return
    this.#set({ upload: { state: 'saving' }, report: IDLE })
    const started = await api.startImport(file, { map, dryRun })
    if (!started.ok) {
      this.#set({ upload: this.#failed(started.error) })
      return
    }
    this.#set({ upload: { state: 'saved' }, status: null, pollError: '' })
    this.#follow(started.value.importId)
  }

  /** Fetches every bad row of the import as CSV and hands it to the browser. */
  async downloadReport (importId: string): Promise<void> {
    const api = this.deps.api()
    if (!api || this.#view.report.state === 'saving') return
    this.#set({ report: { state: 'saving' } })
    const report = await api.importReport(importId)
    if (!report.ok) {
      this.#set({ report: this.#failed(report.error) })
      return
    }
    this.deps.save(report.value, `${importId}-report.csv`)
    this.#set({ report: { state: 'saved' } })
  }

  #follow (importId: string): void {
    this.#stop()
    this.#polling = importId
    void this.#poll(importId)
  }

  async #poll (importId: string): Promise<void> {
    const api = this.deps.api()
    if (!api || this.#polling !== importId) return
    const status = await api.importStatus(importId)
    if (this.#polling !== importId) return
    if (status.ok) {
      this.#set({ status: status.value, pollError: '' })
      if (status.value.state !== 'running') {
        this.#polling = null
        return
      }
    } else if (this.deps.authLost(status.error)) {
      return
    } else {
      // 404: the agent restarted and forgot the import. Anything else may pass: ask again.
      this.#set({ pollError: `${status.error.message} (${status.error.code})` })
      if (status.error.status === 404) {
        this.#polling = null
        return
      }
    }
    this.#timer = setTimeout(() => { void this.#poll(importId) }, IMPORT_POLL_MS)
  }

  #stop (): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    this.#polling = null
  }

  #failed (error: ApiError): SaveState {
    return this.deps.authLost(error) ? IDLE : { state: 'error', code: error.code, message: error.message }
  }

  #set (change: Partial<ImportView>): void {
    this.#view = { ...this.#view, ...change }
    this.host.requestUpdate()
  }
}
