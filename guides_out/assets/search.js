/* Site search over assets/search-index.js (built by tongban_rules/render/search.py).
   No server, no network, no library: works from a web server and from file://.
   A query is cut into characters and neighbouring pairs (the index's grams); an item is a
   candidate when it has them all, and is shown only when the query really occurs in its name
   or in one of its texts (material, theme, department...), which is named in the result. */
(function () {
  "use strict";
  var MAX = 50;
  var form = document.querySelector("form.search-page");
  if (!form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var data = null;
  var cache = {};

  function norm(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  function runs(text) {
    return norm(text).match(/[\p{L}\p{N}_]+/gu) || [];
  }

  function gramsOf(run) {
    if (run.length === 1) return [run];
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    return out;
  }

  function posting(gram) {
    if (!(gram in cache)) {
      var coded = data.grams[gram];
      var nums = [];
      if (coded !== undefined) {
        var n = 0;
        coded.split(",").forEach(function (d) { n += parseInt(d, 36); nums.push(n); });
      }
      cache[gram] = nums;
    }
    return cache[gram];
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function candidates(parts) {
    var found = null;
    parts.forEach(function (run) {
      gramsOf(run).forEach(function (g) {
        found = found === null ? posting(g) : intersect(found, posting(g));
      });
    });
    return found || [];
  }

  /* where each part of the query occurs: [rank, note] or null when a part occurs nowhere */
  function place(doc, parts) {
    var name = norm(doc[0]), rank = 0, notes = [];
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p];
      if (name.indexOf(part) === 0) continue;
      if (name.indexOf(part) > 0) { rank = Math.max(rank, 1); continue; }
      var term = doc[3].map(function (t) { return data.terms[t]; })
        .find(function (t) { return norm(t[1]).indexOf(part) >= 0; });
      if (!term) return null;
      rank = 2;
      notes.push(data.kinds[term[0]] + "：" + term[1]);
    }
    return [rank, notes.join("；")];
  }

  function search(query) {
    var parts = runs(query);
    if (!parts.length) return [];
    var hits = [];
    candidates(parts).forEach(function (n) {
      var where = place(data.docs[n], parts);
      if (where) hits.push({ n: n, rank: where[0], note: where[1] });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || a.n - b.n; });
    return hits;
  }

  function show(query) {
    list.textContent = "";
    if (!runs(query).length) {
      status.textContent = "请输入事项名称、材料或部门，如“身份证”。";
      return;
    }
    var hits = search(query);
    hits.slice(0, MAX).forEach(function (hit) {
      var doc = data.docs[hit.n];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = doc[1];
      a.textContent = doc[0];
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = "（" + data.terms[doc[2]][1] + (hit.note ? "；" + hit.note : "") + "）";
      li.appendChild(meta);
      list.appendChild(li);
    });
    status.textContent = hits.length
      ? "找到 " + hits.length + " 个事项" + (hits.length > MAX ? "，显示前 " + MAX + " 个" : "") + "。"
      : "没有找到与“" + query + "”相关的事项。";
  }

  function load(done) {
    if (window.TONGBAN_SEARCH) { data = window.TONGBAN_SEARCH; done(); return; }
    var script = document.createElement("script");
    script.src = input.getAttribute("data-index");
    script.onload = function () { data = window.TONGBAN_SEARCH; done(); };
    script.onerror = function () { status.textContent = "搜索索引未能加载。"; };
    document.head.appendChild(script);
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  status.textContent = "正在载入搜索索引……";
  load(function () {
    document.documentElement.setAttribute("data-search-ready", "1");
    show(input.value);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// */ }
    });
  });
})();
