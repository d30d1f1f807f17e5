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
  function track() {
    if (sent || !consented()) return;
    sent = true;
    var now = Date.now();
    var pseudo = cookie("_efid") || randomId();
    setCookie("_efid", pseudo, 365 * 24 * 3600);
    var session = cookie("_efsid");
    var events = [];
    if (!session) {
      session = String(Math.floor(now / 1000));
      events.push({ name: "session_start", id: eventId(), ts: now });
    }
    setCookie("_efsid", session, SESSION_MS / 1000);
    var url = new URL(location.href);
    var token = url.searchParams.get("eft");
    if (token) {
      setCookie("_eft", token, 90 * 24 * 3600);
      url.searchParams.delete("eft");
      if (window.history && history.replaceState) history.replaceState(history.state, "", url.href);
    }
    events.push({ name: "page_view", id: eventId(), ts: now + 1 });
    var body = {
      consent: true,
      pseudo_id: pseudo,
      session_id: Number(session),
      link_token: token || cookie("_eft"),
      page_location: url.href,
      page_referrer: document.referrer || null,
      page_title: document.title || null,
      events: events
    };
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      keepalive: true,
      credentials: "omit",
      mode: "cors"
    }).catch(function () { /* tracking never breaks the page */ });
  }

  window.addEventListener("enrollflow:consent", track);
  track();
})();
