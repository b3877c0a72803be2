/*
 * GET /widget.js: the embeddable chat bubble, dependency-free, served as one
 * script. A business adds
 *   <script src="https://app.example/widget.js" data-key="fdw_…" async></script>
 * and optionally data-locale="fr|en" (otherwise it follows the page's
 * <html lang>, also when the page changes it) and data-api="https://…"
 * (defaults to the script's own origin). On load it asks POST /api/v1/widget
 * for the business's look (colour, title, avatar initial, corner, set on the
 * Agent page), the receptionist's name and greeting; it talks to
 * POST /api/v1/chat with the key in X-Tenant-Key, reads the reply as
 * server-sent events, keeps the conversation id in sessionStorage, and
 * renders inside a shadow root so the host page's CSS cannot break it (nor
 * it the page's). The panel is a labelled dialog: Esc closes it and gives
 * focus back to the bubble; a typing indicator shows while the reply comes.
 *
 * Kept as plain ES2017 in a string (no backticks, no "${" inside) so it is
 * served exactly as written, without a build step.
 */
export const WIDGET_SCRIPT = String.raw`(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-key][src*='widget.js']");
  if (!script || window.__frontdeskWidget) return;
  window.__frontdeskWidget = true;
  var key = script.getAttribute("data-key") || "";
  if (!key) { console.warn("[frontdesk] widget.js needs data-key"); return; }
  var api = (script.getAttribute("data-api") || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var forced = script.getAttribute("data-locale");
  var TEXT = {
    fr: { open: "Ouvrir le chat avec {title}", close: "Fermer le chat", placeholder: "Votre message…", send: "Envoyer", hello: "Bonjour ! Comment puis-je vous aider ?", handoff: "Un membre de l'équipe va prendre le relais.", failed: "Le message n'a pas pu être envoyé. Réessayez.", typing: "{name} écrit…", role: "{name}, votre réceptionniste", dialog: "Discussion avec {title}", you: "Vous", unavailable: "Le chat n'est pas disponible pour le moment.", team: "{name} (équipe)" },
    en: { open: "Open chat with {title}", close: "Close chat", placeholder: "Your message…", send: "Send", hello: "Hello! How can I help you?", handoff: "A member of the team will take over.", failed: "The message could not be sent. Please try again.", typing: "{name} is typing…", role: "{name}, your receptionist", dialog: "Chat with {title}", you: "You", unavailable: "The chat is not available at the moment.", team: "{name} (team)" }
  };
  function pageLocale() {
    if (forced === "fr" || forced === "en") return forced;
    var lang = (document.documentElement.lang || navigator.language || "").slice(0, 2).toLowerCase();
    return lang === "fr" ? "fr" : "en";
  }
  function fill(s, values) { return s.replace(/\{(\w+)\}/g, function (m, k) { return values[k] == null ? m : values[k]; }); }
  var locale = pageLocale();
  var config = { personaName: "", businessName: "", greeting: null, appearance: { color: "#0c665f", textColor: "#ffffff", title: "", avatar: "", position: "right" }, serving: true };
  var storeKey = "frontdesk:" + key.slice(0, 12);
  var conversationId = null;
  try { conversationId = sessionStorage.getItem(storeKey); } catch (e) { /* storage may be blocked */ }

  var host = document.createElement("div");
  host.setAttribute("data-frontdesk-widget", "");
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".fd{--fd:#0c665f;--fd-text:#fff;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111;display:flex;flex-direction:column;align-items:flex-end}" +
    ".fd.left{right:auto;left:20px;align-items:flex-start}" +
    ".bubble{display:flex;align-items:center;justify-content:center;width:56px;height:56px;border-radius:50%;border:0;background:var(--fd);color:var(--fd-text);cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);font:600 20px/1 system-ui,sans-serif}" +
    ".bubble:focus-visible,.head button:focus-visible,form button:focus-visible,input:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}" +
    ".panel{display:none;flex-direction:column;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 100px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;margin-bottom:12px}" +
    ".open .panel{display:flex}" +
    ".head{display:flex;gap:10px;align-items:center;padding:10px 12px;background:var(--fd);color:var(--fd-text)}" +
    ".avatar{flex:none;display:flex;align-items:center;justify-content:center;width:34px;height:34px;border-radius:50%;background:rgba(255,255,255,.25);color:var(--fd-text);font-weight:700}" +
    ".who{flex:1;min-width:0}.title{display:block;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.persona{display:block;font-size:12px;opacity:.95}" +
    ".head button{background:none;border:0;color:var(--fd-text);font-size:22px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px}" +
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}" +
    ".msg{max-width:80%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".agent{align-self:flex-start;background:#fff;border:1px solid #e2e8f0}" +
    ".me{align-self:flex-end;background:var(--fd);color:var(--fd-text)}" +
    ".team{align-self:flex-start;background:#fff;border:2px solid var(--fd)}.team b{display:block;font-size:12px;margin-bottom:2px}" +
    ".note{align-self:center;color:#475569;font-size:12px;text-align:center}" +
    ".typing{align-self:flex-start;display:flex;gap:4px;align-items:center;padding:10px 12px;background:#fff;border:1px solid #e2e8f0;border-radius:12px}" +
    ".typing i{width:6px;height:6px;border-radius:50%;background:#64748b;animation:fdb 1s infinite ease-in-out}.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}" +
    "@keyframes fdb{0%,80%,100%{transform:translateY(0);opacity:.5}40%{transform:translateY(-4px);opacity:1}}" +
    "@media (prefers-reduced-motion:reduce){.typing i{animation:none}}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #e2e8f0}" +
    "input{flex:1;min-width:0;padding:8px 10px;border:1px solid #94a3b8;border-radius:8px;font:inherit}" +
    "form button{padding:8px 12px;border:0;border-radius:8px;background:var(--fd);color:var(--fd-text);font:inherit;cursor:pointer}" +
    "form button:disabled{opacity:.5;cursor:default}" +
    "@media (max-width:480px){.fd{right:12px;bottom:12px}.fd.left{left:12px}.panel{width:calc(100vw - 24px);max-width:none;height:min(460px,calc(100vh - 96px))}}" +
    "</style>" +
    "<div class='fd'><div class='panel' role='dialog' aria-modal='false' id='fd-panel'><div class='head'><span class='avatar' aria-hidden='true'></span><span class='who'><span class='title'></span><span class='persona'></span></span><button type='button' class='close'><span aria-hidden='true'>×</span></button></div>" +
    "<div class='log' role='log' aria-live='polite'></div>" +
    "<p class='sr status' role='status'></p>" +
    "<form><input name='message' maxlength='2000' autocomplete='off'><button type='submit'></button></form></div>" +
    "<button type='button' class='bubble' aria-expanded='false' aria-controls='fd-panel'></button></div>";

  var box = root.querySelector(".fd");
  var panel = root.querySelector(".panel");
  var log = root.querySelector(".log");
  var status = root.querySelector(".status");
  var form = root.querySelector("form");
  var input = root.querySelector("input");
  var sendButton = root.querySelector("form button");
  var bubble = root.querySelector(".bubble");
  var closeButton = root.querySelector(".close");
  var bubbleIcon = "<svg viewBox='0 0 24 24' width='26' height='26' fill='none' stroke='currentColor' stroke-width='1.8' aria-hidden='true'><path d='M3 5.25A2.25 2.25 0 0 1 5.25 3h13.5A2.25 2.25 0 0 1 21 5.25v9a2.25 2.25 0 0 1-2.25 2.25H9l-4.5 4.5v-4.5H5.25A2.25 2.25 0 0 1 3 14.25v-9Z'/></svg>";
  bubble.innerHTML = bubbleIcon;

  function t() { return TEXT[locale]; }
  function title() { return config.appearance.title || config.businessName || document.title || ""; }
  function persona() { return config.personaName || title(); }
  function render() {
    var a = config.appearance;
    box.style.setProperty("--fd", a.color);
    box.style.setProperty("--fd-text", a.textColor);
    box.classList.toggle("left", a.position === "left");
    root.querySelector(".avatar").textContent = a.avatar || persona().charAt(0).toUpperCase();
    root.querySelector(".title").textContent = title();
    root.querySelector(".persona").textContent = config.personaName ? fill(t().role, { name: config.personaName }) : "";
    panel.setAttribute("aria-label", fill(t().dialog, { title: title() }));
    bubble.setAttribute("aria-label", fill(t().open, { title: title() }));
    closeButton.setAttribute("aria-label", t().close);
    input.setAttribute("placeholder", t().placeholder);
    input.setAttribute("aria-label", t().placeholder);
    sendButton.textContent = t().send;
  }
  render();

  // The page's language may change after load (a language switch): follow it.
  if (window.MutationObserver && !forced) {
    new MutationObserver(function () {
      var next = pageLocale();
      if (next !== locale) { locale = next; render(); }
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  }

  fetch(api + "/api/v1/widget", { method: "POST", headers: { "content-type": "application/json", "x-tenant-key": key }, body: "{}" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) { if (data) { config = data; render(); } })
    .catch(function () { /* the defaults stay */ });

  function add(kind, text) {
    var el = document.createElement("div");
    el.className = "msg " + kind;
    if (kind === "me") { var who = document.createElement("span"); who.className = "sr"; who.textContent = t().you + ": "; el.appendChild(who); el.appendChild(document.createTextNode(text)); }
    else el.textContent = text;
    log.appendChild(el);
    log.scrollTop = log.scrollHeight;
    return el;
  }
  var typing = null;
  function showTyping(on) {
    if (on && !typing) {
      typing = document.createElement("div");
      typing.className = "typing";
      typing.setAttribute("aria-hidden", "true");
      typing.innerHTML = "<i></i><i></i><i></i>";
      log.appendChild(typing);
      log.scrollTop = log.scrollHeight;
      status.textContent = fill(t().typing, { name: persona() });
    } else if (!on && typing) {
      typing.remove();
      typing = null;
      status.textContent = "";
    }
  }
  function toggle(open) {
    box.classList.toggle("open", open);
    bubble.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      if (!log.childNodes.length) {
        if (config.serving === false) add("note", t().unavailable);
        else add("agent", (config.greeting && config.greeting[locale]) || t().hello);
      }
      input.focus();
    } else {
      bubble.focus();
    }
  }
  bubble.addEventListener("click", function () { toggle(!box.classList.contains("open")); });
  closeButton.addEventListener("click", function () { toggle(false); });
  root.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && box.classList.contains("open")) { e.preventDefault(); e.stopPropagation(); toggle(false); }
  });

  function finish(el, data) {
    showTyping(false);
    if (data.conversationId) {
      conversationId = data.conversationId;
      try { sessionStorage.setItem(storeKey, conversationId); } catch (e) { /* ignore */ }
    }
    // A member of the team holds the conversation: no receptionist reply, theirs comes through the poll.
    if (data.heldByTeam && !data.reply) { if (el.parentNode) el.remove(); waiting = true; schedulePoll(0); return; }
    if (!el.parentNode) log.appendChild(el);
    el.textContent = data.reply;
    if (data.handoff) { add("note", t().handoff); waiting = true; }
    schedulePoll(0);
  }

  // The team's replies: polled while a conversation exists, often once a person is involved.
  var seen = {};
  var lastAt = null;
  var waiting = false;
  var pollTimer = null;
  function schedulePoll(delay) {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, delay == null ? (waiting ? 3000 : 10000) : delay);
  }
  function poll() {
    pollTimer = null;
    if (!conversationId || document.visibilityState === "hidden") { schedulePoll(); return; }
    var body = { conversationId: conversationId };
    if (lastAt) body.after = lastAt;
    fetch(api + "/api/v1/chat/updates", { method: "POST", headers: { "content-type": "application/json", "x-tenant-key": key }, body: JSON.stringify(body) })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.heldByTeam) waiting = true;
        data.messages.forEach(function (m) {
          lastAt = m.at;
          if (seen[m.id]) return;
          seen[m.id] = true;
          var el = add("team", "");
          var who = document.createElement("b");
          who.textContent = fill(t().team, { name: m.author });
          el.appendChild(who);
          el.appendChild(document.createTextNode(m.text));
          waiting = true;
        });
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { schedulePoll(); });
  }
  if (conversationId) schedulePoll(0);

  function readEvents(response, el) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var done = null;
    function handle(block) {
      var event = "message", data = "";
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) event = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
      });
      if (!data) return;
      var parsed = JSON.parse(data);
      if (event === "delta") {
        if (typing) { showTyping(false); log.appendChild(el); }
        el.textContent += parsed.text;
        log.scrollTop = log.scrollHeight;
      }
      else if (event === "done") done = parsed;
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (buffer.trim()) handle(buffer);
          if (!done) throw new Error("stream ended early");
          finish(el, done);
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        var parts = buffer.split("\n\n");
        buffer = parts.pop();
        parts.forEach(handle);
        return pump();
      });
    }
    return pump();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || sendButton.disabled) return;
    input.value = "";
    sendButton.disabled = true;
    add("me", text);
    var el = document.createElement("div");
    el.className = "msg agent";
    showTyping(true);
    var body = { message: text, locale: locale };
    if (conversationId) body.conversationId = conversationId;
    fetch(api + "/api/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", "x-tenant-key": key },
      body: JSON.stringify(body)
    })
      .then(function (response) {
        if (response.status === 404 && conversationId) {
          conversationId = null;
          try { sessionStorage.removeItem(storeKey); } catch (e2) { /* ignore */ }
        }
        if (!response.ok) throw new Error("chat API answered " + response.status);
        var type = response.headers.get("content-type") || "";
        if (response.body && type.indexOf("text/event-stream") === 0) return readEvents(response, el);
        return response.json().then(function (data) { finish(el, data); });
      })
      .catch(function () { showTyping(false); if (!el.parentNode) log.appendChild(el); el.textContent = t().failed; el.className = "msg note"; })
      .then(function () { sendButton.disabled = false; input.focus(); });
  });

  (document.body || document.documentElement).appendChild(host);
})();
`;
