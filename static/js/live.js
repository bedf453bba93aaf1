// Shared client pieces: a self-healing websocket, translated strings, API calls.

/** Translate a msgid with the page's catalogue and fill %(name)s params. */
export function translator(element) {
  const strings = JSON.parse(element.dataset.strings || "{}");
  return (msgid, params = {}) => {
    let text = strings[msgid] || msgid;
    // A plural pair: [form for 1, form for other numbers] (bokmål, nynorsk and English alike).
    if (Array.isArray(text)) text = text[Number(params.n) === 1 ? 0 : 1];
    return text.replace(/%\((\w+)\)s/g, (_, k) => (k in params ? params[k] : ""));
  };
}

/** A number as the page's language writes it: "3,5" in bokmål and nynorsk, "3.5" in English. */
export function formatNumber(value, maximumFractionDigits = 1) {
  const lang = document.documentElement.lang || "nb";
  // Some browsers' number data lack nynorsk: bokmål writes numbers the same way.
  const locales = lang === "nn" ? ["nn", "nb", "no"] : [lang];
  return new Intl.NumberFormat(locales, { maximumFractionDigits }).format(value);
}

/** A share (0 to 1) as a whole percentage the page's language's way: "33 %" in bokmål and nynorsk, "33%" in English. */
export function formatPercent(share) {
  const lang = document.documentElement.lang || "nb";
  const locales = lang === "nn" ? ["nn", "nb", "no"] : [lang];
  return new Intl.NumberFormat(locales, { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/** Create an element: el("p", {class: "x"}, "text", child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

const kindModules = {};

/** The script of an activity kind (static/js/kinds/<kind>.js), loaded once. */
export function loadKind(name) {
  if (!kindModules[name]) {
    kindModules[name] = import(`./kinds/${name}.js`).catch((err) => {
      delete kindModules[name]; // offline for a moment: the next render tries again
      throw err;
    });
  }
  return kindModules[name];
}

/** Load every kind's script now, while the network is there (a phone may lose it later). */
export function preloadKinds(element) {
  for (const name of (element.dataset.kinds || "").split(",").filter(Boolean)) loadKind(name).catch(() => {});
}

/** A random id for idempotent submissions. */
export function clientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Call the facilitator API with the page's CSRF token; throws Error(message) on failure. */
export async function api(path, method = "POST", body = undefined) {
  const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.detail?.message || data?.detail || res.statusText);
  return data;
}

/**
 * A websocket that says hello, answers to state versions, pings, and reconnects by itself
 * (also when a phone wakes up: iOS often never fires onclose for a suspended socket).
 */
export class LiveSocket {
  constructor(path, { hello = {}, onMessage, onStatus, onOpen }) {
    this.url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
    this.hello = hello;
    this.onMessage = onMessage;
    this.onStatus = onStatus || (() => {});
    this.onOpen = onOpen || (() => {});
    this.version = -1;
    this.retry = 0;
    this.ws = null;
    this.stopped = false;
    this.lastSeen = Date.now();
    // Server time minus this device's clock (ms), measured NTP-style from ping/pong round trips;
    // devices whose clocks are minutes off still count down to the same deadlines.
    this.offset = 0;
    this.bestRoundTrip = Infinity;
    this.pingSentAt = 0;
    const wake = () => this.ensure();
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && wake());
    window.addEventListener("pageshow", wake);
    // After a network change the old TCP connection is usually dead even if it looks open.
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.onStatus("closed"));
    setInterval(() => this.heartbeat(), 15000);
    this.connect();
  }

  get open() { return this.ws && this.ws.readyState === WebSocket.OPEN; }

  connect() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.onStatus(this.retry ? "reconnecting" : "connecting");
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.fresh = true;
      this.lastSeen = Date.now();
      ws.send(JSON.stringify({ type: "hello", ...this.hello }));
      this.ping();
    };
    ws.onmessage = (event) => {
      this.lastSeen = Date.now();
      let msg;
      try { msg = JSON.parse(event.data); } catch { return; }
      if (msg.type === "pong") { this.clockSample(msg.server_time); return; }
      if (msg.type === "state") {
        // A connection's first snapshot is always applied: the server's state is the truth.
        const first = this.fresh;
        if (first || msg.version >= this.version) this.version = msg.version;
        else return;
        this.fresh = false;
        if (first) { this.onStatus("open"); this.onOpen(); }
      }
      this.onMessage(msg);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.onStatus("closed", event.code);
      if ([4401, 4403, 4404].includes(event.code)) { this.stopped = true; this.onMessage({ type: "closed", code: event.code }); return; }
      this.schedule();
    };
    ws.onerror = () => {};
  }

  /** Send a ping, noting when (the pong carries the server's time). */
  ping() {
    if (!this.open) return;
    this.pingSentAt = Date.now();
    this.ws.send(JSON.stringify({ type: "ping" }));
  }

  clockSample(serverTime) {
    if (typeof serverTime !== "number" || !this.pingSentAt) return;
    const now = Date.now();
    const roundTrip = now - this.pingSentAt;
    this.pingSentAt = 0;
    // The sample with the shortest round trip is the most exact; old ones age out slowly.
    this.bestRoundTrip += 50;
    if (roundTrip > this.bestRoundTrip) return;
    this.bestRoundTrip = roundTrip;
    this.offset = serverTime * 1000 - (now - roundTrip / 2);
  }

  /** The server's time now, in seconds since the epoch. */
  serverNow() { return (Date.now() + this.offset) / 1000; }

  schedule() {
    const delay = Math.min(8000, 400 * 2 ** this.retry) * (0.6 + Math.random() * 0.8);
    this.retry += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Reconnect now if the socket is not healthy. */
  ensure() {
    if (this.stopped) return;
    if (!this.ws || this.ws.readyState === WebSocket.CLOSED || Date.now() - this.lastSeen > 40000) {
      try { this.ws && this.ws.close(); } catch {}
      this.ws = null;
      this.retry = 0;
      this.connect();
    } else if (this.open) {
      this.ping();
    }
  }

  /** Drop the current socket and connect afresh. */
  reconnectNow() {
    if (this.stopped) return;
    const old = this.ws;
    this.ws = null;
    if (old) { old.onclose = null; try { old.close(); } catch {} }
    this.retry = 0;
    this.connect();
  }

  heartbeat() {
    if (this.open) {
      if (Date.now() - this.lastSeen > 40000) this.ensure();
      else this.ping();
    }
  }

  /** Send if connected; returns whether it went out. */
  send(message) {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }
}

/**
 * LiveSocket's stand-in on the editor's preview pages: it plays the messages the page came with
 * (data-preview) and sends nothing, so a preview never answers, steers or counts as a phone.
 */
export class PreviewSocket {
  constructor(messages, { onMessage, onStatus }) {
    queueMicrotask(() => {
      onStatus?.("open");
      for (const msg of messages) onMessage(msg);
    });
  }

  serverNow() { return Date.now() / 1000; }

  send() { return false; }
}

/** The page's socket: the live one, or the preview's when the page holds its messages. */
export function socketFor(root, path, handlers) {
  return root.dataset.preview ? new PreviewSocket(JSON.parse(root.dataset.preview), handlers) : new LiveSocket(path, handlers);
}
