import { readFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientMessage, ServerMessage } from '../../agent/contracts/ws.js'

/**
 * A protocol-level stand-in for the agent, for widget component tests: serves
 * the built `dist/`, speaks the hub protocol over a real `ws` server at `/ws`,
 * and records every REST request so tests assert on what crossed the wire.
 * REST replies are scripted per test with {@link FakeAgent.reply}.
 */

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
}

export interface Reply {
  readonly status: number
  readonly body: unknown
}

/** A server message without the envelope; the connection stamps `v` and `seq`. */
type Unsealed<M> = M extends ServerMessage ? Omit<M, 'v' | 'seq'> : never

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json'
}

async function until<T> (probe: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`fake agent: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export class HubConnection {
  readonly received: ClientMessage[] = []
  private seq = 0
  private read = 0
  closedWith: number | null = null

  constructor (readonly url: string, readonly origin: string | undefined, private readonly socket: WebSocket) {
    socket.on('message', (data) => this.received.push(JSON.parse(String(data)) as ClientMessage))
    socket.on('close', (code) => { this.closedWith = code })
  }

  /** Sends with the next `seq`, as the real hub does. */
  send (message: Unsealed<ServerMessage>): void {
    this.seq += 1
    this.socket.send(JSON.stringify({ ...message, v: 1, seq: this.seq }))
  }

  /** Sends a message whose `seq` skips ahead, as if some were lost. */
  sendAfterGap (message: Unsealed<ServerMessage>, skipped: number): void {
    this.seq += skipped
    this.send(message)
  }

  close (code: number, reason = ''): void {
    this.socket.close(code, reason)
  }

  /** The next client message not yet returned by this method. */
  async nextMessage (): Promise<ClientMessage> {
    const message = await until(() => this.received[this.read], 'a client message')
    this.read += 1
    return message
  }
}

export class FakeAgent {
  readonly requests: RecordedRequest[] = []
  readonly connections: HubConnection[] = []
  private replies: Array<{ match: (r: RecordedRequest) => boolean; reply: (r: RecordedRequest) => Reply }> = []
  private standing: Array<{ match: (r: RecordedRequest) => boolean; reply: (r: RecordedRequest) => Reply }> = []
  private readonly server: Server
  private readonly wss: WebSocketServer

  private constructor (private readonly distDir: string) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'))
          .then(({ status, body, type }) => {
            res.writeHead(status, { 'content-type': type })
            res.end(body)
          })
      })
    })
    this.wss = new WebSocketServer({ server: this.server, path: '/ws' })
    this.wss.on('connection', (socket, req) => {
      this.connections.push(new HubConnection(req.url ?? '', req.headers.origin, socket))
    })
  }

  static async start (distDir: string): Promise<FakeAgent> {
    const agent = new FakeAgent(distDir)
    await new Promise<void>((resolve) => agent.server.listen(0, '127.0.0.1', resolve))
    return agent
  }

  get origin (): string {
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  /** Answers the first matching REST request that arrives from now on (first registered wins). */
  reply (match: (r: RecordedRequest) => boolean, reply: (r: RecordedRequest) => Reply): void {
    this.replies.push({ match, reply })
  }

  /** Answers every matching REST request no one-off {@link reply} answers (a progress poll, say); `reply` may change its answer. */
  replyAlways (match: (r: RecordedRequest) => boolean, reply: (r: RecordedRequest) => Reply): void {
    this.standing.push({ match, reply })
  }

  async waitForRequest (method: string, path: string, index = 0): Promise<RecordedRequest> {
    return until(() => this.requests.filter((r) => r.method === method && r.path === path)[index], `${method} ${path} #${index + 1}`)
  }

  async waitForConnection (index: number): Promise<HubConnection> {
    return until(() => this.connections[index], `WebSocket connection #${index + 1}`)
  }

  async stop (): Promise<void> {
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle (method: string, url: string, headers: IncomingHttpHeaders, raw: string): Promise<{ status: number; body: string; type: string }> {
    const path = url.split('?')[0] ?? '/'
    if (!path.startsWith('/api/')) {
      const file = path === '/' ? 'index.html' : path.slice(1)
      if (!/^[\w.-]+$/.test(file)) return { status: 404, body: 'not found', type: 'text/plain' }
      try {
        const body = await readFile(join(this.distDir, file), 'utf8')
        return { status: 200, body, type: contentTypes[extname(file)] ?? 'application/octet-stream' }
      } catch {
        return { status: 404, body: 'not found', type: 'text/plain' }
      }
    }
    // JSON bodies are parsed; anything else (an import's CSV) is recorded as the text it was.
    const json = raw !== '' && (headers['content-type'] ?? 'application/json').includes('json')
    const request: RecordedRequest = { method, path, headers, body: json ? JSON.parse(raw) : (raw || null) }
    this.requests.push(request)
    const index = this.replies.findIndex((r) => r.match(request))
    const scripted = index >= 0 ? this.replies.splice(index, 1)[0] : undefined
    const reply = scripted?.reply(request) ?? this.standing.find((r) => r.match(request))?.reply(request)
      ?? { status: 404, body: { statusCode: 404, code: 'RC_ERR_TEST_UNSCRIPTED', message: `no reply scripted for ${method} ${path}` } }
    return { status: reply.status, body: JSON.stringify(reply.body), type: 'application/json' }
  }
}
