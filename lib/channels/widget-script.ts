/*
 * GET /widget.js: the embeddable chat bubble, dependency-free, served as one
 * script. A business adds
 *   <script src="https://app.example/widget.js" data-key="fdw_…" async></script>
 * and optionally data-locale="fr|en", data-title="…", data-api="https://…"
 * (defaults to the script's own origin). It talks to POST /api/v1/chat with
 * the key in X-Tenant-Key, reads the reply as server-sent events, keeps the
 * conversation id in sessionStorage, and renders inside a shadow root so the
 * host page's CSS cannot break it (nor it the page's).
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
  var htmlLang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  var locale = script.getAttribute("data-locale") || (htmlLang === "en" || htmlLang === "fr" ? htmlLang : "");
  var fr = locale ? locale === "fr" : (navigator.language || "").slice(0, 2) === "fr";
  var t = fr
    ? { title: "Accueil", open: "Ouvrir le chat", close: "Fermer", placeholder: "Votre message…", send: "Envoyer", hello: "Bonjour ! Comment puis-je vous aider ?", handoff: "Un membre de l'équipe va prendre le relais.", failed: "Le message n'a pas pu être envoyé. Réessayez." }
    : { title: "Reception", open: "Open chat", close: "Close", placeholder: "Your message…", send: "Send", hello: "Hello! How can I help you?", handoff: "A member of the team will take over.", failed: "The message could not be sent. Please try again." };
  var title = script.getAttribute("data-title") || t.title;
  var storeKey = "frontdesk:" + key.slice(0, 12);
  var conversationId = null;
  try { conversationId = sessionStorage.getItem(storeKey); } catch (e) { /* storage may be blocked */ }

  var host = document.createElement("div");
  host.setAttribute("data-frontdesk-widget", "");
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".fd{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111}" +
    ".bubble{display:flex;align-items:center;justify-content:center;margin-left:auto;width:56px;height:56px;border-radius:50%;border:0;background:#2563eb;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{display:none;flex-direction:column;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 100px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;margin-bottom:12px}" +
    ".open .panel{display:flex}" +
    ".head{display:flex;justify-content:space-between;align-items:center;padding:10px 14px;background:#2563eb;color:#fff;font-weight:600}" +
    ".head button{background:none;border:0;color:#fff;font-size:20px;cursor:pointer}" +
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f8fafc}" +
    ".msg{max-width:80%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".agent{align-self:flex-start;background:#fff;border:1px solid #e2e8f0}" +
    ".me{align-self:flex-end;background:#2563eb;color:#fff}" +
    ".note{align-self:center;color:#64748b;font-size:12px}" +
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #e2e8f0}" +
    "input{flex:1;padding:8px 10px;border:1px solid #cbd5e1;border-radius:8px;font:inherit}" +
    "form button{padding:8px 12px;border:0;border-radius:8px;background:#2563eb;color:#fff;font:inherit;cursor:pointer}" +
    "form button:disabled{opacity:.5;cursor:default}" +
    "</style>" +
    "<div class='fd'><div class='panel' role='dialog'><div class='head'><span class='title'></span><button type='button' class='close'>×</button></div>" +
    "<div class='log' role='log' aria-live='polite'></div>" +
    "<form><input name='message' maxlength='2000' autocomplete='off'><button type='submit'></button></form></div>" +
    "<button type='button' class='bubble'><svg viewBox='0 0 24 24' width='26' height='26' fill='none' stroke='currentColor' stroke-width='1.8' aria-hidden='true'><path d='M3 5.25A2.25 2.25 0 0 1 5.25 3h13.5A2.25 2.25 0 0 1 21 5.25v9a2.25 2.25 0 0 1-2.25 2.25H9l-4.5 4.5v-4.5H5.25A2.25 2.25 0 0 1 3 14.25v-9Z'/></svg></button></div>";

  var box = root.querySelector(".fd");
  var log = root.querySelector(".log");
  var form = root.querySelector("form");
  var input = root.querySelector("input");
  var sendButton = root.querySelector("form button");
  root.querySelector(".title").textContent = title;
  root.querySelector(".bubble").setAttribute("aria-label", t.open);
  root.querySelector(".close").setAttribute("aria-label", t.close);
  input.setAttribute("placeholder", t.placeholder);
  input.setAttribute("aria-label", t.placeholder);
  sendButton.textContent = t.send;

  function add(kind, text) {
    var el = document.createElement("div");
    el.className = "msg " + kind;
    el.textContent = text;
    log.appendChild(el);
    log.scrollTop = log.scrollHeight;
    return el;
  }
  function toggle(open) {
    box.classList.toggle("open", open);
    if (open) { if (!log.childNodes.length) add("agent", t.hello); input.focus(); }
  }
  root.querySelector(".bubble").addEventListener("click", function () { toggle(!box.classList.contains("open")); });
  root.querySelector(".close").addEventListener("click", function () { toggle(false); });

  function finish(el, data) {
    el.textContent = data.reply;
    conversationId = data.conversationId;
    try { sessionStorage.setItem(storeKey, conversationId); } catch (e) { /* ignore */ }
    if (data.handoff) add("note", t.handoff);
  }

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
      if (event === "delta") { el.textContent += parsed.text; log.scrollTop = log.scrollHeight; }
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
    var el = add("agent", "");
    var body = { message: text };
    if (conversationId) body.conversationId = conversationId;
    if (locale) body.locale = locale;
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
      .catch(function () { el.textContent = t.failed; el.className = "msg note"; })
      .then(function () { sendButton.disabled = false; input.focus(); });
  });

  (document.body || document.documentElement).appendChild(host);
})();
`;
