/* quangba's additions to the web editor (Decap CMS), loaded after decap-cms.js:
 * - the file formats of the repository: records and photo sidecars in YAML, texts as
 *   Markdown with YAML front matter, written the way quangba reads them (YAML 1.2 core
 *   schema, empty optional fields left out, a text's or sidecar's `id` only naming the file);
 * - the translation stamp: a translation saved from the editor records the version of the
 *   Vietnamese text it was made from (`source:`, as `quangba stamp` writes it);
 * - the interface in Vietnamese where the browser's language is Vietnamese, in English
 *   otherwise; a phrase missing in Vietnamese falls back to English, never to nothing.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var YAML = window.jsyaml;
  var h = window.h;
  var createClass = window.createClass;
  var SOURCE_LANGUAGE = "vi";
  var DUMP = { schema: YAML.CORE_SCHEMA, lineWidth: -1, forceQuotes: true, quotingType: '"', noRefs: true };
  var LOAD = { schema: YAML.CORE_SCHEMA };

  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  // Optional fields the officer left blank are left out of the file (the schemas do not
  // accept "" or null for them).
  function pruned(value) {
    if (Array.isArray(value)) {
      return value.map(pruned).filter(function (v) { return !isEmpty(v); });
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var v = pruned(value[key]);
        if (!isEmpty(v)) out[key] = v;
      });
      return out;
    }
    return value;
  }

  // The file's own key order, kept beside the data while it is edited: the editor holds
  // entries in maps that do not keep the order of more than eight keys, and a save must
  // not reorder a file (new keys go after the old ones, in the form's order).
  var ORDER = "_quangba_key_order";

  function withOrder(data) {
    if (data && typeof data === "object" && !Array.isArray(data)) data[ORDER] = Object.keys(data);
    return data;
  }

  function ordered(data, sortedKeys, drop) {
    var out = {};
    var original = Array.isArray(data[ORDER]) ? data[ORDER] : [];
    drop = drop.concat([ORDER]);
    var keys = original.concat(sortedKeys || [], Object.keys(data));
    keys.forEach(function (key) {
      if (drop.indexOf(key) < 0 && Object.prototype.hasOwnProperty.call(data, key) && !(key in out)) {
        out[key] = data[key];
      }
    });
    return out;
  }

  function dump(data) {
    return isEmpty(data) ? "" : YAML.dump(data, DUMP);
  }

  function yamlFormat(drop, tidy) {
    return {
      fromFile: function (content) { return withOrder(YAML.load(content, LOAD) || {}); },
      toFile: function (data, sortedKeys) {
        var order = data[ORDER];
        var clean = pruned(data);
        if (tidy) clean = tidy(clean);
        clean[ORDER] = order;
        return dump(ordered(clean, sortedKeys, drop));
      },
    };
  }

  function splitFrontMatter(content) {
    if (content.indexOf("---\n") !== 0) return { front: "", body: content };
    var end = content.indexOf("\n---", 3);
    if (end < 0) return { front: "", body: content };
    var after = content.indexOf("\n", end + 4);
    return { front: content.slice(4, end + 1), body: after < 0 ? "" : content.slice(after + 1) };
  }

  var textFormat = {
    fromFile: function (content) {
      var parts = splitFrontMatter(content);
      var data = withOrder(YAML.load(parts.front, LOAD) || {});
      data.body = parts.body;
      return data;
    },
    toFile: function (data, sortedKeys) {
      var body = typeof data.body === "string" ? data.body : "";
      var clean = pruned(data);
      clean[ORDER] = data[ORDER];
      var front = ordered(clean, ["title", "summary", "source", "translated"].concat(sortedKeys || []),
                          ["id", "body"]);
      if (body && body.slice(-1) !== "\n") body += "\n";
      return "---\n" + dump(front) + "---\n" + body;
    },
  };

  CMS.registerCustomFormat("quangba-record", "yaml", yamlFormat([]));
  CMS.registerCustomFormat("quangba-sidecar", "yaml", yamlFormat(["id"], function (data) {
    // the image widget may give a path: the sidecar names the file beside it
    if (typeof data.file === "string") data.file = data.file.split("/").pop();
    return data;
  }));
  CMS.registerCustomFormat("quangba-text", "md", textFormat);

  // -- the translation stamp ------------------------------------------------------------
  // The version of a text as quangba computes it (catalog/model.py, text_version): the first
  // 12 hex digits of the SHA-256 of title, summary and body, each NFC and stripped.
  function textVersion(data) {
    var canonical = ["title", "summary", "body"].map(function (key) {
      var value = data && data[key];
      return (typeof value === "string" ? value : "").normalize("NFC").trim();
    }).join("\n");
    var bytes = new TextEncoder().encode(canonical);
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      return Array.from(new Uint8Array(digest)).map(function (b) {
        return b.toString(16).padStart(2, "0");
      }).join("").slice(0, 12);
    });
  }

  var loadEntry = null; // Decap's own entry loader, handed to widgets (kept for preSave)

  function slugOf(entry) {
    return (entry && (entry.get("slug") || entry.getIn(["data", "id"]))) || "";
  }

  function sourceCollection(collection) {
    // text-<lang>-<kind>, the language's own hyphens written as "_" (config.py, text_collection)
    var match = /^text-([a-z]{2,3}(?:_[A-Za-z0-9]+)*)-(.+)$/.exec(collection || "");
    return match && match[1] !== SOURCE_LANGUAGE ? "text-" + SOURCE_LANGUAGE + "-" + match[2] : null;
  }

  // The version of the Vietnamese text of record ``slug``, from the repository as saved.
  function vietnameseVersion(collection, slug) {
    if (!loadEntry || !slug) return Promise.reject(new Error("nothing to compare with"));
    return loadEntry(collection, slug).then(function (vi) {
      var data = vi && vi.get ? vi.get("data") : vi && vi.data;
      data = data && data.toJS ? data.toJS() : data;
      if (!data || !data.title) throw new Error("no Vietnamese text");
      return textVersion(data);
    });
  }

  var SourceControl = createClass({
    getInitialState: function () { return { version: null, missing: false, slug: null }; },
    componentDidMount: function () { loadEntry = this.props.loadEntry; this.refresh(); },
    componentDidUpdate: function () { if (slugOf(this.props.entry) !== this.state.slug) this.refresh(); },
    refresh: function () {
      var self = this;
      var slug = slugOf(this.props.entry);
      this.setState({ slug: slug });
      if (!slug) return;
      vietnameseVersion(this.props.field.get("source_collection"), slug).then(function (version) {
        self.setState({ version: version, missing: false });
      }).catch(function () {
        self.setState({ version: null, missing: true });
      });
    },
    render: function () {
      var value = this.props.value;
      var version = this.state.version;
      var lines = [];
      if (this.state.missing) {
        lines.push("Chưa có bản tiếng Việt: hãy lưu bản tiếng Việt trước. / No Vietnamese text yet: save it first.");
      } else if (version) {
        lines.push("Khi lưu, bản dịch ghi nhận phiên bản tiếng Việt hiện tại " + version +
                   ". / On saving, the translation records the current Vietnamese version " + version + ".");
        if (value && value !== version) {
          lines.push("Bản dịch đang lưu được làm từ phiên bản cũ " + value +
                     ": hãy đối chiếu với bản tiếng Việt. / It was made from an older version " + value +
                     ": check it against the Vietnamese.");
        }
      } else {
        lines.push("Phiên bản tiếng Việt được ghi khi lưu. / The Vietnamese version is recorded on saving.");
      }
      return h("div", { className: this.props.classNameWrapper, id: this.props.forID, "data-source": value || "" },
        lines.map(function (line, i) { return h("p", { key: i, style: { margin: "0.25em 0" } }, line); }));
    },
  });
  CMS.registerWidget("quangba-source", SourceControl, function (props) {
    return h("span", {}, props.value || "");
  });

  // Saving a translation stamps it with the Vietnamese version it was made from; with no
  // Vietnamese text to compare with, the save is refused (quangba would report the
  // translation as not stamped).
  // A new text or photo is named by the id the officer gives (the file's name).
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var collection = entry.get("collection") || "";
      var named = collection === "media" || collection.indexOf("text-") === 0;
      if (named && entry.get("newRecord") && !entry.getIn(["data", "id"])) {
        throw new Error("Chưa điền “Mã bản ghi / Id”: mã của hồ sơ (hoặc của ảnh) đặt tên cho tệp. / " +
                        "The Id is empty: the record's (or photo's) id names the file.");
      }
      return undefined;
    },
  });

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var viCollection = sourceCollection(entry.get("collection"));
      if (!viCollection) return undefined;
      return vietnameseVersion(viCollection, slugOf(entry)).then(function (version) {
        return entry.get("data").set("source", version);
      }, function () {
        throw new Error("Chưa có bản tiếng Việt của mục này: hãy lưu bản tiếng Việt trước. / " +
                        "There is no Vietnamese text for this entry yet: save the Vietnamese first.");
      });
    },
  });

  // -- the interface's language ---------------------------------------------------------
  function nested(flat) {
    var out = {};
    Object.keys(flat).forEach(function (key) {
      var node = out;
      var parts = key.split(".");
      parts.slice(0, -1).forEach(function (part) { node = node[part] = node[part] || {}; });
      node[parts[parts.length - 1]] = flat[key];
    });
    return out;
  }

  function wantsVietnamese() {
    var asked = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
    return String(asked[0] || "").toLowerCase().indexOf("vi") === 0;
  }

  fetch("vi.json").then(function (response) { return response.json(); }).then(function (phrases) {
    CMS.registerLocale("vi", nested(phrases));
  }).catch(function () { /* English then */ }).then(function () {
    var locale = wantsVietnamese() ? "vi" : "en";
    document.documentElement.lang = locale;
    // the configuration generated by quangba (config.js), not fetched as config.yml
    var config = Object.assign({}, window.QUANGBA_EDITOR_CONFIG, { locale: locale, load_config_file: false });
    CMS.init({ config: config });
  });
})();
