/**
 * Samling load generator worker: holds a share of the simulated phones for bench/run.py.
 *
 * Run as `node --experimental-websocket bench/loadgen/phones.mjs` (Node 20.10+; no npm package: the
 * global WebSocket is undici's, POST /api/v1/join goes through node:http with a keep-alive Agent).
 * Only loopback URLs are accepted. Times are epoch seconds (floats) on the same clock as Python's
 * time.time(); latencies are milliseconds.
 *
 * stdin: one JSON command per line, {"id": <any>, "cmd": <name>, ...arguments}.
 * stdout: one JSON reply per command, {"id": <same>, "ok": true, ...} or {"id", "ok": false, "error"}.
 * Commands may overlap; each reply carries its command's id. Every reply also has `cpu_s`, the
 * worker's CPU seconds (user + system) spent while the command ran, and `cpu_sys_s`, the system
 * part (on loopback the kernel's TCP work for both ends of a send is largely charged to the sender).
 * EOF on stdin closes every socket and exits.
 *
 * Phones send nothing unasked (no application ping): the server pings at the websocket level and
 * undici answers those pings by itself (checked against a server pinging every 0.5 s).
 *
 * join {base, code, start_index, n, stride=1, total=n, window_s, concurrency, start_at, timeout_s=60}
 *     Join phones start_index + k*stride (k < n). Phone i arrives at start_at + window_s * i / total,
 *     then (at most `concurrency` at a time) POSTs /api/v1/join {"code", "name": ""} with the cookie
 *     samling_device=bench<i> (a transport error is tried again, 3 attempts in all), opens
 *     /ws/participant, says hello with the participant_token and waits for the first state.
 *     -> {joined, errors, error_kinds: {kind: n} (top 3), latency_ms: [...] (request start -> first
 *        state), p50_ms, p95_ms, p99_ms, queue_ms_max (how late the slowest request started)}
 * await_state {activity_id, since, timeout_s}
 *     Wait until every open phone (not stalled) has a state for activity_id that arrived after `since`.
 *     -> {delays_ms: [...] (arrival - since), reached, open}
 * burst {activity_id, window_s, start_at, phase=0, payload_kind: "word", words: [...], timeout_s=30}
 *     Every open phone submits one word (words[index % words.length]) with a random 32-hex client_id;
 *     the m phones are spread evenly over the window, phone j at start_at + window_s*(j + phase)/m
 *     (phase in [0, 1) interleaves the workers).
 *     -> {sent, acked, lost (no ack or error within timeout_s), ack_ms: [...], ack_at: [...] (epochs),
 *        p50_ms, p95_ms, p99_ms, max_ms, error_codes: {code: n}}
 * submit_each {activity_id, payloads: {index: [payload, ...]}, spacing_ms=0, timeout_s=30, detail=false}
 *     Those phones send their payloads in order, each waiting for its ack or error (then spacing_ms).
 *     -> {sent, acked, lost, ack_ms: [...], error_codes, missing (indexes not open),
 *        outcomes: {index: ["ack" | code | "lost", ...]} when detail}
 * send_each {messages: {index: [message object, ...]}}
 *     Send raw messages (choose_group ...); nothing is awaited. -> {sent, missing}
 * personal {indexes?: [...], digest=false}
 *     The newest `personal` message per phone: {phones: {index: {at, message}}}; with digest, message
 *     is {group_id, activity_id, role, members} instead of the whole object.
 * participants -> {phones: {index: participant_id}}
 * stall {count | fraction, seed=7}
 *     Pick that many open phones (seeded) and stop reading their sockets, like a frozen app: the
 *     socket is paused and its handle stops reading from the kernel, so the TCP window fills and
 *     websocket pings go unanswered. -> {stalled, indexes, unpausable (no socket found: not stalled
 *     at the TCP level, only ignored)}
 * stats -> {phones, open (stalled ones included: they cannot see a close), usable (open, not stalled),
 *        stalled, closed, close_codes: {code: n}, error_frames: {code: n} (errors answering no submit)}
 * ceiling {url, n, concurrency=200} / ceiling_wait {since, timeout_s} / ceiling_close
 *     Plain websockets to bench/ceiling_server.py; ceiling_wait waits for the first frame after
 *     `since` on each -> {delays_ms, reached, open}.
 * close_all -> {closed}
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import readline from "node:readline";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const KEEP_STATES = 32; // per phone: enough for any await_state, bounded for memory

/** Epoch seconds on a monotonic base (timeOrigin is the wall clock at start). */
const now = () => (performance.timeOrigin + performance.now()) / 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const sleepUntil = (epoch) => sleep((epoch - now()) * 1000);

/** Nearest-rank percentile of ms values, as bench/run.py computes it. */
function pct(values, p) {
  if (!values.length) return null;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.round((p / 100) * s.length) - 1))];
}

const r3 = (x) => Math.round(x * 1000) / 1000;

function count(counter, key) {
  counter[key] = (counter[key] || 0) + 1;
}

function topKinds(counter, k) {
  return Object.fromEntries(Object.entries(counter).sort((a, b) => b[1] - a[1]).slice(0, k));
}

function loopback(url) {
  const u = new URL(url);
  if (!LOOPBACK.has(u.hostname)) throw new Error(`only loopback may be contacted, not ${u.hostname}`);
  return u;
}

/** A counting semaphore: at most `limit` holders. */
class Gate {
  constructor(limit) {
    this.free = Math.max(1, limit);
    this.queue = [];
  }
  async take() {
    if (this.free > 0) this.free -= 1;
    else await new Promise((r) => this.queue.push(r));
  }
  give() {
    const next = this.queue.shift();
    if (next) next();
    else this.free += 1;
  }
}

/** Seeded PRNG (mulberry32): the same phones stall on every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- state shared by the commands --------------------------------------------------------------

const phones = new Map(); // index -> Phone
const stateWaiters = new Set();
const errorFrames = {}; // error codes of frames that answered no pending submit
let usableCount = 0; // phones open and not stalled, kept so a waiter's check is O(1) per state
let ceilingClients = [];
let agent = null;

/** One simulated phone: its websocket and what arrived on it, with arrival times. */
class Phone {
  constructor(index) {
    this.index = index;
    this.token = null;
    this.participantId = null;
    this.ws = null;
    this.open = false;
    this.stalled = false;
    this.closeCode = null;
    this.states = []; // [arrival, activity id]
    this.acks = new Map(); // client_id -> arrival
    this.pending = new Map(); // client_id -> resolve
    this.personal = null;
    this.personalAt = null;
  }

  /** Open the socket, say hello, resolve at the first state (its arrival); reject on failure. */
  connect(wsUrl, timeoutMs) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (kind) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try { this.ws.close(); } catch { /* already closing */ }
        reject(new Error(kind));
      };
      const timer = setTimeout(() => fail("timeout waiting for the first state"), timeoutMs);
      const ws = (this.ws = new WebSocket(wsUrl));
      ws.onopen = () => ws.send(JSON.stringify({ type: "hello", token: this.token }));
      ws.onerror = () => fail("websocket error");
      ws.onclose = (e) => {
        if (this.usable()) usableCount -= 1;
        this.open = false;
        this.closeCode = e.code;
        for (const done of this.pending.values()) done({ code: "closed" });
        this.pending.clear();
        checkWaiters();
        fail(`closed ${e.code} before the first state`);
      };
      ws.onmessage = (e) => {
        if (this.stalled) return; // bytes already parsed before the stall: a frozen app sees none
        const t = now();
        const msg = JSON.parse(e.data);
        this.receive(msg, t);
        if (!settled && msg.type === "state") {
          settled = true;
          clearTimeout(timer);
          this.open = true;
          usableCount += 1;
          resolve(t);
        }
      };
    });
  }

  receive(msg, t) {
    switch (msg.type) {
      case "state": {
        const id = msg.activity ? msg.activity.id : null;
        this.states.push([t, id]);
        if (this.states.length > KEEP_STATES) this.states.splice(0, this.states.length - KEEP_STATES);
        for (const w of stateWaiters) w.offer(this, t, id);
        break;
      }
      case "ack": {
        this.acks.set(msg.client_id, t);
        const done = this.pending.get(msg.client_id);
        if (done) {
          this.pending.delete(msg.client_id);
          done({ t, msg });
        }
        break;
      }
      case "personal":
        this.personal = msg;
        this.personalAt = t;
        break;
      case "error": {
        const done = msg.client_id && this.pending.get(msg.client_id);
        if (done) {
          this.pending.delete(msg.client_id);
          done({ t, code: msg.code });
        } else count(errorFrames, msg.code);
        break;
      }
      default:
        break; // pong, deleted ...: nothing to record
    }
  }

  /** Send one submit; resolve with {t, msg} on ack, {code} on error, {code: "lost"} on timeout. */
  submit(activityId, payload, timeoutMs) {
    const clientId = randomBytes(16).toString("hex");
    let sent = 0;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(clientId);
        resolve({ code: "lost" });
      }, timeoutMs);
      this.pending.set(clientId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      sent = now();
      try {
        this.ws.send(JSON.stringify({ type: "submit", client_id: clientId, activity_id: activityId, payload }));
      } catch {
        this.pending.delete(clientId);
        clearTimeout(timer);
        resolve({ code: "send failed" });
      }
    }).then((r) => ({ ...r, sent }));
  }

  /** Stop reading like a frozen app: no more bytes leave the kernel's receive buffer. */
  stall() {
    if (this.usable()) usableCount -= 1;
    this.stalled = true;
    const socket = rawSocket(this.ws);
    if (!socket) return false;
    socket.pause();
    // pause() alone lets Node read up to the stream's high-water mark; stop the handle itself.
    if (socket._handle && typeof socket._handle.readStop === "function") socket._handle.readStop();
    return true;
  }

  usable() {
    return this.open && !this.stalled;
  }
}

/** The net.Socket under an undici WebSocket (an internal field: checked, never assumed). */
function rawSocket(ws) {
  const key = Object.getOwnPropertySymbols(ws).find((s) => s.description === "response");
  return key && ws[key] && ws[key].socket ? ws[key].socket : null;
}

function checkWaiters() {
  for (const w of stateWaiters) w.check();
}

/** Waits until every usable phone has a state for one activity that arrived after `since`. */
class StateWaiter {
  constructor(activityId, since) {
    this.activityId = activityId;
    this.since = since;
    this.delays = new Map(); // index -> ms
    this.done = null;
    this.promise = new Promise((r) => (this.done = r));
    for (const p of phones.values()) {
      const hit = p.states.find(([t, id]) => id === activityId && t > since);
      if (hit) this.delays.set(p.index, (hit[0] - since) * 1000);
    }
  }
  offer(phone, t, id) {
    if (id === this.activityId && t > this.since && !this.delays.has(phone.index)) {
      this.delays.set(phone.index, (t - this.since) * 1000);
      this.check();
    }
  }
  check() {
    // Counting first: the full walk runs only once enough phones have answered.
    if (this.delays.size < usableCount) return;
    for (const p of phones.values()) if (p.usable() && !this.delays.has(p.index)) return;
    this.done();
  }
}

// --- HTTP --------------------------------------------------------------------------------------

/** POST JSON to {hostname, port, path}; resolve {status, body}; reject on a transport error or timeout. */
function post(target, body, headers, timeoutMs) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({
      ...target, method: "POST", agent, timeout: timeoutMs,
      headers: { "content-type": "application/json", "content-length": data.length, ...headers },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(data);
  });
}

// --- commands ----------------------------------------------------------------------------------

async function join(c) {
  const base = loopback(c.base);
  const wsUrl = `ws://${base.host}/ws/participant`;
  const target = { hostname: base.hostname.replace(/^\[|\]$/g, ""), port: base.port || 80, path: "/api/v1/join" };
  const total = c.total || c.n;
  const stride = c.stride || 1;
  const timeoutMs = (c.timeout_s || 60) * 1000;
  agent = agent || new http.Agent({ keepAlive: true, maxSockets: c.concurrency });
  const gate = new Gate(c.concurrency);
  const latencies = [];
  const kinds = {};
  let errors = 0;
  let queueMax = 0;

  async function one(index) {
    const planned = c.start_at + (c.window_s * index) / total;
    await sleepUntil(planned);
    await gate.take();
    const start = now();
    queueMax = Math.max(queueMax, start - planned);
    try {
      let res;
      for (let attempt = 1; ; attempt++) { // like a phone: a dropped request is tried again
        try {
          res = await post(target, { code: c.code, name: "" },
            { cookie: `samling_device=bench${index}` }, timeoutMs);
          break;
        } catch (e) {
          if (attempt >= 3) throw new Error(`transport: ${e.code || e.message}`);
        }
      }
      if (res.status !== 201 && res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body.slice(0, 60)}`);
      const joined = JSON.parse(res.body);
      const phone = new Phone(index);
      phone.token = joined.participant_token;
      phone.participantId = joined.participant_id ?? null;
      phones.set(index, phone);
      const first = await phone.connect(wsUrl, timeoutMs);
      latencies.push((first - start) * 1000);
    } catch (e) {
      errors += 1;
      count(kinds, String(e.message).slice(0, 80));
    } finally {
      gate.give();
    }
  }

  const jobs = [];
  for (let k = 0; k < c.n; k++) jobs.push(one(c.start_index + k * stride));
  await Promise.all(jobs);
  return {
    joined: latencies.length, errors, error_kinds: topKinds(kinds, 3), latency_ms: latencies.map(r3),
    p50_ms: pct(latencies, 50), p95_ms: pct(latencies, 95), p99_ms: pct(latencies, 99),
    queue_ms_max: r3(queueMax * 1000),
  };
}

async function awaitState(c) {
  const w = new StateWaiter(c.activity_id, c.since);
  stateWaiters.add(w);
  w.check();
  const timer = setTimeout(w.done, (c.timeout_s || 30) * 1000);
  await w.promise;
  clearTimeout(timer);
  stateWaiters.delete(w);
  const open = [...phones.values()].filter((p) => p.usable()).length;
  return { delays_ms: [...w.delays.values()].map(r3), reached: w.delays.size, open };
}

function usablePhones() {
  return [...phones.values()].filter((p) => p.usable()).sort((a, b) => a.index - b.index);
}

async function burst(c) {
  if ((c.payload_kind || "word") !== "word") throw new Error(`unknown payload_kind ${c.payload_kind}`);
  const list = usablePhones();
  const timeoutMs = (c.timeout_s || 30) * 1000;
  const phase = c.phase || 0;
  const out = { ack_ms: [], ack_at: [], error_codes: {}, lost: 0 };
  await Promise.all(list.map(async (p, j) => {
    await sleepUntil(c.start_at + (c.window_s * (j + phase)) / list.length);
    const r = await p.submit(c.activity_id, { text: c.words[p.index % c.words.length] }, timeoutMs);
    if (r.msg) {
      out.ack_ms.push(r3((r.t - r.sent) * 1000));
      out.ack_at.push(Math.round(r.t * 1e6) / 1e6);
    } else if (r.code === "lost") out.lost += 1;
    else count(out.error_codes, r.code);
  }));
  return {
    sent: list.length, acked: out.ack_ms.length, ...out,
    p50_ms: pct(out.ack_ms, 50), p95_ms: pct(out.ack_ms, 95), p99_ms: pct(out.ack_ms, 99), max_ms: pct(out.ack_ms, 100),
  };
}

async function submitEach(c) {
  const timeoutMs = (c.timeout_s || 30) * 1000;
  const out = { sent: 0, acked: 0, lost: 0, ack_ms: [], error_codes: {}, missing: [] };
  const outcomes = {};
  await Promise.all(Object.entries(c.payloads).map(async ([key, payloads]) => {
    const p = phones.get(Number(key));
    if (!p || !p.usable()) {
      out.missing.push(Number(key));
      return;
    }
    const mine = (outcomes[key] = []);
    for (const payload of payloads) {
      out.sent += 1;
      const r = await p.submit(c.activity_id, payload, timeoutMs);
      if (r.msg) {
        out.acked += 1;
        out.ack_ms.push(r3((r.t - r.sent) * 1000));
        mine.push("ack");
      } else {
        if (r.code === "lost") out.lost += 1;
        else count(out.error_codes, r.code);
        mine.push(r.code);
      }
      if (c.spacing_ms) await sleep(c.spacing_ms);
    }
  }));
  return c.detail ? { ...out, outcomes } : out;
}

function sendEach(c) {
  let sent = 0;
  const missing = [];
  for (const [key, messages] of Object.entries(c.messages)) {
    const p = phones.get(Number(key));
    if (!p || !p.usable()) {
      missing.push(Number(key));
      continue;
    }
    for (const m of messages) {
      p.ws.send(JSON.stringify(m));
      sent += 1;
    }
  }
  return { sent, missing };
}

function personal(c) {
  const keys = c.indexes ? c.indexes.map(Number) : [...phones.keys()];
  const out = {};
  for (const k of keys) {
    const p = phones.get(k);
    if (!p || !p.personal) continue;
    const m = p.personal;
    out[k] = {
      at: p.personalAt,
      message: c.digest ? {
        group_id: m.group ? m.group.id : null, activity_id: m.activity_id ?? null,
        role: m.role ? m.role.name : null, members: Array.isArray(m.members) ? m.members.length : 0,
      } : m,
    };
  }
  return { phones: out };
}

function participants() {
  const out = {};
  for (const p of phones.values()) if (p.participantId != null) out[p.index] = p.participantId;
  return { phones: out };
}

function stall(c) {
  const list = usablePhones();
  const k = Math.min(list.length, c.count ?? Math.floor(list.length * (c.fraction || 0)));
  const random = rng(c.seed ?? 7);
  for (let i = list.length - 1; i > 0; i--) { // Fisher-Yates, then take the first k
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  const picked = list.slice(0, k);
  const indexes = [];
  let unpausable = 0;
  for (const p of picked) {
    if (!p.stall()) unpausable += 1;
    indexes.push(p.index);
  }
  checkWaiters();
  return { stalled: picked.length, indexes, unpausable };
}

function stats() {
  const codes = {};
  let open = 0, stalled = 0, closed = 0;
  for (const p of phones.values()) {
    if (p.stalled) stalled += 1;
    if (p.open) open += 1;
    else if (p.closeCode !== null) {
      closed += 1;
      count(codes, p.closeCode);
    }
  }
  return { phones: phones.size, open, usable: usableCount, stalled, closed, close_codes: codes, error_frames: errorFrames };
}

async function ceiling(c) {
  const url = loopback(c.url).href;
  const gate = new Gate(c.concurrency || 200);
  let errors = 0;
  const connectOne = () => new Promise((resolve, reject) => {
    const client = { ws: new WebSocket(url), first: null, open: false };
    const timer = setTimeout(() => reject(new Error("timeout")), 60000);
    client.ws.onopen = () => {
      clearTimeout(timer);
      client.open = true;
      resolve(client);
    };
    client.ws.onerror = () => reject(new Error("websocket error"));
    client.ws.onclose = () => (client.open = false);
    client.ws.onmessage = () => {
      if (client.first === null) client.first = now();
    };
  });
  await Promise.all(Array.from({ length: c.n }, async () => {
    await gate.take();
    try {
      ceilingClients.push(await connectOne());
    } catch {
      errors += 1;
    } finally {
      gate.give();
    }
  }));
  return { connected: ceilingClients.length, errors };
}

async function ceilingWait(c) {
  const deadline = now() + (c.timeout_s || 30);
  const pending = () => ceilingClients.some((x) => x.open && !(x.first > c.since));
  while (pending() && now() < deadline) await sleep(25);
  const delays = ceilingClients.filter((x) => x.first > c.since).map((x) => r3((x.first - c.since) * 1000));
  return { delays_ms: delays, reached: delays.length, open: ceilingClients.filter((x) => x.open).length };
}

function ceilingClose() {
  for (const x of ceilingClients) try { x.ws.close(); } catch { /* closing already */ }
  const n = ceilingClients.length;
  ceilingClients = [];
  return { closed: n };
}

async function closeAll() {
  const list = [...phones.values()];
  for (const p of list) {
    if (!p.ws) continue;
    // A stalled socket never reads the server's close frame: end it at the TCP level.
    if (p.stalled) rawSocket(p.ws)?.destroy();
    else try { p.ws.close(1000); } catch { /* closing already */ }
  }
  ceilingClose();
  const deadline = now() + 5;
  while (list.some((p) => p.open && !p.stalled) && now() < deadline) await sleep(20);
  for (const p of list) if (p.open) rawSocket(p.ws)?.destroy();
  if (agent) agent.destroy();
  return { closed: list.length };
}

const COMMANDS = {
  join, await_state: awaitState, burst, submit_each: submitEach, send_each: sendEach, personal,
  participants, stall, stats, ceiling, ceiling_wait: ceilingWait, ceiling_close: ceilingClose, close_all: closeAll,
};

// --- the command loop --------------------------------------------------------------------------

function reply(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

async function handle(line) {
  let c;
  try {
    c = JSON.parse(line);
  } catch {
    reply({ id: null, ok: false, error: "bad json" });
    return;
  }
  const cpu0 = process.cpuUsage();
  try {
    const fn = COMMANDS[c.cmd];
    if (!fn) throw new Error(`unknown command ${c.cmd}`);
    const out = await fn(c);
    const cpu = process.cpuUsage(cpu0);
    reply({ id: c.id, ok: true, ...out, cpu_s: (cpu.user + cpu.system) / 1e6, cpu_sys_s: cpu.system / 1e6 });
  } catch (e) {
    reply({ id: c.id, ok: false, error: String(e && e.message ? e.message : e) });
  }
}

if (typeof WebSocket !== "function") {
  process.stderr.write("phones.mjs: no global WebSocket; run node with --experimental-websocket\n");
  process.exit(2);
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  if (line.trim()) handle(line);
});
rl.on("close", async () => {
  // The orchestrator is gone or done: close everything, but never hang on the way out.
  setTimeout(() => process.exit(0), 6000).unref();
  await closeAll();
  process.exit(0);
});
