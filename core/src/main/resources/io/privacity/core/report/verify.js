// Transparency portal: re-checks the published ledger in the reader's own browser.
//
// No framework and nothing from other sites: it fetches ledger.jsonl (and, when published, the
// signed checkpoint and the public key) from this site, recomputes every line's SHA-256 with
// WebCrypto, checks that each line links to the one before, and checks the checkpoint's Ed25519
// signature where the browser supports Ed25519. The format is docs/ledger-format.md:
//   hash = SHA-256("privacity-ledger-v<v>\n" + the line up to ,"hash":" + "}")
// All text comes from the page's data-t-* attributes, so it is translated with the page.
'use strict';

(function () {
  const box = document.getElementById('verify');
  if (!box) {
    return;
  }
  const result = document.getElementById('verify-result');
  const checkpointLine = document.getElementById('verify-checkpoint');
  const again = document.getElementById('verify-again');
  const encoder = new TextEncoder();
  const HASH_MARK = encoder.encode(',"hash":"');
  const GENESIS = '0'.repeat(64);
  const BATCH = 512;

  function t(key, values) {
    const template = box.getAttribute('data-t-' + key.replace(/\./g, '-')) || key;
    return template.replace(/\{(\w+)\}/g, (m, name) =>
      values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m);
  }

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function lastIndexOf(bytes, pattern) {
    for (let i = bytes.length - pattern.length; i >= 0; i--) {
      let j = 0;
      while (j < pattern.length && bytes[i + j] === pattern[j]) {
        j++;
      }
      if (j === pattern.length) {
        return i;
      }
    }
    return -1;
  }

  function equalBytes(a, b) {
    if (a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) {
        return false;
      }
    }
    return true;
  }

  class LineProblem extends Error {
    constructor(line, reason) {
      super(reason);
      this.line = line;
      this.reason = reason;
    }
  }

  async function fetchBytes(file) {
    const response = await fetch(file, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      throw new Error(t('verify.reason.fetch', { file: file, status: response.status }));
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Parses one line; returns what the hash check needs, or null if it is not an entry. */
  function parseLine(line) {
    const at = lastIndexOf(line, HASH_MARK);
    if (at < 0) {
      return null;
    }
    let entry;
    try {
      entry = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(line));
    } catch (e) {
      return null;
    }
    if (entry === null || typeof entry !== 'object' || typeof entry.hash !== 'string' ||
        !/^[0-9a-f]{64}$/.test(entry.hash)) {
      return null;
    }
    // The hash member must be the last one, exactly as written.
    const tail = encoder.encode(',"hash":"' + entry.hash + '"}');
    if (!equalBytes(line.subarray(at), tail)) {
      return null;
    }
    const version = entry.v === undefined ? 1 : entry.v;
    const domain = encoder.encode('privacity-ledger-v' + version + '\n');
    const body = new Uint8Array(domain.length + at + 1);
    body.set(domain, 0);
    body.set(line.subarray(0, at), domain.length);
    body[body.length - 1] = 0x7d; // "}"
    return { entry: entry, version: version, body: body };
  }

  /** Checks the chain; returns the hash of every entry, or throws a LineProblem. */
  async function checkChain(bytes) {
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
      const batch = lines.slice(from, from + BATCH).map(parseLine);
      const digests = await Promise.all(
        batch.map((p) => (p ? crypto.subtle.digest('SHA-256', p.body) : null)));
      for (let k = 0; k < batch.length; k++) {
        const n = from + k;
        const p = batch[k];
        if (!p) {
          throw new LineProblem(n + 1, t('verify.reason.malformed'));
        }
        if ((p.version !== 1 && p.version !== 2) || p.version < lastVersion) {
          throw new LineProblem(n + 1, t('verify.reason.version'));
        }
        if (hex(digests[k]) !== p.entry.hash) {
          throw new LineProblem(n + 1, t('verify.reason.hash'));
        }
        if (p.entry.seq !== n) {
          throw new LineProblem(n + 1, t('verify.reason.seq', { got: p.entry.seq, expected: n }));
        }
        if (p.entry.prev !== previous) {
          throw new LineProblem(n + 1, t('verify.reason.link'));
        }
        previous = p.entry.hash;
        lastVersion = p.version;
        hashes.push(previous);
      }
    }
    if (torn) {
      throw new LineProblem(lines.length + 1, t('verify.reason.torn'));
    }
    return hashes;
  }

  function pemToDer(pem) {
    const match = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
    if (!match) {
      return null;
    }
    return Uint8Array.from(atob(match[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  }

  /** Checks the signed checkpoint; returns the line to show, or throws an Error. */
  async function checkCheckpoint(text, pem, hashes) {
    const m = /^privacity-ledger-checkpoint v1\nsize (0|[1-9][0-9]{0,15})\nhead ([0-9a-f]{64})\ntime ([0-9TZ:.+-]{1,40})\n\nsig ([0-9a-f]{8}) ([A-Za-z0-9+/]{86}==)\n$/.exec(text);
    const der = pemToDer(pem);
    if (!m || !der) {
      throw new Error(t('verify.cp.malformed'));
    }
    const size = Number(m[1]);
    const keyId = hex(await crypto.subtle.digest('SHA-256', der)).slice(0, 8);
    if (keyId !== m[4]) {
      throw new Error(t('verify.cp.keyid', { got: m[4], want: keyId }));
    }
    const signedHead = size === 0 ? GENESIS : hashes[size - 1];
    if (signedHead !== m[2]) {
      throw new Error(t('verify.cp.head', { size: size }));
    }
    const body = encoder.encode(text.slice(0, text.indexOf('\n\n') + 1));
    const signature = Uint8Array.from(atob(m[5]), (c) => c.charCodeAt(0));
    // Shown as the page shows times: to the second, UTC.
    const time = m[3].replace('T', ' ').replace(/(\.\d+)?Z$/, '') + ' UTC';
    const values = { size: size, time: time, key: m[4] };
    let key;
    try {
      key = await crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      if (e && e.name === 'NotSupportedError') {
        return t('verify.cp.unsupported', values);
      }
      throw new Error(t('verify.cp.malformed'));
    }
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, body))) {
      throw new Error(t('verify.cp.badsig'));
    }
    return t('verify.cp.ok', values);
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
      const hashes = await checkChain(await fetchBytes(box.getAttribute('data-ledger')));
      const head = hashes.length ? hashes[hashes.length - 1] : GENESIS;
      let checkpointText = t('verify.cp.none');
      if (box.hasAttribute('data-checkpoint')) {
        const [checkpoint, key] = await Promise.all([
          fetchBytes(box.getAttribute('data-checkpoint')),
          fetchBytes(box.getAttribute('data-key')),
        ]);
        const decoder = new TextDecoder('utf-8');
        try {
          checkpointText = await checkCheckpoint(
            decoder.decode(checkpoint), decoder.decode(key), hashes);
        } catch (e) {
          show('bad', t('verify.cpfail', { reason: e.message }));
          return;
        }
      }
      show('ok', t('verify.ok', { n: hashes.length, head: head }), checkpointText);
    } catch (e) {
      if (e instanceof LineProblem) {
        show('bad', t('verify.bad', { line: e.line, reason: e.reason }));
      } else {
        show('error', t('verify.error', { reason: e && e.message ? e.message : String(e) }));
      }
    } finally {
      again.hidden = false;
    }
  }

  again.addEventListener('click', run);
  run();
}());
