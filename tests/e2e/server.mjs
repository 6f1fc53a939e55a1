// Starts a throwaway Guanxi server for one browser test file: a fresh
// database in a temp dir with one admin, a free port, the built web app.
// GUANXI_BIN and GUANXI_ROOT come from tests/run.sh; run by hand they
// default to the checkout this file lives in.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const ROOT = resolve(process.env.GUANXI_ROOT || join(here, '..', '..'))
export const BIN = resolve(process.env.GUANXI_BIN || join(here, '..', '..', 'bin', 'guanxi'))
export const ADMIN = { username: 'admin', password: 'Admin@12345' }

// Runs one CLI command to completion; `input` goes to its stdin.
function run(args, input) {
  return new Promise((res, rej) => {
    const child = spawn(BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('error', rej)
    child.on('close', (code) =>
      code === 0 ? res(out) : rej(new Error(`guanxi ${args.join(' ')} exited ${code}: ${out.trim()}`)),
    )
    child.stdin.end(input ?? '')
  })
}

// The kernel picks a free port; there is a small window before the server
// binds it, which is fine for tests run one file at a time.
function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** opts.testClock: start with --test-clock (POST /api/v1/test/clock moves
 *  time; the scheduler runs its jobs only on POST /api/v1/test/scheduler/run). */
export async function startServer({ testClock = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'guanxi-e2e-'))
  const db = join(dir, 't.db')
  try {
    await run(['init', '--db', db])
    await run(['user', 'add', '--db', db, '--username', ADMIN.username, '--role', 'admin'], ADMIN.password + '\n')
  } catch (e) {
    await rm(dir, { recursive: true, force: true })
    throw e
  }

  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', join(ROOT, 'web', 'dist')]
  if (testClock) args.push('--test-clock')
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })))
  let gone = null
  exited.then((x) => (gone = x))

  async function stop() {
    if (!gone) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    await rm(dir, { recursive: true, force: true })
  }

  const deadline = Date.now() + 15000
  for (;;) {
    if (gone) {
      await stop()
      throw new Error(`guanxi serve exited (${gone.code ?? gone.signal}) before answering: ${log.trim()}`)
    }
    try {
      const r = await fetch(`${url}/api/v1/health`)
      if (r.status === 200) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`guanxi serve did not answer /api/v1/health within 15 s: ${log.trim()}`)
    }
    await sleep(100)
  }

  // Adds an account straight into the database (the CLI works while the
  // server runs), for tests that need more users than the admin.
  const addUser = (username, password, role = 'agent') =>
    run(['user', 'add', '--db', db, '--username', username, '--role', role], password + '\n')

  return { url, dir, db, stop, addUser, log: () => log }
}
