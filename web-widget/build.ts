/**
 * Bundles the widget: `web-widget/src/index.ts` → `dist/widget.js` (ESM, minified,
 * with source map), and copies the demo intranet page to `dist/index.html`.
 * The agent serves `/widget.js` and `/` from `dist/`.
 *
 * Run with `npm run build:widget`; tests call {@link buildWidget} with their own `outDir`.
 */
import { build, type Metafile } from 'esbuild'
import { copyFile, mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const defaultOutDir = resolve(here, '..', 'dist')

export interface BuildWidgetOptions {
  /** Where `widget.js`, `widget.js.map` and `index.html` go. Default: `<repo>/dist`. */
  readonly outDir?: string
  /** Default true; false keeps the bundle readable when debugging. */
  readonly minify?: boolean
}

export interface BuiltWidget {
  readonly outDir: string
  readonly scriptPath: string
  readonly bytes: number
}

export async function buildWidget (options: BuildWidgetOptions = {}): Promise<BuiltWidget> {
  const outDir = options.outDir ?? defaultOutDir
  await mkdir(outDir, { recursive: true })
  const scriptPath = join(outDir, 'widget.js')
  const result = await build({
    entryPoints: [join(here, 'src', 'index.ts')],
    outfile: scriptPath,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'eof',
    tsconfig: resolve(here, '..', 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning'
  })
  await copyFile(join(here, 'demo', 'index.html'), join(outDir, 'index.html'))
  return { outDir, scriptPath, bytes: outputBytes(result.metafile, scriptPath) }
}

function outputBytes (metafile: Metafile, scriptPath: string): number {
  const entry = Object.entries(metafile.outputs).find(([path]) => resolve(path) === scriptPath)
  return entry?.[1].bytes ?? 0
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildWidget()
  process.stdout.write(`widget: ${built.scriptPath} (${(built.bytes / 1024).toFixed(1)} KiB)\n`)
}
