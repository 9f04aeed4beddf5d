// Transparency portal: re-checks the published ledger in the reader's own browser.
//
// No framework and nothing from other sites: it fetches ledger.jsonl (and, when published, the
// signed checkpoint and the public key) from this site, recomputes every line's SHA-256 with
// WebCrypto, checks that each line links to the one before, and checks the checkpoint's Ed25519
// signature where the browser supports Ed25519. The format is docs/ledger-format.md:
//   hash = SHA-256("privacity-ledger-v<v>\n" + the line up to ,"hash":" + "}")
//
// It reaches the same verdict as the library's verifier (TransparencyLedger.verifyCopy) on every
// input: a line is accepted only if it is exactly the canonical encoding of a valid entry (the
// library re-encodes what it parsed and compares bytes; so does this script), so no duplicate
// member, number spelling, escape, byte-order mark or member order that one JSON parser reads
// otherwise than another can pass. The page also states the entry count and head it was made
// from, and the key fingerprint: a ledger, checkpoint or key swapped on the server for other
// valid ones is not shown as verified.
//
// All text comes from the page's data-t-* attributes, so it is translated with the page.
'use strict';

/**
 * The checks, without the page: PrivacityLedger.checkLedger(bytes, types) and
 * PrivacityLedger.checkCheckpoint(text, pem, hashes). Exposed for readers who want to run them on
 * a file of their own from the browser's console.
 */
const PrivacityLedger = (function () {
  const encoder = new TextEncoder();
  const GENESIS = '0'.repeat(64);
  const HEX64 = /^[0-9a-f]{64}$/;
  const COMMITMENT = /^hmac-sha256:[0-9a-f]{8}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{43}$/;
  // Java's String.isBlank: only what Character.isWhitespace calls whitespace (not U+00A0,
  // U+2007, U+202F or U+FEFF, which JavaScript's \s includes).
  const JAVA_BLANK =
    /^[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;
  // Instant.toString(): a year of 4 digits, or signed beyond; seconds always; 0, 3, 6 or 9
  // fraction digits.
  const INSTANT = /^([+-]?)([0-9]{4,10})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{3}|[0-9]{6}|[0-9]{9}))?Z$/;
  const CHECKPOINT = /^privacity-ledger-checkpoint v1\nsize (0|[1-9][0-9]{0,18})\nhead ([0-9a-f]{64})\ntime ([0-9TZ:.+-]{1,40})\n\nsig ([0-9a-f]{8}) ([A-Za-z0-9+/]{86}==)\n$/;
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const SPKI_PREFIX = '302a300506032b6570032100';
  // y-coordinates (hex, big-endian) of the Ed25519 points of order 1, 2, 4 and 8: under such a
  // key a signature of every message exists; the library refuses them too.
  const P = (1n << 255n) - 19n;
  const SMALL_ORDER_Y = [
    0n,
    1n,
    P - 1n,
    2707385501144840649318225287225658788936804267575313519463743609750303402022n,
    55188659117513257062467267217118295137698188065244968500265048394206261417927n,
  ];
  const BATCH = 512;

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function own(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  /** No unpaired surrogate: the library refuses them (they have no UTF-8 form). */
  function wellFormed(s) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          continue;
        }
        return false;
      }
      if (c >= 0xdc00 && c <= 0xdfff) {
        return false;
      }
    }
    return true;
  }

  /** A JSON string as the library (Gson) writes it: JSON.stringify's escapes, and U+2028/9. */
  function str(s) {
    return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  }

  /** A map of strings in canonical form (keys in UTF-16 order), or null. */
  function stringMap(value, valid) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return null;
    }
    const keys = Object.keys(value).sort();
    const parts = [];
    for (const k of keys) {
      const v = value[k];
      if (typeof v !== 'string' || !wellFormed(k) || !valid(v)) {
        return null;
      }
      parts.push(str(k) + ':' + str(v));
    }
    return { keys: keys, text: '{' + parts.join(',') + '}' };
  }

  function leapYear(y) {
    return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  }

  /** Whether s is exactly what Java's Instant.toString() writes for some Instant. */
  function canonicalInstant(s) {
    const m = INSTANT.exec(s);
    if (!m) {
      return false;
    }
    const year = (m[1] === '-' ? -1 : 1) * Number(m[2]);
    const spelled =
      year > 9999 ? '+' + year : (year < 0 ? '-' : '') + String(Math.abs(year)).padStart(4, '0');
    if (m[1] + m[2] !== spelled || year < -1e9 || year > 1e9) {
      return false;
    }
    const month = Number(m[3]);
    const day = Number(m[4]);
    const days = [31, leapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1] &&
      Number(m[5]) < 24 && Number(m[6]) < 60 && Number(m[7]) < 60 &&
      (m[8] === undefined || !m[8].endsWith('000'));
  }

  /**
   * Parses one line (bytes, without its newline). Returns what the chain check needs, or null if
   * it is not exactly the canonical encoding of a valid entry.
   */
  function parseLine(line, types) {
    let text;
    let e;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(line);
      e = JSON.parse(text);
    } catch (ex) {
      return null;
    }
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      return null;
    }
    const version = own(e, 'v') ? e.v : 1;
    if ((version !== 1 && version !== 2) || !Number.isSafeInteger(e.seq) || e.seq < 0 ||
        typeof e.time !== 'string' || !canonicalInstant(e.time) ||
        typeof e.type !== 'string' || !types.has(e.type) ||
        typeof e.summary !== 'string' || !wellFormed(e.summary) || JAVA_BLANK.test(e.summary) ||
        typeof e.prev !== 'string' || !HEX64.test(e.prev) ||
        typeof e.hash !== 'string' || !HEX64.test(e.hash)) {
      return null;
    }
    const details = stringMap(e.details, wellFormed);
    if (!details) {
      return null;
    }
    let body = '{' + (version === 2 ? '"v":2,' : '') + '"seq":' + e.seq + ',"time":' + str(e.time) +
      ',"type":' + str(e.type) + ',"summary":' + str(e.summary) + ',"details":' + details.text;
    if (version === 2) {
      const commitments = stringMap(e['private'], (v) => COMMITMENT.test(v));
      if (!commitments || commitments.keys.some((k) => own(e.details, k))) {
        return null;
      }
      body += ',"private":' + commitments.text;
    }
    body += ',"prev":' + str(e.prev);
    if (text !== body + ',"hash":' + str(e.hash) + '}') {
      return null;
    }
    return {
      seq: e.seq,
      prev: e.prev,
      hash: e.hash,
      version: version,
      hashed: encoder.encode('privacity-ledger-v' + version + '\n' + body + '}'),
    };
  }

  /**
   * Checks a ledger file. Resolves to {ok: true, hashes} (every entry's hash, in order), or
   * {ok: false, line, reason, got, expected} for the first bad line: reason is one of malformed,
   * hash, seq, link, version, torn.
   */
  async function checkLedger(bytes, typeNames) {
    const types = new Set(typeNames);
    const lines = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        lines.push(bytes.subarray(start, i));
        start = i + 1;
      }
    }
    const torn = start < bytes.length;
    const hashes = [];
    let previous = GENESIS;
    let lastVersion = 1;
    for (let from = 0; from < lines.length; from += BATCH) {
      const batch = lines.slice(from, from + BATCH).map((l) => parseLine(l, types));
      const digests = await Promise.all(
        batch.map((p) => (p ? crypto.subtle.digest('SHA-256', p.hashed) : null)));
      for (let k = 0; k < batch.length; k++) {
        const n = from + k;
        const p = batch[k];
        const bad = (reason, values) => Object.assign({ ok: false, line: n + 1, reason: reason }, values);
        if (!p) {
          return bad('malformed');
        }
        if (p.version < lastVersion) {
          return bad('version');
        }
        if (hex(digests[k]) !== p.hash) {
          return bad('hash');
        }
        if (p.seq !== n) {
          return bad('seq', { got: p.seq, expected: n });
        }
        if (p.prev !== previous) {
          return bad('link');
        }
        previous = p.hash;
        lastVersion = p.version;
        hashes.push(previous);
      }
    }
    if (torn) {
      return { ok: false, line: lines.length + 1, reason: 'torn' };
    }
    return { ok: true, hashes: hashes };
  }

  /** The DER of a PEM public key that is an Ed25519 point of large order, or null. */
  function publicKeyDer(pem) {
    const m = /^-----BEGIN PUBLIC KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PUBLIC KEY-----\r?\n?$/.exec(pem);
    if (!m) {
      return null;
    }
    let der;
    try {
      der = Uint8Array.from(atob(m[1].replace(/[\r\n]/g, '')), (c) => c.charCodeAt(0));
    } catch (e) {
      return null;
    }
    if (der.length !== 44 || hex(der.subarray(0, 12)) !== SPKI_PREFIX) {
      return null;
    }
    const raw = der.slice(12);
    raw[31] &= 0x7f; // the sign of x
    const y = BigInt('0x' + hex(raw.reverse()));
    return y >= P || SMALL_ORDER_Y.includes(y) ? null : der;
  }

  /**
   * Checks a signed checkpoint against the ledger's hashes. Resolves to {ok: true, size, time,
   * keyId, fingerprint, signatureChecked} or {ok: false, reason, values}: reason is one of
   * malformed, head, badsig.
   */
  async function checkCheckpoint(text, pem, hashes) {
    const m = CHECKPOINT.exec(text);
    const der = publicKeyDer(pem);
    if (!m || !der || !canonicalInstant(m[3]) || BASE64.indexOf(m[5].charAt(85)) % 16 !== 0) {
      return { ok: false, reason: 'malformed' };
    }
    const fingerprint = hex(await crypto.subtle.digest('SHA-256', der));
    if (fingerprint.slice(0, 8) !== m[4]) {
      return { ok: false, reason: 'keyid', values: { got: m[4], want: fingerprint.slice(0, 8) } };
    }
    const size = Number(m[1]);
    const signedHead = size === 0 ? GENESIS : hashes[size - 1];
    if (signedHead !== m[2]) {
      return { ok: false, reason: 'head', values: { size: m[1] } };
    }
    const result = { ok: true, size: size, time: m[3], keyId: m[4], fingerprint: fingerprint };
    let key;
    try {
      key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      if (e && e.name === 'NotSupportedError') {
        return Object.assign(result, { signatureChecked: false });
      }
      return { ok: false, reason: 'malformed' };
    }
    const body = encoder.encode(text.slice(0, text.indexOf('\n\n') + 1));
    const signature = Uint8Array.from(atob(m[5]), (c) => c.charCodeAt(0));
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, body))) {
      return { ok: false, reason: 'badsig' };
    }
    return Object.assign(result, { signatureChecked: true });
  }

  return { checkLedger: checkLedger, checkCheckpoint: checkCheckpoint, GENESIS: GENESIS };
}());

(function () {
  const box = document.getElementById('verify');
  if (!box) {
    return;
  }
  const result = document.getElementById('verify-result');
  const checkpointLine = document.getElementById('verify-checkpoint');
  const again = document.getElementById('verify-again');

  function t(key, values) {
    const template = box.getAttribute('data-t-' + key.replace(/\./g, '-')) || key;
    return template.replace(/\{(\w+)\}/g, (m, name) =>
      values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m);
  }

  async function fetchBytes(file) {
    const response = await fetch(file, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(t('verify.reason.fetch', { file: file, status: response.status }));
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  function show(state, text, checkpointText) {
    box.setAttribute('data-state', state);
    result.textContent = text;
    checkpointLine.textContent = checkpointText || '';
  }

  async function run() {
    again.hidden = true;
    show('pending', t('verify.pending'));
    try {
      if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
        throw new Error(t('verify.reason.nocrypto'));
      }
      const ledger = await PrivacityLedger.checkLedger(
        await fetchBytes(box.getAttribute('data-ledger')),
        box.getAttribute('data-types').split(' '));
      if (!ledger.ok) {
        show('bad', t('verify.bad', {
          line: ledger.line,
          reason: t('verify.reason.' + ledger.reason, ledger),
        }));
        return;
      }
      const hashes = ledger.hashes;
      const head = hashes.length ? hashes[hashes.length - 1] : PrivacityLedger.GENESIS;
      // The page's numbers come from the ledger it was made from: the one served must hold it.
      const size = Number(box.getAttribute('data-size'));
      const pageHead = box.getAttribute('data-head');
      if (size > hashes.length || (size > 0 && hashes[size - 1] !== pageHead)) {
        show('bad', t('verify.cpfail', { reason: t('verify.reason.page', { size: size, head: pageHead }) }));
        return;
      }
      let checkpointText = t('verify.cp.none');
      if (box.hasAttribute('data-checkpoint')) {
        const [checkpoint, key] = await Promise.all([
          fetchBytes(box.getAttribute('data-checkpoint')),
          fetchBytes(box.getAttribute('data-key')),
        ]);
        const decoder = new TextDecoder('utf-8');
        const cp = await PrivacityLedger.checkCheckpoint(
          decoder.decode(checkpoint), decoder.decode(key), hashes);
        if (!cp.ok) {
          show('bad', t('verify.cpfail', { reason: t('verify.cp.' + cp.reason, cp.values) }));
          return;
        }
        if (cp.fingerprint !== box.getAttribute('data-fingerprint')) {
          show('bad', t('verify.cpfail', { reason: t('verify.cp.fingerprint', { fingerprint: cp.fingerprint }) }));
          return;
        }
        // Shown as the page shows times: to the second, UTC.
        const time = cp.time.replace('T', ' ').replace(/(\.\d+)?Z$/, '') + ' UTC';
        const values = { size: cp.size, time: time, key: cp.keyId };
        checkpointText = t(cp.signatureChecked ? 'verify.cp.ok' : 'verify.cp.unsupported', values);
      }
      show('ok', t('verify.ok', { n: hashes.length, head: head }), checkpointText);
    } catch (e) {
      show('error', t('verify.error', { reason: e && e.message ? e.message : String(e) }));
    } finally {
      again.hidden = false;
    }
  }

  again.addEventListener('click', run);
  run();
}());
