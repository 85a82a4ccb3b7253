#!/usr/bin/env node
// A soak test of the browser edition's server (not run in CI): it starts `glassbox web`,
// opens busy sessions that play CPU- and pipe-heavy jobs at full speed, and prints, every
// interval, the server's resident memory, how long GET /health takes (median and 95th
// percentile of 20 requests) and how long a command takes; at the end, the run's peak
// memory and the health figures over all of it.
//
//   npm run soak -- [--minutes 2] [--sessions 5] [--not-reading 0] [--interval 10] [--port 47690]
//
// --not-reading N makes N of the sessions' clients stop reading their socket after their
// session starts playing: the server must coalesce their patches, then disconnect them,
// and keep its memory bounded. Each one the server lets go is replaced at once by a new
// client that does not read either, so N of them press on the server for the whole run;
// the last column counts how many were let go so far.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    sessions: { type: 'string', default: '5' },
    'not-reading': { type: 'string', default: '0' },
    interval: { type: 'string', default: '10' },
    port: { type: 'string', default: '47690' },
  },
});
const minutes = Number(values.minutes);
const sessions = Number(values.sessions);
const notReading = Number(values['not-reading']);
const port = Number(values.port);
const root = join(fileURLToPath(import.meta.url), '..', '..');

const server = spawn(process.execPath, [join(root, 'bin', 'glassbox.cjs'), 'web', '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));

/** The server's resident memory in MB, from /proc (Linux). */
function rssMb() {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The q-quantile of sorted figures (nearest rank). */
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** The sessions the server holds, as its last answer to GET /health said. */
let serverSessions = Number.NaN;

async function healthMs() {
  const t0 = performance.now();
  const r = await fetch(`http://127.0.0.1:${port}/health`);
  serverSessions = (await r.json()).sessions;
  return performance.now() - t0;
}

let letGo = 0;
let refused = 0;
let finished = false;

function open(i) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const c = { ws, opened: false, received: 0, bytes: 0, nextId: 1, waiting: new Map(), lastRtt: Number.NaN };
  ws.on('error', () => {});
  // A client that does not read is replaced when the server lets it go.
  if (i < notReading)
    ws.once('close', () => {
      if (finished || !c.opened) return;
      letGo++;
      setTimeout(
        () =>
          void open(i).then((fresh) => {
            if (fresh) clients[clients.indexOf(c)] = fresh;
          }),
        100,
      );
    });
  ws.on('message', (data) => {
    c.received++;
    c.bytes += data.length;
    const msg = JSON.parse(String(data));
    if ('id' in msg) c.waiting.get(msg.id)?.();
  });
  c.request = (command) =>
    new Promise((resolve) => {
      const id = c.nextId++;
      const t0 = performance.now();
      c.waiting.set(id, () => {
        c.lastRtt = performance.now() - t0;
        resolve();
      });
      ws.send(JSON.stringify({ id, command }));
    });
  return new Promise((resolve) => {
    // Past the server's limit on sessions the upgrade is refused (503): counted, not kept.
    ws.once('close', () => {
      if (c.opened) return;
      refused++;
      resolve(null);
    });
    ws.once('open', async () => {
      c.opened = true;
      await c.request({ cmd: 'hello' });
      await c.request({ cmd: 'ttyInput', data: 'yes > /dev/null & yes | cat > /dev/null & seq 1 1000000 | grep 7 | wc -l\n' });
      await c.request({ cmd: 'setSpeed', ticksPerSecond: 10_000_000 });
      await c.request({ cmd: 'play' });
      if (i < notReading) {
        ws.pause();
        // A paused socket never reads the server's close; a ping (a write) finds the
        // connection gone once the server has dropped it, and ws then reports the close.
        const probe = setInterval(() => (ws.readyState === WebSocket.OPEN ? ws.ping() : clearInterval(probe)), 2000);
        ws.once('close', () => clearInterval(probe));
      }
      resolve(c);
    });
  });
}

const idle = rssMb();
const clients = [];
for (const c of await Promise.all(Array.from({ length: sessions }, (_, i) => open(i)))) if (c) clients.push(c);
console.log(`soak: ${clients.length} busy sessions (${notReading} not reading${refused ? `; ${refused} more refused by the server's limit` : ''}) for ${minutes} min; server RSS idle ${idle.toFixed(0)} MB`);
console.log('   time   RSS MB   health p50/p95 ms   command RTT ms   messages received   not-reading clients let go   server sessions');
const allHealth = [];
// Sampled every second, so the peak between two report lines is not missed.
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 1000);
const start = performance.now();
const stopAt = start + minutes * 60_000;
while (performance.now() < stopAt) {
  await new Promise((r) => setTimeout(r, Number(values.interval) * 1000));
  const h = [];
  for (let i = 0; i < 20; i++) {
    h.push(await healthMs());
    await new Promise((r) => setTimeout(r, 25));
  }
  allHealth.push(...h);
  h.sort((a, b) => a - b);
  const reader = clients.find((_, i) => i >= notReading);
  if (reader) await Promise.race([reader.request({ cmd: 'pause' }).then(() => reader.request({ cmd: 'play' })), new Promise((r) => setTimeout(r, 5000))]);
  const t = ((performance.now() - start) / 1000).toFixed(0).padStart(5);
  const recv = clients.length <= 10 ? clients.map((c) => c.received).join(' ') : `${clients.reduce((a, c) => a + c.received, 0)} in all`;
  const rss = rssMb();
  peakRss = Math.max(peakRss, rss);
  console.log(`${t}s ${rss.toFixed(0).padStart(8)} ${quantile(h, 0.5).toFixed(1).padStart(10)}/${quantile(h, 0.95).toFixed(1).padEnd(8)} ${(reader?.lastRtt ?? Number.NaN).toFixed(1).padStart(12)}     ${recv.padEnd(17)} ${String(letGo).padStart(10)} ${String(serverSessions).padStart(24)}`);
}
allHealth.sort((a, b) => a - b);
console.log(`over the run: idle RSS ${idle.toFixed(0)} MB, peak RSS ${peakRss.toFixed(0)} MB (+${(peakRss - idle).toFixed(0)} MB); ${letGo} not-reading clients let go; GET /health ${allHealth.length} times, median ${quantile(allHealth, 0.5).toFixed(1)} ms, p95 ${quantile(allHealth, 0.95).toFixed(1)} ms, max ${allHealth[allHealth.length - 1].toFixed(1)} ms`);
finished = true;
clearInterval(sampler);
for (const c of clients) c.ws.terminate();
await new Promise((r) => setTimeout(r, 2000));
console.log(`after the clients left: server RSS ${rssMb().toFixed(0)} MB`);
const t0 = performance.now();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
console.log(`the server exited ${(performance.now() - t0).toFixed(0)} ms after SIGTERM`);
