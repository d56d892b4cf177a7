/* The check-in scanner: camera (BarcodeDetector, else the vendored jsQR) or a typed code; online
   scans go straight to the API; offline, the phone judges the scan against its offline list
   (salted hashes, no names), queues it, and uploads the queue when the network is back. Every
   scan carries a nonce, so an upload that is retried never records twice. */
(function () {
  "use strict";
  const root = document.getElementById("scanner");
  if (!root) return;
  const cfg = JSON.parse(document.getElementById("scanner-config").textContent);
  const T = cfg.text;
  const $ = (id) => document.getElementById(id);
  const csrf = () => (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  const key = (name) => `hc-scanner:${cfg.event}:${name}`;
  const load = (name, fallback) => {
    try { return JSON.parse(localStorage.getItem(key(name))) ?? fallback; } catch (e) { return fallback; }
  };
  const save = (name, value) => localStorage.setItem(key(name), JSON.stringify(value));

  // --- the ticket code, read as the server reads it (Crockford base32, 20 characters) -------
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  function normalise(raw) {
    const code = String(raw || "").replace(/[\s-]/g, "").toUpperCase()
      .replace(/O/g, "0").replace(/[IL]/g, "1").replace(/U/g, "V");
    if (code.length !== 20) return null;
    for (const ch of code) if (!ALPHABET.includes(ch)) return null;
    return code;
  }

  async function sha256hex(text) {
    const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(bytes)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  // --- network state and the queue ---------------------------------------------------------
  let queue = load("queue", []);
  function showQueue() {
    $("queued").textContent = String(queue.length);
  }
  function showNet() {
    const on = navigator.onLine;
    $("net").textContent = on ? T.online : T.offline;
    $("net").classList.toggle("offline", !on);
  }

  async function api(url, body) {
    const response = await fetch(url, {
      method: body === undefined ? "GET" : "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, data };
  }

  // --- showing an answer -------------------------------------------------------------------
  function show(colour, title, reason, person, status) {
    const box = $("result");
    box.className = `hc-result ${colour}`;
    box.dataset.status = status || "";
    $("result-title").textContent = title;
    $("result-reason").textContent = reason || "";
    $("result-person").textContent = person || "";
    if (navigator.vibrate) navigator.vibrate(colour === "green" ? 80 : [120, 80, 120]);
  }
  function showAnswer(answer) {
    if (answer.status === "error") {
      const messages = Object.values(answer.errors || {}).flat();
      show("red", T.error, messages.join(" "), "", "error");
      return;
    }
    const who = [answer.attendee, answer.category && answer.category.name].filter(Boolean).join(" · ");
    show(answer.colour, T[answer.status] || answer.status, answer.reason, who, answer.status);
  }

  // --- the device --------------------------------------------------------------------------
  let device = load("device", null);
  function showDevice() {
    const registered = Boolean(device);
    $("register").hidden = registered;
    $("work").hidden = !registered;
    $("device-label").textContent = registered ? `${device.name} · ${device.gateName}` : "";
  }
  function fillGates() {
    const select = $("device-gate");
    select.innerHTML = "";
    for (const gate of cfg.gates) select.add(new Option(gate.name, gate.id));
  }
  $("register").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("device-name").value.trim();
    const gate = Number($("device-gate").value);
    if (!name || !gate) return;
    const result = await api(cfg.api.devices, { name, gate });
    if (!result.ok) {
      show("red", T.error, (result.data.error && result.data.error.message) || String(result.status));
      return;
    }
    const gateName = cfg.gates.find((g) => g.id === gate).name;
    device = { id: result.data.id, name, gate, gateName };
    save("device", device);
    showDevice();
    loadOfflineList();
  });
  $("forget").addEventListener("click", () => {
    localStorage.removeItem(key("device"));
    device = null;
    showDevice();
  });

  // --- check-in lists and the offline list ------------------------------------------------
  function fillLists() {
    const select = $("list");
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: cfg.tz });
    const chosen = load("list", null);
    for (const item of cfg.lists) select.add(new Option(item.name, item.id));
    const preferred = cfg.lists.find((l) => l.id === chosen) || cfg.lists.find((l) => l.day === today) || cfg.lists[0];
    if (preferred) select.value = String(preferred.id);
    select.addEventListener("change", () => {
      save("list", Number(select.value));
      loadOfflineList();
    });
  }
  const currentList = () => Number($("list").value);
  let offline = null; // {hash: {salt}, categories, index: Map(hash -> "cat.state")}

  function indexOffline(data) {
    const index = new Map();
    const n = data.hash.hex_chars;
    for (const entry of data.tickets) index.set(entry.slice(0, n), entry.slice(n));
    return { ...data, index };
  }
  async function loadOfflineList() {
    const id = currentList();
    if (!id) return;
    const stored = load(`offline:${id}`, null);
    if (stored) offline = indexOffline(stored);
    if (!navigator.onLine) {
      $("list-status").textContent = offline ? T.list_loaded.replace("%(n)s", offline.tickets.length) : T.offline_no_list;
      return;
    }
    try {
      const result = await api(cfg.api.offline.replace("{id}", id));
      if (result.ok) {
        try { save(`offline:${id}`, result.data); } catch (e) { /* storage full: keep it in memory */ }
        offline = indexOffline(result.data);
      }
    } catch (e) { /* offline after all: keep the stored list */ }
    $("list-status").textContent = offline ? T.list_loaded.replace("%(n)s", offline.tickets.length) : T.offline_no_list;
  }

  // --- a scan ------------------------------------------------------------------------------
  const seenOffline = new Set(load("seen", []));
  let busy = false;
  let lastPayload = "", lastAt = 0;

  // A ticket let in while online is "already scanned" if it comes back while offline.
  async function rememberSeen(scan) {
    const code = normalise(scan.qr_payload);
    if (!offline || offline.list !== scan.list || !code) return;
    const hash = (await sha256hex(offline.hash.salt + code)).slice(0, offline.hash.hex_chars);
    seenOffline.add(`${scan.list}:${hash}`);
    save("seen", Array.from(seenOffline));
  }

  async function judgeOffline(scan) {
    const code = normalise(scan.qr_payload);
    if (!offline || offline.list !== scan.list) {
      show("grey", T.queued, T.offline_no_list, "", "queued");
      return;
    }
    if (!code) {
      show("red", T.unknown, T.offline_unknown, "", "unknown");
      return;
    }
    const hash = (await sha256hex(offline.hash.salt + code)).slice(0, offline.hash.hex_chars);
    const entry = offline.index.get(hash);
    if (!entry) {
      show("red", T.unknown, T.offline_unknown, "", "unknown");
      return;
    }
    const [catIndex, state] = entry.split(".");
    const category = offline.categories[Number(catIndex)] || {};
    const seenKey = `${scan.list}:${hash}`;
    if (state === "v" && !seenOffline.has(seenKey)) {
      seenOffline.add(seenKey);
      save("seen", Array.from(seenOffline));
      show("green", T.ok, T.offline_ok, category.name, "ok");
    } else if (state === "v" || state === "a") {
      show("yellow", T.already, T.offline_already, category.name, "already");
    } else if (state === "w") {
      show("red", T.wrong_list, "", category.name, "wrong_list");
    } else {
      show("red", T.cancelled, "", category.name, "cancelled");
    }
  }

  async function submit(payload) {
    if (!device) { show("red", T.error, T.register_first); return; }
    const now = Date.now();
    if (payload === lastPayload && now - lastAt < 3000) return; // the camera sees a code many times a second
    lastPayload = payload; lastAt = now;
    const scan = {
      qr_payload: payload,
      list: currentList(),
      device: device.id,
      nonce: (crypto.randomUUID && crypto.randomUUID()) || `${now}-${Math.random().toString(16).slice(2)}`,
      scanned_at: new Date(now).toISOString(),
    };
    if (navigator.onLine) {
      try {
        const result = await api(cfg.api.checkins, scan);
        if (result.ok) {
          showAnswer(result.data);
          if (["ok", "already"].includes(result.data.status)) await rememberSeen(scan);
          return;
        }
        if (result.status < 500) {
          const error = result.data.error || {};
          const fields = Object.values(error.fields || {}).flat();
          show("red", T.error, fields.join(" ") || error.message || String(result.status), "", "error");
          return;
        }
      } catch (e) { /* the network failed: fall through to the queue */ }
    }
    queue.push(scan);
    save("queue", queue);
    showQueue();
    showNet();
    await judgeOffline(scan);
  }

  let syncing = false;
  async function sync() {
    if (syncing || !queue.length || !navigator.onLine) return;
    syncing = true;
    try {
      const batch = queue.slice(0, 500);
      const result = await api(cfg.api.batch, { scans: batch });
      if (result.ok) {
        const done = new Set(result.data.results.map((r) => r.nonce));
        queue = queue.filter((s) => !done.has(s.nonce));
        save("queue", queue);
        showQueue();
        const last = result.data.results[result.data.results.length - 1];
        if (last) showAnswer(last);
        $("list-status").textContent = T.synced;
        loadOfflineList();
      }
    } catch (e) { /* still offline; try again later */ }
    syncing = false;
    if (queue.length && navigator.onLine) setTimeout(sync, 500);
  }

  $("typed").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = $("code").value;
    if (!value.trim() || busy) return;
    busy = true;
    lastPayload = "";
    try { await submit(value); } finally { busy = false; }
    $("code").value = "";
    $("code").focus();
  });

  // --- the camera --------------------------------------------------------------------------
  let stream = null, detector = null, canvas = null;
  async function loadJsQR() {
    if (window.jsQR) return;
    await new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = cfg.jsqr; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  async function decode(video) {
    if (detector) {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    }
    canvas = canvas || document.createElement("canvas");
    const w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return null;
    const scale = Math.min(1, 640 / Math.max(w, h));
    canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return found ? found.data : null;
  }
  async function loop() {
    if (!stream) return;
    const video = $("video");
    try {
      const payload = await decode(video);
      if (payload && !busy) {
        busy = true;
        try { await submit(payload); } finally { busy = false; }
      }
    } catch (e) { /* a frame that could not be read */ }
    setTimeout(() => requestAnimationFrame(loop), 150);
  }
  $("camera").addEventListener("click", async () => {
    if (stream) {
      stream.getTracks().forEach((t) => t.stop());
      stream = null;
      $("video-box").hidden = true;
      return;
    }
    try {
      if ("BarcodeDetector" in window) {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      }
      if (!detector) await loadJsQR();
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      const video = $("video");
      video.srcObject = stream;
      $("video-box").hidden = false;
      await video.play();
      loop();
    } catch (e) {
      stream = null;
      show("red", T.error, T.camera_error);
    }
  });

  // --- start -------------------------------------------------------------------------------
  window.addEventListener("online", () => { showNet(); sync(); });
  window.addEventListener("offline", showNet);
  setInterval(sync, 15000);
  fillGates();
  fillLists();
  showDevice();
  showNet();
  showQueue();
  if (device) loadOfflineList();
  sync();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(cfg.sw, { scope: cfg.scope }).catch(() => {});
  }
})();
