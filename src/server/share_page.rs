//! The page behind a share link, `GET /s/{id}` (docs/share.md): it decrypts in the
//! visitor's browser with WebCrypto, after they press "reveal". The server sends the same
//! bytes to every visitor; the key stays in the fragment, which the browser never sends.
//!
//! Loading the page counts nothing (chat and mail previews fetch links): only the script's
//! `POST /v1/shares/{id}/reveal` does. The page loads nothing from elsewhere, and its
//! Content-Security-Policy allows only its own script and style (by SHA-256 hash) and
//! requests to this server, so an injected tag could neither run nor send the key out.
//!
//! The script mirrors `share::envelope` (v1): HKDF-SHA256 over the link key (and the
//! PBKDF2-HMAC-SHA256 of the password), AES-256-GCM with the share id and header as AAD.
//! The envelope is fetched once and kept, so a mistyped password costs no view.

use std::sync::OnceLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::wire::share::ShareState;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.4rem}button{font:inherit;padding:.4rem 1.2rem}input{font:inherit;padding:.3rem}\
pre{background:#f4f4f4;padding:1rem;white-space:pre-wrap;word-break:break-all}\
.error{color:#a00}.note{color:#555;font-size:.9rem}";

const SCRIPT: &str = r#"(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var enc = new TextEncoder();
  function bytes(bin) {
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function b64url(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    return bytes(atob(s));
  }
  function concat() {
    var n = 0, i, off = 0;
    for (i = 0; i < arguments.length; i++) { n += arguments[i].length; }
    var out = new Uint8Array(n);
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], off); off += arguments[i].length; }
    return out;
  }
  function fail(text) { $('error').textContent = text; $('error').hidden = false; }
  var id = location.pathname.split('/').pop();
  var key = location.hash.slice(1);
  var needsPassword = document.body.getAttribute('data-password') === '1';
  var envelope = null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(key)) {
    $('reveal').disabled = true;
    fail('This link is missing its key (the part after #). Copy the whole link.');
    return;
  }
  if (needsPassword) { $('pw-row').hidden = false; }
  async function open() {
    if (envelope === null) {
      var res = await fetch('../v1/shares/' + id + '/reveal',
        { method: 'POST', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
      if (res.status === 410 || res.status === 404) {
        $('reveal-row').hidden = true;
        $('pw-row').hidden = true;
        throw new Error(res.status === 404 ? 'This link does not exist on this server.'
          : 'This link no longer works: it was used, it expired, or it was revoked.');
      }
      if (!res.ok) { throw new Error('The server answered ' + res.status + '; try again later.'); }
      envelope = bytes(atob((await res.json()).envelope));
    }
    var e = envelope;
    if (e.length < 53 || String.fromCharCode(e[0], e[1], e[2], e[3]) !== 'scs1') {
      throw new Error('The shared value is damaged.');
    }
    var iterations = new DataView(e.buffer).getUint32(5);
    var salt = e.slice(9, 25), nonce = e.slice(25, 37);
    var ikm = b64url(key), info = 'secretscli share v1 key';
    if (e[4] === 1) {
      if (iterations < 10000 || iterations > 10000000) { throw new Error('The shared value is damaged.'); }
      var pw = await crypto.subtle.importKey('raw', enc.encode($('pw').value), 'PBKDF2', false, ['deriveBits']);
      var stretched = await crypto.subtle.deriveBits(
        { name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: iterations }, pw, 256);
      ikm = concat(ikm, new Uint8Array(stretched));
      info = 'secretscli share v1 password key';
    } else if (e[4] !== 0) {
      throw new Error('The shared value is damaged.');
    }
    var hk = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveKey']);
    var aes = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: salt, info: enc.encode(info) },
      hk, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
    var aad = concat(enc.encode('secretscli share v1\u0000'), enc.encode(id), e.slice(0, 37));
    var plain;
    try {
      plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, aes, e.slice(37));
    } catch (_) {
      throw new Error(e[4] === 1 ? 'Wrong password; try again.' : 'The link was altered or cut.');
    }
    $('value').textContent = new TextDecoder().decode(plain);
    $('value-row').hidden = false;
    $('reveal-row').hidden = true;
    $('pw-row').hidden = true;
    $('error').hidden = true;
  }
  $('reveal').addEventListener('click', function () {
    $('reveal').disabled = true;
    open().catch(function (err) { fail(err.message); }).finally(function () { $('reveal').disabled = false; });
  });
})();"#;

/// `sha256-...` of a text, as CSP names it.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The Content-Security-Policy of every share page.
pub fn content_security_policy() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        format!(
            "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; \
             img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            csp_hash(SCRIPT),
            csp_hash(STYLE)
        )
    })
}

fn page(status: StatusCode, password: bool, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>secretscli share</title>\
         <style>{STYLE}</style></head><body data-password=\"{}\">{body}</body></html>",
        u8::from(password)
    );
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    let csp = HeaderValue::from_str(content_security_policy()).expect("the CSP is ASCII");
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The page of an active share: a "reveal" button (and a password field when needed).
pub fn active(password: bool) -> Response {
    let body = format!(
        "<h1>A secret was shared with you</h1>\
         <p class=\"note\">Revealing it counts as one view; the link may stop working after it. \
          It is decrypted here, in your browser.</p>\
         <p id=\"pw-row\" hidden><label>Password <input id=\"pw\" type=\"password\" autocomplete=\"off\"></label></p>\
         <p id=\"reveal-row\"><button id=\"reveal\" type=\"button\">Reveal</button></p>\
         <p id=\"error\" class=\"error\" role=\"alert\" hidden></p>\
         <div id=\"value-row\" hidden><pre id=\"value\"></pre>\
         <p class=\"note\">Copy it now: this page will not show it again.</p></div>\
         <script>{SCRIPT}</script>"
    );
    page(StatusCode::OK, password, &body)
}

/// The page of a recipient-bound share: it opens only in its recipient's CLI, so there
/// is nothing to reveal here (and nothing to count).
pub fn bound() -> Response {
    page(
        StatusCode::OK,
        false,
        "<h1 id=\"bound\">A secret was shared with you</h1>\
         <p>This link is sealed to one person's devices: a browser cannot open it. \
         If it is for you, open it with <code>secretscli share open</code> and this link, \
         on a device you were signed in on when it was made.</p>",
    )
}

/// The page of a share that no longer works (410), or of none (404).
pub fn gone(state: Option<ShareState>) -> Response {
    let (status, title, why) = match state {
        Some(ShareState::Used) => (
            StatusCode::GONE,
            "This link was already used",
            "It was opened as many times as its creator allowed. Ask them for a new one.",
        ),
        Some(ShareState::Expired) => (
            StatusCode::GONE,
            "This link has expired",
            "Ask its creator for a new one.",
        ),
        Some(ShareState::Revoked) => (
            StatusCode::GONE,
            "This link was revoked",
            "Its creator revoked it. Ask them for a new one if you still need it.",
        ),
        Some(ShareState::Active) | None => (
            StatusCode::NOT_FOUND,
            "No such link",
            "This server has no share with this id. Check that you copied the whole link.",
        ),
    };
    page(
        status,
        false,
        &format!("<h1 id=\"gone\">{title}</h1><p>{why}</p>"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_policy_names_the_page_s_own_script_and_style_and_nothing_else() {
        let csp = super::content_security_policy();
        assert!(csp.starts_with("default-src 'none'; script-src 'sha256-"));
        assert!(!csp.contains("unsafe"));
        assert!(csp.contains(&super::csp_hash(super::SCRIPT)));
        assert!(csp.contains(&super::csp_hash(super::STYLE)));
    }

    #[test]
    fn only_the_page_of_an_active_link_carries_the_script() {
        let body = |r: axum::response::Response| {
            let bytes = futures_body(r);
            String::from_utf8(bytes).unwrap()
        };
        assert!(body(super::active(false)).contains("<script>"));
        assert!(!body(super::bound()).contains("<script"));
        assert!(!body(super::gone(None)).contains("<script"));
    }

    fn futures_body(r: axum::response::Response) -> Vec<u8> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(axum::body::to_bytes(r.into_body(), usize::MAX))
            .unwrap()
            .to_vec()
    }
}
