/* EnrollFlow website tracking snippet (served by the tracking app at /t.js).
 *
 * <script src="https://track.example.edu/t.js" data-endpoint="https://track.example.edu/collect" async></script>
 *
 * Nothing is stored or sent until the visitor has consented: a first-party cookie
 * `enrollflow_consent=granted` (set by the site's cookie banner) or `window.enrollflowConsent = true`;
 * a later consent is picked up from the `enrollflow:consent` event. With consent it keeps a random
 * pseudonymous id (`_efid`, 1 year) and a session (`_efsid`, 30 minutes of inactivity), reads the
 * UTM parameters and a signed link token (`eft`) that a click in an EnrollFlow message carries, removes
 * the token from the address bar, and posts `session_start` / `page_view` events. No eval, no inline
 * code: it runs under a strict Content-Security-Policy.
 *
 * Banners and pop-ups (the campaigns' web channel): with consent and a known visitor it asks
 * `/banners` what to show, builds the elements with createElement/textContent (campaign texts are
 * never parsed as HTML), styles them with classes from `/t.css` (no inline style), and posts
 * `banner_impression` / `banner_click` / `banner_dismiss`. Impressions and dismissals are kept in
 * localStorage (`_efb`) so the cap and the dismissal hold on the next pages.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = (script && script.getAttribute("data-endpoint")) ||
    (script ? new URL("collect", script.src).href : "/collect");
  var SESSION_MS = 30 * 60 * 1000;

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return null;
  }
  function setCookie(name, value, seconds) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; Max-Age=" + seconds +
      "; Path=/; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
  }
  function consented() {
    return window.enrollflowConsent === true || cookie("enrollflow_consent") === "granted";
  }
  function randomId() {
    var bytes = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) hex += ("0" + bytes[i].toString(16)).slice(-2);
    return hex + "." + Math.floor(Date.now() / 1000);
  }
  function eventId() {
    return randomId().replace(".", "");
  }

  var sent = false;
  var ctx = null;
  function context() {
    if (ctx) return ctx;
    var now = Date.now();
    var pseudo = cookie("_efid") || randomId();
    setCookie("_efid", pseudo, 365 * 24 * 3600);
    var session = cookie("_efsid");
    var fresh = !session;
    if (fresh) session = String(Math.floor(now / 1000));
    setCookie("_efsid", session, SESSION_MS / 1000);
    var url = new URL(location.href);
    var token = url.searchParams.get("eft");
    if (token) {
      setCookie("_eft", token, 90 * 24 * 3600);
      url.searchParams.delete("eft");
      if (window.history && history.replaceState) history.replaceState(history.state, "", url.href);
    }
    ctx = { now: now, pseudo: pseudo, session: session, fresh: fresh, url: url.href,
            token: token || cookie("_eft") };
    return ctx;
  }
  function post(events) {
    var c = context();
    var body = {
      consent: true,
      pseudo_id: c.pseudo,
      session_id: Number(c.session),
      link_token: c.token,
      page_location: c.url,
      page_referrer: document.referrer || null,
      page_title: document.title || null,
      events: events
    };
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      keepalive: true,
      credentials: "omit",
      mode: "cors"
    }).catch(function () { /* tracking never breaks the page */ });
  }

  function track() {
    if (sent || !consented()) return;
    sent = true;
    var c = context();
    var events = [];
    if (c.fresh) events.push({ name: "session_start", id: eventId(), ts: c.now });
    events.push({ name: "page_view", id: eventId(), ts: c.now + 1 });
    post(events);
    banners();
  }

  // --- banners and pop-ups ------------------------------------------------------------------
  var MAX_SHOWN = 10, MAX_KEYS = 20;
  function history_() {
    try {
      var h = JSON.parse(window.localStorage.getItem("_efb") || "{}");
      return h && typeof h === "object" ? h : {};
    } catch (e) { return {}; }
  }
  function remember(key, change) {
    var h = history_();
    var item = h[key] || { shown: [], dismissed: false };
    change(item);
    item.shown = item.shown.slice(-MAX_SHOWN);
    h[key] = item;
    var keys = Object.keys(h);
    while (keys.length > MAX_KEYS) { delete h[keys.shift()]; }
    try { window.localStorage.setItem("_efb", JSON.stringify(h)); } catch (e) { /* full */ }
  }
  function capped(b, item) {
    var now = Math.floor(Date.now() / 1000), n = 0;
    for (var i = 0; i < item.shown.length; i++) if (now - item.shown[i] < b.cap.per_seconds) n++;
    return (item.dismissed && b.dismissible) || n >= b.cap.impressions;
  }
  function bannerEvent(b, name) {
    post([{ name: name, id: eventId(), ts: Date.now(), campaign_id: b.campaign_id,
            banner_id: b.banner_id, kind: b.kind, locale: b.locale }]);
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    node.className = cls;
    if (text) node.textContent = text;  // never innerHTML: campaign texts are plain text
    return node;
  }
  function safeHref(href) {
    try {
      var u = new URL(href);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (e) { return null; }
  }
  function show(b) {
    var item = history_()[b.key] || { shown: [], dismissed: false };
    if (capped(b, item)) return;
    var box = el("div", b.kind === "popup" ? "ef-popup" : "ef-banner");
    box.setAttribute("role", b.kind === "popup" ? "dialog" : "region");
    box.setAttribute("aria-label", b.title);
    box.setAttribute("lang", b.locale);
    box.setAttribute("data-enrollflow-banner", b.key);
    box.appendChild(el("strong", "ef-title", b.title));
    if (b.body) box.appendChild(el("p", "ef-body", b.body));
    var href = b.cta_url && safeHref(b.cta_url);
    if (href) {
      var cta = el("a", "ef-cta", b.cta_label);
      cta.href = href;
      cta.addEventListener("click", function () { bannerEvent(b, "banner_click"); });
      box.appendChild(cta);
    }
    var root = box;
    if (b.kind === "popup") { root = el("div", "ef-popup-backdrop"); root.appendChild(box); }
    if (b.dismissible) {
      var close = el("button", "ef-dismiss", b.dismiss_label);
      close.type = "button";
      close.addEventListener("click", function () {
        remember(b.key, function (i) { i.dismissed = true; });
        bannerEvent(b, "banner_dismiss");
        root.parentNode && root.parentNode.removeChild(root);
      });
      box.appendChild(close);
    }
    document.body.appendChild(root);
    remember(b.key, function (i) { i.shown.push(Math.floor(Date.now() / 1000)); });
    bannerEvent(b, "banner_impression");
  }
  function banners() {
    var c = context();
    if (!c.token) return;  // targeting is by segment: only known visitors get banners
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("t.css", endpoint).href;
    document.head.appendChild(css);
    fetch(new URL("banners", endpoint).href, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ consent: true, pseudo_id: c.pseudo, link_token: c.token,
                             languages: navigator.languages || [navigator.language],
                             history: history_() }),
      credentials: "omit",
      mode: "cors"
    }).then(function (r) { return r.ok ? r.json() : { banners: [] }; })
      .then(function (data) {
        var list = (data && data.banners) || [];
        function render() { for (var i = 0; i < list.length; i++) show(list[i]); }
        if (document.body) render(); else document.addEventListener("DOMContentLoaded", render);
      })
      .catch(function () { /* banners never break the page */ });
  }

  window.addEventListener("enrollflow:consent", track);
  track();
})();
