/* Fadan search: reads the static index written by sitegen/search (no server, no dependencies).
 *
 * A query is the AND of the posting lists of its terms (Han bigrams, single Han characters, ASCII
 * words; see sitegen/search/text.py, which this file mirrors) and of its filters (more posting lists,
 * "p:浙江", "k:fine", …; years are record ranges). Records are numbered oldest first, so the date
 * order is the record order. Sets of records are bitmaps (one bit per record). Only the shards of the
 * query's terms are fetched, then the display chunks of the page shown.
 *
 * Bigram AND can match a phrase whose bigrams occur apart ("违规发放贷款" in a text with "违规" …
 * "发放" … "贷款"): records shown are checked for the phrase itself and those without it are left
 * out of the page, with a note. Counts are therefore upper bounds for phrases of three or more
 * characters.
 */
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  if (!app) return;
  var form = document.getElementById("search-form");
  var statusEl = document.getElementById("search-status");
  var resultsEl = document.getElementById("search-results");
  var pagesEl = document.getElementById("search-pages");
  var INDEX = new URL(app.getAttribute("data-index"), location.href).href;
  // The URL scheme of sitegen/core/urls.py, given by the page: "/notices/{doc_id}/" and "#p{seq}".
  var NOTICE_URL = app.getAttribute("data-notice");
  var PARTY_ANCHOR = app.getAttribute("data-party");
  var PAGE_SIZE = 20;
  var MAX_QUERY = 100; // characters: every bigram may need its own shard, so a pasted page is cut
  var PARAMS = ["q", "group", "cat", "prov", "year", "level", "kind", "band", "who", "itype", "reg", "sort"];
  var FILTERS = ["cat", "prov", "level", "kind", "band", "who", "itype", "reg"];
  // A count as zh-CN writes it (1,234,567), without Intl: a page's first Intl number format loads the
  // locale data, 25–350 ms in headless Chromium, on the way to the first results.
  function formatCount(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // --- text: mirrors sitegen/search/text.py -------------------------------------------------------
  var HAN = "\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{323AF}";
  var TERM_RE = new RegExp("[" + HAN + "]+|[a-z0-9]+", "gu");
  var HAN_ONLY = new RegExp("^[" + HAN + "]+$", "u");

  function normalize(s) {
    return String(s).normalize("NFKC").toLowerCase();
  }

  function tokenOf(part) {
    var terms = [], verify = [], pieces = [];
    var m;
    TERM_RE.lastIndex = 0;
    while ((m = TERM_RE.exec(part)) !== null) {
      var piece = m[0];
      pieces.push(piece);
      if (HAN_ONLY.test(piece)) {
        var cps = Array.from(piece);
        if (cps.length === 1) {
          terms.push(piece);
        } else {
          for (var i = 0; i + 1 < cps.length; i++) terms.push(cps[i] + cps[i + 1]);
          if (cps.length >= 3) verify.push(piece);
        }
      } else {
        terms.push(piece);
      }
    }
    if (!terms.length) return null;
    return { terms: Array.from(new Set(terms)), verify: verify, pieces: pieces };
  }

  function queryPlan(q) {
    var plan = { include: [], exclude: [] };
    normalize(q).split(/\s+/).forEach(function (part) {
      if (!part) return;
      var negative = part.charAt(0) === "-" && part.length > 1;
      var token = tokenOf(negative ? part.slice(1) : part);
      if (token) (negative ? plan.exclude : plan.include).push(token);
    });
    return plan;
  }

  function fnv1a(term) {
    var h = 0x811c9dc5;
    for (var ch of term) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h >>> 0;
  }

  // --- fetching -----------------------------------------------------------------------------------
  var meta = null;
  var metaPromise = null;
  var shardCache = new Map();
  var chunkCache = new Map();
  var amountsPromise = null;
  var groupsPromise = null;

  function fail(what, detail) {
    var err = new Error(what + (detail ? "（" + detail + "）" : ""));
    err.userFacing = true;
    return err;
  }

  function fetchBytes(path) {
    var url = INDEX + path + (meta ? "?v=" + encodeURIComponent(meta.build) : "");
    return fetch(url).then(function (res) {
      if (!res.ok) throw fail("无法读取搜索索引文件 " + path, "HTTP " + res.status);
      return res.arrayBuffer();
    }).then(function (buf) {
      var bytes = new Uint8Array(buf);
      // Files are gzip; a host that already sent them with Content-Encoding: gzip hands over plain bytes.
      if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
        if (typeof DecompressionStream === "undefined") throw fail("此浏览器版本过旧，无法读取搜索索引");
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
      }
      return bytes;
    });
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetch(INDEX + "meta.json", { cache: "no-cache" }).then(function (res) {
        if (!res.ok) throw fail("无法读取搜索索引", "HTTP " + res.status);
        return res.json();
      }).then(function (m) {
        if (m.version !== 2) throw fail("搜索索引版本不符", "version " + m.version);
        if (fnv1a(m.hash_check[0]) !== m.hash_check[1]) throw fail("搜索索引与脚本不一致");
        m.words = Math.ceil(m.records / 32);
        m.recIndex = indexOf(m.record_fields);
        m.noticeIndex = indexOf(m.notice_fields);
        meta = m;
        return m;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  function indexOf(fields) {
    var out = {};
    fields.forEach(function (f, i) { out[f] = i; });
    return out;
  }

  function loadShard(n) {
    if (!shardCache.has(n)) {
      var name = ("000" + n.toString(16)).slice(-4);
      var p = fetchBytes("t/" + name + ".bin").then(parseShard);
      p.catch(function () { shardCache.delete(n); });
      shardCache.set(n, p);
    }
    return shardCache.get(n);
  }

  function readVarint(bytes, pos) {
    var value = 0, scale = 1, byte;
    do {
      byte = bytes[pos++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return [value, pos];
  }

  function parseShard(bytes) {
    mark("shard-bytes");
    var dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "FDT1") throw fail("搜索索引文件已损坏");
    var n = dv.getUint32(4, true), termsLen = dv.getUint32(8, true);
    var pos = 12;
    var names = n ? new TextDecoder().decode(bytes.subarray(pos, pos + termsLen)).split("\n") : [];
    pos += termsLen;
    var dirLen = dv.getUint32(pos, true);
    pos += 4;
    var offset = pos + dirLen;
    var terms = new Map();
    for (var i = 0; i < n; i++) {
      var c = readVarint(bytes, pos);
      var s = readVarint(bytes, c[1]);
      pos = s[1];
      var size = Math.floor(s[0] / 2);
      terms.set(names[i], { count: c[0], bitmap: s[0] % 2 === 1, offset: offset, size: size });
      offset += size;
    }
    return { terms: terms, bytes: bytes };
  }

  function loadChunk(n) {
    if (!chunkCache.has(n)) {
      var p = fetchBytes("r/" + n + ".bin").then(function (bytes) {
        return JSON.parse(new TextDecoder().decode(bytes));
      });
      p.catch(function () { chunkCache.delete(n); });
      chunkCache.set(n, p);
    }
    return chunkCache.get(n);
  }

  function loadAmounts() {
    if (!amountsPromise) {
      amountsPromise = fetchBytes("amounts.bin").then(function (bytes) {
        var dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        var d = dv.getUint32(4, true), n = dv.getUint32(8, true), width = dv.getUint32(12, true);
        var copy = bytes.slice(16); // aligned copy for the typed views
        var values = new Float64Array(copy.buffer, 0, d);
        var codes = width === 2 ? new Uint16Array(copy.buffer, 8 * d, n) : new Uint32Array(copy.buffer, 8 * d, n);
        return { values: values, codes: codes };
      });
      amountsPromise.catch(function () { amountsPromise = null; });
    }
    return amountsPromise;
  }

  function loadGroups() {
    if (!groupsPromise) {
      groupsPromise = fetchBytes("groups.bin").then(function (bytes) {
        // [name, label or null, records] → [name, label, records]
        return JSON.parse(new TextDecoder().decode(bytes)).map(function (g) { return [g[0], g[1] || g[0], g[2]]; });
      });
      groupsPromise.catch(function () { groupsPromise = null; });
    }
    return groupsPromise;
  }

  // --- record sets (bitmaps of meta.records bits) -------------------------------------------------
  function postings(term) {
    return loadShard(fnv1a(term) % meta.shards).then(function (shard) {
      var e = shard.terms.get(term);
      var out = new Uint32Array(meta.words);
      if (!e) return out;
      if (e.bitmap) {
        new Uint8Array(out.buffer).set(shard.bytes.subarray(e.offset, e.offset + e.size));
        return out;
      }
      var pos = e.offset, rec = 0;
      for (var k = 0; k < e.count; k++) {
        var v = readVarint(shard.bytes, pos);
        pos = v[1];
        rec = k === 0 ? v[0] : rec + v[0];
        out[rec >>> 5] |= 1 << (rec & 31);
      }
      return out;
    });
  }

  function allRecords() {
    var out = new Uint32Array(meta.words).fill(0xffffffff);
    var extra = meta.words * 32 - meta.records;
    if (extra) out[meta.words - 1] = 0xffffffff >>> extra;
    return out;
  }

  function rangeSet(start, end) {
    var out = new Uint32Array(meta.words);
    for (var r = start; r < end; r++) {
      if ((r & 31) === 0 && r + 32 <= end) { out[r >>> 5] = 0xffffffff; r += 31; continue; }
      out[r >>> 5] |= 1 << (r & 31);
    }
    return out;
  }

  function and(a, b) { for (var i = 0; i < a.length; i++) a[i] &= b[i]; return a; }
  function or(a, b) { for (var i = 0; i < a.length; i++) a[i] |= b[i]; return a; }
  function andNot(a, b) { for (var i = 0; i < a.length; i++) a[i] &= ~b[i]; return a; }

  function popcount(bits) {
    var total = 0;
    for (var i = 0; i < bits.length; i++) {
      var x = bits[i];
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      total += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    return total;
  }

  function tokenSet(token) {
    return Promise.all(token.terms.map(postings)).then(function (sets) {
      return sets.reduce(and);
    });
  }

  // --- the query ----------------------------------------------------------------------------------
  function readParams(search) {
    var sp = new URLSearchParams(search);
    var p = {};
    PARAMS.forEach(function (k) {
      p[k] = sp.getAll(k).map(function (v) { return v.trim(); }).filter(Boolean);
    });
    var page = parseInt(sp.get("page") || "1", 10);
    p.page = page > 0 ? page : 1;
    return p;
  }

  // What selects the matches (not their order: a new sort reuses them).
  function paramsKey(p) {
    return PARAMS.filter(function (k) { return k !== "sort"; }).map(function (k) {
      return k + "=" + p[k].join("\u0001");
    }).join("&");
  }

  function hasQuery(p) {
    return PARAMS.some(function (k) { return p[k].length; });
  }

  function resolveGroups(names) {
    if (!names.length) return Promise.resolve({ terms: [], notes: [] });
    return loadGroups().then(function (groups) {
      var terms = [], problems = [];
      names.forEach(function (name) {
        var exact = groups.find(function (g) { return g[0] === name || g[1] === name; });
        if (exact) { terms.push(exact[0]); return; }
        var needle = normalize(name);
        var hits = groups.filter(function (g) {
          return normalize(g[0]).indexOf(needle) >= 0 || normalize(g[1]).indexOf(needle) >= 0;
        });
        if (hits.length === 1) terms.push(hits[0][0]);
        else problems.push({ name: name, candidates: hits.slice(0, 12) });
      });
      return { terms: terms, problems: problems };
    });
  }

  var lastResult = null; // {key, bits, count, order?}

  function evaluate(p) {
    var key = paramsKey(p);
    if (lastResult && lastResult.key === key) return Promise.resolve(lastResult);
    var q = p.q.join(" "), cut = Array.from(q).length > MAX_QUERY;
    var plan = queryPlan(cut ? Array.from(q).slice(0, MAX_QUERY).join("") : q);
    plan.cut = cut;
    return resolveGroups(p.group).then(function (groups) {
      if (groups.problems && groups.problems.length) {
        return { key: key, problems: groups.problems, plan: plan, count: 0 };
      }
      var conditions = [];
      plan.include.forEach(function (t) { conditions.push(tokenSet(t)); });
      var facetValues = { group: groups.terms };
      FILTERS.forEach(function (f) { facetValues[f] = p[f]; });
      Object.keys(facetValues).forEach(function (f) {
        var values = facetValues[f];
        if (!values.length) return;
        var prefix = meta.facets[f].prefix;
        conditions.push(Promise.all(values.map(function (v) { return postings(prefix + v); })).then(function (sets) {
          return sets.reduce(or);
        }));
      });
      if (p.year.length) {
        var years = new Map(meta.years.map(function (y) { return [String(y[0]), y]; }));
        var yearSet = new Uint32Array(meta.words);
        p.year.forEach(function (y) {
          var r = years.get(y);
          if (r) or(yearSet, rangeSet(r[1], r[2]));
        });
        conditions.push(Promise.resolve(yearSet));
      }
      var exclusions = plan.exclude.map(tokenSet);
      return Promise.all([Promise.all(conditions), Promise.all(exclusions)]).then(function (both) {
        var bits = both[0].length ? both[0].reduce(and) : allRecords();
        both[1].forEach(function (ex) { andNot(bits, ex); });
        var result = { key: key, bits: bits, count: popcount(bits), plan: plan };
        mark("evaluated");
        lastResult = result;
        return result;
      });
    });
  }

  // Record numbers of the matches, in the requested order, from `skip`, at most `take`. Records are
  // numbered oldest first, so newest first is from the highest bit down.
  function pageRecords(result, sort, skip, take) {
    if (sort === "amount") {
      return amountOrder(result).then(function (order) {
        return Array.from(order.subarray(skip, skip + take));
      });
    }
    var out = [], bits = result.bits, seen = 0, w, x, n, b;
    if (sort === "date-asc") {
      for (w = 0; w < bits.length && out.length < take; w++) {
        x = bits[w];
        if (!x) continue;
        n = popcountWord(x);
        if (seen + n <= skip) { seen += n; continue; }
        for (b = 0; b < 32 && out.length < take; b++) {
          if (x & (1 << b) && seen++ >= skip) out.push(w * 32 + b);
        }
      }
      return Promise.resolve(out);
    }
    for (w = bits.length - 1; w >= 0 && out.length < take; w--) {
      x = bits[w];
      if (!x) continue;
      n = popcountWord(x);
      if (seen + n <= skip) { seen += n; continue; }
      for (b = 31; b >= 0 && out.length < take; b--) {
        if (x & (1 << b) && seen++ >= skip) out.push(w * 32 + b);
      }
    }
    return Promise.resolve(out);
  }

  function popcountWord(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }

  // Matches by fine, largest first, then newest first (highest record number); computed once per query.
  function amountOrder(result) {
    if (result.order) return Promise.resolve(result.order);
    return loadAmounts().then(function (amounts) {
      var recs = new Uint32Array(result.count), k = 0, bits = result.bits;
      for (var w = 0; w < bits.length; w++) {
        var x = bits[w];
        while (x) {
          var low = x & -x;
          recs[k++] = w * 32 + (31 - Math.clz32(low));
          x ^= low;
        }
      }
      var codes = amounts.codes, order = new Uint32Array(recs.length), i;
      if (amounts.values.length < 1 << 25 && meta.records < 1 << 27) {
        // One float key per match (fine code, then record number): a native numeric sort, no comparator.
        var keys = new Float64Array(recs.length), span = 134217728;
        for (i = 0; i < recs.length; i++) keys[i] = codes[recs[i]] * span + recs[i];
        keys.sort();
        for (i = 0; i < keys.length; i++) order[i] = keys[keys.length - 1 - i] % span;
      } else {
        order.set(Array.from(recs).sort(function (a, b) { return codes[b] - codes[a] || b - a; }));
      }
      result.order = order;
      return order;
    });
  }

  // --- rendering ----------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function labelOf(facet, value) {
    var opts = (meta.options[facet] || []);
    for (var i = 0; i < opts.length; i++) if (opts[i].v === value) return opts[i].label;
    return value;
  }

  // Text with every occurrence of the query pieces marked (matching on NFKC, lower case, per character).
  function highlighted(parent, text, pieces) {
    var norm = "", map = [];
    var chars = Array.from(text), offsets = [], o = 0;
    chars.forEach(function (ch, i) {
      offsets.push(o);
      o += ch.length;
      var n = normalize(ch);
      for (var j = 0; j < n.length; j++) { norm += n[j]; map.push(i); }
    });
    offsets.push(o);
    var marks = [];
    pieces.forEach(function (piece) {
      if (!piece) return;
      var at = norm.indexOf(piece);
      while (at >= 0) {
        marks.push([map[at], map[at + piece.length - 1] + 1]);
        at = norm.indexOf(piece, at + piece.length);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      parent.appendChild(document.createTextNode(text.slice(offsets[pos], offsets[m[0]])));
      parent.appendChild(el("mark", null, text.slice(offsets[m[0]], offsets[m[1]])));
      pos = m[1];
    });
    parent.appendChild(document.createTextNode(text.slice(offsets[pos])));
    return parent;
  }

  // A window of about `width` characters around the first match, so long facts stay readable.
  function excerpt(text, pieces, width) {
    var chars = Array.from(text);
    if (chars.length <= width) return text;
    var norm = normalize(text), first = -1;
    pieces.forEach(function (p) {
      var at = norm.indexOf(p);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = first < 0 ? 0 : Math.max(0, Array.from(norm.slice(0, first)).length - Math.floor(width / 3));
    var end = Math.min(chars.length, start + width);
    return (start > 0 ? "…" : "") + chars.slice(start, end).join("") + (end < chars.length ? "…" : "");
  }

  function searchableText(r, n, R, N) {
    return normalize([
      r[R.party_name], r[R.party_role], r[R.institution], r[R.decision_no], r[R.facts], r[R.decision],
      r[R.authority], n[N.title], n[N.issuer], n[N.document_no]
    ].filter(Boolean).join("\n"));
  }

  function verified(r, n, plan, R, N) {
    var runs = [];
    plan.include.forEach(function (t) { runs = runs.concat(t.verify); });
    if (!runs.length || r[R.truncated]) return true;
    var text = searchableText(r, n, R, N);
    return runs.every(function (run) { return text.indexOf(run) >= 0; });
  }

  function renderRecord(r, n, pieces) {
    var R = meta.recIndex, N = meta.noticeIndex;
    var li = el("li", "s-hit");
    var h = el("h2", "s-name");
    var a = el("a");
    // The page's key: NFRA's docId, or pboc-{articleId} (an index written before it had none: the docId).
    var docId = N.key !== undefined && n[N.key] ? n[N.key] : n[N.doc_id];
    a.href = NOTICE_URL.replace("{doc_id}", encodeURIComponent(docId)) +
      (r[R.seq] ? PARTY_ANCHOR.replace("{seq}", r[R.seq]) : "");
    highlighted(a, r[R.party_name] || n[N.title] || "公告 " + docId, pieces);
    h.appendChild(a);
    if (r[R.party_kind]) h.appendChild(el("span", "s-tag", labelOf("who", r[R.party_kind])));
    li.appendChild(h);
    var who = [], role = r[R.party_role], inst = r[R.institution], group = r[R.bank_group];
    if (role) who.push(role);
    // An institution penalized in its own name is its own institution: saying it twice says nothing.
    if (inst && inst !== r[R.party_name] && (!role || role.indexOf(inst) < 0)) who.push(inst);
    if (group && (r[R.party_name] || "").indexOf(group) < 0 && who.join("").indexOf(group) < 0) who.push(group);
    if (who.length) li.appendChild(highlighted(el("p", "s-who"), who.join(" · "), pieces));
    // The summary is written by the build (sitegen/core/fragments.py: sanctions_summary), as listings show it.
    var s = r[R.sanctions];
    if (s) li.appendChild(el("p", "s-sanction", s));
    if (r[R.facts]) {
      var f = el("p", "s-facts");
      f.appendChild(el("span", "s-label", "事实："));
      li.appendChild(highlighted(f, excerpt(r[R.facts], pieces, 160), pieces));
    }
    if (r[R.decision]) {
      var d = el("p", "s-decision");
      d.appendChild(el("span", "s-label", "决定："));
      li.appendChild(highlighted(d, excerpt(r[R.decision], pieces, 120), pieces));
    }
    var src = el("p", "s-source");
    var bits = [n[N.date] ? n[N.date] + " 发布" : "发布日期不详", n[N.issuer], r[R.decision_no] || n[N.document_no]];
    highlighted(src, bits.filter(Boolean).join(" · "), pieces);
    (r[R.categories] || []).forEach(function (c) { src.appendChild(el("span", "s-cat", labelOf("cat", c))); });
    if (n[N.removed]) src.appendChild(el("span", "s-warn", "已从监管机构网站撤下"));
    if (n[N.parse_status] && n[N.parse_status] !== "ok") src.appendChild(el("span", "s-warn", "公告未完整解析"));
    li.appendChild(src);
    return li;
  }

  function setStatus(text, kind) {
    statusEl.textContent = "";
    statusEl.className = "s-status" + (kind ? " s-" + kind : "");
    if (typeof text === "string") statusEl.textContent = text;
    else if (text) statusEl.appendChild(text);
  }

  function hrefFor(p, page) {
    var sp = new URLSearchParams();
    PARAMS.forEach(function (k) { p[k].forEach(function (v) { sp.append(k, v); }); });
    if (page > 1) sp.set("page", String(page));
    var qs = sp.toString();
    return location.pathname + (qs ? "?" + qs : "");
  }

  function renderPages(p, count) {
    pagesEl.textContent = "";
    var last = Math.ceil(count / PAGE_SIZE);
    if (last <= 1) return;
    var current = Math.min(p.page, last);
    var shown = new Set([1, last]);
    for (var k = current - 2; k <= current + 2; k++) if (k >= 1 && k <= last) shown.add(k);
    var add = function (page, text, rel) {
      var a = el("a", null, text);
      a.href = hrefFor(p, page);
      if (rel) a.rel = rel;
      if (page === current && !rel) a.setAttribute("aria-current", "page");
      pagesEl.appendChild(a);
    };
    if (current > 1) add(current - 1, "← 上一页", "prev");
    var prev = 0;
    Array.from(shown).sort(function (a, b) { return a - b; }).forEach(function (k) {
      if (k - prev > 1) pagesEl.appendChild(el("span", "s-gap", "…"));
      add(k, String(k));
      prev = k;
    });
    if (current < last) add(current + 1, "下一页 →", "next");
  }

  function renderProblems(p, problems) {
    var box = el("div");
    problems.forEach(function (pr) {
      box.appendChild(el("p", null, pr.candidates.length
        ? "“" + pr.name + "”对应多个机构集团，请选择一个："
        : "没有找到名为“" + pr.name + "”的机构集团。"));
      if (pr.candidates.length) {
        var ul = el("ul", "s-choices");
        pr.candidates.forEach(function (g) {
          var q = Object.assign({}, p);
          q.group = p.group.map(function (x) { return x === pr.name ? g[0] : x; });
          var li = el("li"), a = el("a", null, g[1] + "（" + formatCount(g[2]) + " 条）");
          a.href = hrefFor(q, 1);
          li.appendChild(a);
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
    });
    return box;
  }

  // Files the page will need once the matches are known, fetched while the shards are: each round trip
  // saved is one the reader does not wait for. Newest first (the default), page 1 shows the newest
  // matches, and a common term has them in the last display chunk; oldest first, in the first. An amount
  // sort needs amounts.bin whatever matches. A rare term's page lies elsewhere: the chunk then costs
  // bytes, not time (it comes in parallel).
  function prefetch(p) {
    var sort = p.sort[0] || "", quiet = function () {};
    if (sort === "amount") { loadAmounts().catch(quiet); return; }
    if (p.page !== 1 || !meta.chunks) return;
    var wanted = sort === "date-asc" ? [0] : [meta.chunks - 1];
    var inLast = meta.records - (meta.chunks - 1) * meta.chunk_size;
    if (sort !== "date-asc" && inLast < PAGE_SIZE && meta.chunks > 1) wanted.push(meta.chunks - 2);
    wanted.forEach(function (c) { loadChunk(c).catch(quiet); });
  }

  var runId = 0;

  // Stages of a search in the Performance timeline (read by the benchmark).
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("fadan:" + name);
  }

  function run(p) {
    var id = ++runId;
    var started = performance.now();
    app.setAttribute("data-state", "loading");
    app.setAttribute("aria-busy", "true");
    setStatus("正在搜索…");
    mark("start");
    return loadMeta().then(function () {
      mark("meta");
      // The fetches first, then the form is filled while they travel.
      var evaluated = hasQuery(p) ? evaluate(p) : null;
      if (evaluated) setTimeout(function () { prefetch(p); }, 0); // queued behind the shards it may not need
      fillForm(p);
      if (!evaluated) {
        resultsEl.textContent = "";
        pagesEl.textContent = "";
        setStatus("共收录 " + formatCount(meta.notices) + " 份公告中的 " +
          formatCount(meta.records) + " 条处罚记录。输入关键词或选择筛选条件后搜索。");
        return "idle";
      }
      return evaluated.then(function (result) {
        if (id !== runId) return "stale";
        if (result.problems) {
          resultsEl.textContent = "";
          pagesEl.textContent = "";
          setStatus(renderProblems(p, result.problems), "empty");
          return "empty";
        }
        if (!result.count) {
          resultsEl.textContent = "";
          pagesEl.textContent = "";
          var msg = el("span", null, "没有找到符合条件的处罚记录。试试更短的关键词、同义词，或减少筛选条件。");
          setStatus(msg, "empty");
          return "empty";
        }
        var last = Math.ceil(result.count / PAGE_SIZE);
        var page = Math.min(p.page, last);
        var sort = p.sort[0] || "";
        return pageRecords(result, sort, (page - 1) * PAGE_SIZE, PAGE_SIZE).then(function (recs) {
          var wanted = Array.from(new Set(recs.map(function (r) { return Math.floor(r / meta.chunk_size); })));
          mark("page-records");
          return Promise.all(wanted.map(loadChunk)).then(function (chunks) {
            mark("chunks");
            if (id !== runId) return "stale";
            var byChunk = new Map();
            wanted.forEach(function (c, i) { byChunk.set(c, chunks[i]); });
            var pieces = [];
            result.plan.include.forEach(function (t) { pieces = pieces.concat(t.pieces); });
            var frag = document.createDocumentFragment(), hidden = 0;
            recs.forEach(function (rec) {
              var chunk = byChunk.get(Math.floor(rec / meta.chunk_size));
              var r = chunk.records[rec - chunk.first];
              var n = chunk.notices[r[meta.recIndex.notice]];
              if (!verified(r, n, result.plan, meta.recIndex, meta.noticeIndex)) { hidden++; return; }
              frag.appendChild(renderRecord(r, n, pieces));
            });
            if (hidden && hidden === recs.length && last === 1) {
              resultsEl.textContent = "";
              pagesEl.textContent = "";
              setStatus("没有找到连续含有检索词的记录（" + hidden + " 条记录只分散地含有检索词的各部分）。", "empty");
              return "empty";
            }
            resultsEl.textContent = "";
            resultsEl.start = (page - 1) * PAGE_SIZE + 1;
            resultsEl.appendChild(frag);
            renderPages(p, result.count);
            var from = (page - 1) * PAGE_SIZE + 1, to = from + recs.length - 1;
            var text = "找到 " + formatCount(result.count) + " 条处罚记录" +
              (last > 1 ? "，第 " + formatCount(from) + "–" + formatCount(to) + " 条" : "") +
              (sort === "amount" ? "（按罚款金额排序）" : sort === "date-asc" ? "（最早的在前）" : "（最新的在前）") + "。";
            if (hidden) text += "本页另有 " + hidden + " 条记录只分散地含有检索词的各部分，已略去，总数因此可能偏多。";
            if (result.plan.cut) text += "检索词过长，只用了前 " + MAX_QUERY + " 个字。";
            setStatus(text);
            return "done";
          });
        });
      });
    }).then(function (state) {
      if (state === "stale") return;
      mark("done");
      app.setAttribute("data-state", state);
      app.setAttribute("data-ms", String(Math.round(performance.now() - started)));
      app.setAttribute("data-count", String(lastResult && state === "done" ? lastResult.count : 0));
      app.removeAttribute("aria-busy");
    }, function (err) {
      if (id !== runId) return;
      resultsEl.textContent = "";
      pagesEl.textContent = "";
      setStatus((err && err.userFacing ? err.message : "搜索出错：" + (err && err.message)) + "。请刷新页面重试。", "error");
      app.setAttribute("data-state", "error");
      app.removeAttribute("aria-busy");
      if (window.console) console.error(err);
    });
  }

  // --- the form -----------------------------------------------------------------------------------
  var filled = false;

  function fillOptions() {
    if (filled) return;
    filled = true;
    FILTERS.forEach(function (f) {
      var select = form.elements[f];
      if (!select) return;
      (meta.options[f] || []).forEach(function (o) {
        select.appendChild(new Option(o.label + "（" + formatCount(o.n) + "）", o.v));
      });
    });
    var year = form.elements.year;
    if (year) meta.years.forEach(function (y) {
      year.appendChild(new Option(y[0] + " 年（" + formatCount(y[2] - y[1]) + "）", String(y[0])));
    });
  }

  function fillForm(p) {
    fillOptions();
    PARAMS.forEach(function (k) {
      var field = form.elements[k];
      if (!field) return;
      var value = p[k][0] || "";
      if (field.tagName === "SELECT" && value && !Array.from(field.options).some(function (o) { return o.value === value; })) {
        field.appendChild(new Option(value, value)); // a value from a shared link the index no longer lists
      }
      field.value = value;
    });
    // Filters live in a <details>: open it, and say how many are set, when a link sets any.
    var more = document.getElementById("s-more");
    if (more) {
      var active = PARAMS.filter(function (k) { return k !== "q" && p[k].length; }).length;
      var summary = more.querySelector("summary"), note = summary.querySelector(".s-active");
      if (!note) { note = el("span", "s-active"); summary.appendChild(note); }
      note.textContent = active ? "已设 " + active + " 项" : "";
      if (active) more.open = true;
    }
  }

  function paramsFromForm() {
    var data = new FormData(form);
    var p = {};
    PARAMS.forEach(function (k) {
      p[k] = data.getAll(k).map(function (v) { return String(v).trim(); }).filter(Boolean);
    });
    p.page = 1;
    return p;
  }

  var groupList = document.getElementById("s-group-list");
  var groupsFilled = false;
  function fillGroups() {
    if (groupsFilled || !meta) return;
    groupsFilled = true;
    loadGroups().then(function (groups) {
      var frag = document.createDocumentFragment();
      groups.forEach(function (g) {
        var o = document.createElement("option");
        o.value = g[0];
        o.label = (g[1] !== g[0] ? g[1] + " · " : "") + formatCount(g[2]) + " 条";
        frag.appendChild(o);
      });
      groupList.appendChild(frag);
    }, function () { groupsFilled = false; });
  }
  if (form.elements.group && groupList) {
    form.elements.group.addEventListener("focus", fillGroups);
    form.elements.group.addEventListener("input", fillGroups);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var p = paramsFromForm();
    history.pushState(null, "", hrefFor(p, 1));
    run(p);
  });

  pagesEl.addEventListener("click", function (ev) {
    var a = ev.target.closest("a");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    history.pushState(null, "", a.getAttribute("href"));
    run(readParams(location.search)).then(function () {
      statusEl.scrollIntoView({ block: "start" });
    });
  });

  window.addEventListener("popstate", function () { run(readParams(location.search)); });

  run(readParams(location.search));
})();
