/* The portal's search (docs/search.md). The index of the page's language
   (scripts/quangba/site/search.py) is fetched from this site, file by file as queries need
   it; nothing else is loaded. fold() and the word pattern must stay in step with search.py. */
(function () {
  "use strict";
  var form = document.querySelector("form.qb-search");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input");
  var status = form.querySelector(".qb-search__status");
  var list = form.querySelector(".qb-search__results");
  var indexUrl = form.getAttribute("data-index");
  var base = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);  // the language's home
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var BASE = /[\p{L}\p{N}]/u; // a run of marks alone is no word
  var SEGMENTED = /[\u0e00-\u0eff]/; // Thai and Lao: no spaces between words
  var MAX_RESULTS = 20;
  var loading = null;

  function fold(text) {
    var folded = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
    return folded.normalize("NFC").toLowerCase();
  }

  var files = {};
  function get(path) {  // each file of the index is fetched once
    if (!files[path]) {
      files[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  function load() {
    if (!loading) {
      loading = get(indexUrl.slice(base.length)).then(function (manifest) {
        manifest.shardSet = new Set(manifest.shards);
        manifest.vocabularySet = new Set(manifest.vocabulary);
        manifest.terms = {};  // term -> [docs, in the title, in the summary], from the shards loaded
        manifest.sorted = {};  // shard -> its terms, sorted
        return manifest;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function shardOf(term) { return term.codePointAt(0).toString(16); }

  function loadShards(index, keys) {
    var wanted = Array.from(new Set(keys)).filter(function (k) { return index.shardSet.has(k) && !index.sorted[k]; });
    return Promise.all(wanted.map(function (key) {
      return get("search/t-" + key + ".json").then(function (shard) {
        Object.keys(shard).forEach(function (term) { index.terms[term] = shard[term]; });
        index.sorted[key] = Object.keys(shard).sort();
      });
    }));
  }

  function undelta(steps) {
    var out = [], at = 0;
    (steps || []).forEach(function (step) { at += step; out.push(at); });
    return out;
  }

  function docsOf(index, term, which) {  // which: 0 every doc, 1 in the title, 2 in the summary
    var entry = index.terms[term];
    if (!entry) return which ? new Set() : [];
    entry.decoded = entry.decoded || [undelta(entry[0]), new Set(undelta(entry[1])), new Set(undelta(entry[2]))];
    return entry.decoded[which];
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
    var found = [];
    if (SEGMENTED.test(word)) {
      index.vocabulary.forEach(function (term) { if (term.indexOf(word) >= 0) found.push([term]); });
      if (found.length) return found;
      var parts = [], rest = word;
      while (rest) {
        var cut = 0;
        for (var n = rest.length; n > 0; n--) {
          if (index.vocabularySet.has(rest.slice(0, n))) { cut = n; break; }
        }
        if (!cut) return [];
        parts.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      return [parts];
    }
    if (index.terms[word]) found.push([word]);
    if (isLast) {
      var vocab = index.sorted[shardOf(word)] || [];
      for (var i = lowerBound(vocab, word); i < vocab.length && vocab[i].indexOf(word) === 0; i++) {
        if (vocab[i] !== word) found.push([vocab[i]]);
      }
    }
    return found;
  }

  /* The files of terms the query's words need (for Thai and Lao, of the index's words they stand for). */
  function neededShards(index, words) {
    var keys = [];
    words.forEach(function (word) {
      if (SEGMENTED.test(word)) {
        expand(index, word, false).forEach(function (alt) { alt.forEach(function (t) { keys.push(shardOf(t)); }); });
      } else {
        keys.push(shardOf(word));
      }
    });
    return keys;
  }

  function rank(index, words) {
    var scores = null;
    words.forEach(function (word, position) {
      var hits = new Map();
      expand(index, word, position === words.length - 1).forEach(function (alternative) {
        var docs = null;
        alternative.forEach(function (term) {
          var these = docsOf(index, term, 0);
          if (docs) {
            var set = new Set(these);
            docs = docs.filter(function (d) { return set.has(d); });
          } else {
            docs = these;
          }
        });
        var exact = alternative.length === 1 && alternative[0] === word;
        docs.forEach(function (d) {
          // a word in the title weighs most, then in the summary, then an exact match
          var placed = alternative.reduce(function (sum, term) {
            return sum + (docsOf(index, term, 1).has(d) ? 3 : 0) + (docsOf(index, term, 2).has(d) ? 1 : 0);
          }, 0) / alternative.length;
          hits.set(d, Math.max(hits.get(d) || 0, (exact ? 2 : 1) + placed));
        });
      });
      if (scores === null) {
        scores = hits;
      } else {
        var kept = new Map();
        scores.forEach(function (score, d) { if (hits.has(d)) kept.set(d, score + hits.get(d)); });
        scores = kept;
      }
    });
    var ranked = Array.from(scores.keys());
    ranked.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
    return ranked;
  }

  /* The number of pages found and the first ones' [url, title, summary]. */
  function answer(index, query) {
    var words = queryWords(query);
    if (!words.length) return Promise.resolve(null);
    return loadShards(index, neededShards(index, words)).then(function () {
      var ranked = rank(index, words), shown = ranked.slice(0, MAX_RESULTS);
      var chunks = Array.from(new Set(shown.map(function (d) { return Math.floor(d / index.chunk); })));
      return Promise.all(chunks.map(function (c) { return get("search/d-" + c + ".json"); })).then(function (loaded) {
        var docs = {};
        chunks.forEach(function (c, i) {
          loaded[i].forEach(function (doc, j) { docs[c * index.chunk + j] = doc; });
        });
        return { count: ranked.length, docs: shown.map(function (d) { return docs[d]; }) };
      });
    });
  }

  function count(n) {
    if (n === 0) return form.getAttribute("data-none");
    return (n === 1 ? form.getAttribute("data-one") : form.getAttribute("data-other")).replace("#", n);
  }

  function show(found) {
    list.textContent = "";
    if (found === null) { status.textContent = ""; return; }
    status.textContent = count(found.count);
    found.docs.forEach(function (doc) {
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
    load().then(function (index) { return answer(index, query); }).then(function (found) {
      if (ticket === pending) show(found);
    }, function () {
      if (ticket === pending) status.textContent = form.getAttribute("data-none");
    });
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
