/* The portal's search (docs/search.md). The index of the page's language
   (scripts/quangba/site/search.py) is fetched from this site on the first use; nothing else
   is loaded. fold() and the word pattern must stay in step with search.py. */
(function () {
  "use strict";
  var form = document.querySelector("form.qb-search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input");
  var status = form.querySelector(".qb-search__status");
  var list = form.querySelector(".qb-search__results");
  var lang = form.getAttribute("data-lang");
  var indexUrl = form.getAttribute("data-index");
  var base = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var BASE = /[\p{L}\p{N}]/u; // a run of marks alone is no word
  var SEGMENTED = /[\u0e00-\u0eff]/; // Thai and Lao: no spaces between words
  var MAX_RESULTS = 20;
  var loading = null;

  function fold(text) {
    var folded = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
    return folded.normalize("NFC").toLowerCase();
  }

  function load() {
    if (!loading) {
      loading = fetch(indexUrl).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (index) {
        index.vocabulary = Object.keys(index.terms).sort();
        return index;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* The query's words, cut the way the index was: Thai and Lao runs by Intl.Segmenter. */
  function queryWords(query) {
    var words = [];
    (fold(query).match(WORD) || []).forEach(function (run) {
      if (SEGMENTED.test(run) && window.Intl && Intl.Segmenter) {
        var script = /[\u0e80-\u0eff]/.test(run) ? "lo" : "th";
        var segmenter = new Intl.Segmenter(script, { granularity: "word" });
        Array.from(segmenter.segment(run)).forEach(function (s) {
          if (s.isWordLike) {
            (s.segment.match(WORD) || []).forEach(function (w) { if (BASE.test(w)) words.push(w); });
          }
        });
      } else if (BASE.test(run)) {
        words.push(run);
      }
    });
    return words;
  }

  function lowerBound(sorted, word) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* Terms of the index a query word stands for: itself; while typing, the words it begins;
     in Thai and Lao, the words that contain it (the browser and the build may cut a phrase
     differently), else the index's words it is made of. Returns a list of alternatives,
     each a list of terms that must all be present. */
  function expand(index, word, isLast) {
    var vocab = index.vocabulary, found = [];
    if (SEGMENTED.test(word)) {
      vocab.forEach(function (term) { if (term.indexOf(word) >= 0) found.push([term]); });
      if (found.length) return found;
      var parts = [], rest = word;
      while (rest) {
        var cut = 0;
        for (var n = rest.length; n > 0; n--) {
          if (index.terms[rest.slice(0, n)]) { cut = n; break; }
        }
        if (!cut) return [];
        parts.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      return [parts];
    }
    if (index.terms[word]) found.push([word]);
    if (isLast) {
      for (var i = lowerBound(vocab, word); i < vocab.length && vocab[i].indexOf(word) === 0; i++) {
        if (vocab[i] !== word) found.push([vocab[i]]);
      }
    }
    return found;
  }

  function search(index, query) {
    var words = queryWords(query);
    if (!words.length) return null;
    var scores = null;
    words.forEach(function (word, position) {
      var hits = new Map();
      expand(index, word, position === words.length - 1).forEach(function (alternative) {
        var docs = null;
        alternative.forEach(function (term) {
          var these = new Set(index.terms[term]);
          docs = docs ? new Set(Array.from(docs).filter(function (d) { return these.has(d); })) : these;
        });
        var weight = alternative.length === 1 && alternative[0] === word ? 2 : 1;
        docs.forEach(function (d) { hits.set(d, Math.max(hits.get(d) || 0, weight)); });
      });
      if (scores === null) {
        scores = hits;
      } else {
        var kept = new Map();
        scores.forEach(function (score, d) { if (hits.has(d)) kept.set(d, score + hits.get(d)); });
        scores = kept;
      }
    });
    var ranked = Array.from(scores.keys()).map(function (d) {
      // words in the title weigh most, then words in the summary
      var title = fold(index.docs[d][1]), summary = fold(index.docs[d][2]);
      var bonus = words.reduce(function (sum, w) {
        return sum + (title.indexOf(w) >= 0 ? 3 : 0) + (summary.indexOf(w) >= 0 ? 1 : 0);
      }, 0);
      return { doc: d, score: scores.get(d) + bonus };
    });
    ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return ranked;
  }

  function count(n) {
    if (n === 0) return form.getAttribute("data-none");
    return (n === 1 ? form.getAttribute("data-one") : form.getAttribute("data-other")).replace("#", n);
  }

  function show(index, query) {
    var ranked = search(index, query);
    list.textContent = "";
    if (ranked === null) { status.textContent = ""; return; }
    status.textContent = count(ranked.length);
    ranked.slice(0, MAX_RESULTS).forEach(function (hit) {
      var doc = index.docs[hit.doc];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = base + doc[0];
      link.textContent = doc[1];
      item.appendChild(link);
      if (doc[2]) {
        var summary = document.createElement("span");
        summary.className = "qb-search__summary";
        summary.textContent = doc[2];
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
  }

  var pending = 0;
  function update() {
    var query = input.value, ticket = ++pending;
    if (!query.trim()) { list.textContent = ""; status.textContent = ""; return; }
    if (!loading) status.textContent = form.getAttribute("data-loading");
    load().then(function (index) {
      if (ticket === pending) show(index, query);
    }, function () { status.textContent = form.getAttribute("data-none"); });
  }

  function links() { return Array.from(list.querySelectorAll("a")); }

  form.hidden = false;
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();  // Enter opens the first result
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      all[Math.min(at + 1, all.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : all[at - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape") {
      input.value = "";
      update();
      input.focus();
    }
  });
})();
