// The plan format of the web editor: reads and writes plan files exactly as `plp fmt`
// does (plp/format/canonical.py), so that a save changes only the lines of the fields
// that changed. Keys in the schema's order, unknown keys kept after them; two-space
// indentation; a list of values on one line when it fits in 80 characters; no wrapped
// lines; a text plain only when every YAML reader reads it back as the same text.
(function (root) {
  "use strict";

  var PLAIN = /^(?:[A-Za-z][A-Za-z0-9 ,.'()%/+?!;&@_-]*|\d{4}-W\d\d|\d{4}-\d\d-\d\d)$/;
  var PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
  var RESERVED = ["yes", "no", "true", "false", "null", "on", "off", "y", "n"];
  var FLOW_WIDTH = 80;

  function quoted(text) {
    // JSON strings are YAML double-quoted scalars, escaped as Python's json.dumps does.
    return JSON.stringify(text);
  }

  function scalar(value, flow) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : JSON.stringify(value);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    var text = String(value);
    var plain =
      PLAIN.test(text) &&
      text.slice(-1) !== " " &&
      RESERVED.indexOf(text.toLowerCase()) < 0 &&
      !(flow && text.indexOf(",") >= 0);
    return plain ? text : quoted(text);
  }

  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date);
  }

  // Decap hands over empty strings and nulls for fields a student left empty, and
  // Immutable-style leftovers; an optional field left empty is left out, as plp writes it.
  function clean(value) {
    if (Array.isArray(value)) {
      return value.map(clean).filter(function (item) { return item !== undefined; });
    }
    if (isMapping(value)) {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var inner = clean(value[key]);
        if (inner === undefined) return;
        if (Array.isArray(inner) && inner.length === 0 && !Array.isArray(value[key])) return;
        out[key] = inner;
      });
      return out;
    }
    if (value === "" || value === null || value === undefined) return undefined;
    return value;
  }

  function ordered(value, order) {
    order = order || {};
    if (Array.isArray(value)) {
      return value.map(function (item) { return ordered(item, order.items); });
    }
    if (!isMapping(value)) return value;
    var keys = order.keys || [];
    var known = keys.filter(function (key) { return Object.prototype.hasOwnProperty.call(value, key); });
    var unknown = Object.keys(value).filter(function (key) { return keys.indexOf(key) < 0; });
    var out = {};
    known.concat(unknown).forEach(function (key) {
      out[key] = ordered(value[key], (order.properties || {})[key]);
    });
    return out;
  }

  function fitsOnALine(start, items) {
    if (items.some(function (item) { return Array.isArray(item) || isMapping(item); })) return false;
    var spelled = items.map(function (item) { return scalar(item, true); });
    return start.length + 2 + spelled.join(", ").length <= FLOW_WIDTH;
  }

  function flowList(items) {
    return "[" + items.map(function (item) { return scalar(item, true); }).join(", ") + "]";
  }

  function emit(data, pad) {
    var lines = [];
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      var name = PLAIN_KEY.test(key) ? key : scalar(key);
      if (isMapping(value) && Object.keys(value).length) {
        lines.push(pad + name + ":");
        lines.push.apply(lines, emit(value, pad + "  "));
      } else if (Array.isArray(value) && fitsOnALine(pad + name + ": ", value)) {
        lines.push(pad + name + ": " + flowList(value));
      } else if (Array.isArray(value)) {
        lines.push(pad + name + ":");
        value.forEach(function (item) { lines.push.apply(lines, emitItem(item, pad + "  ")); });
      } else if (isMapping(value)) {
        lines.push(pad + name + ": {}");
      } else {
        lines.push(pad + name + ": " + scalar(value));
      }
    });
    return lines;
  }

  function emitItem(item, pad) {
    if (isMapping(item) && Object.keys(item).length) {
      var inner = emit(item, pad + "  ");
      return [pad + "- " + inner[0].replace(/^\s+/, "")].concat(inner.slice(1));
    }
    if (Array.isArray(item)) return [pad + "- " + flowList(item)];
    return [pad + "- " + (isMapping(item) ? "{}" : scalar(item))];
  }

  // Read the fields as plp's reader does: YAML 1.2 core schema, dates kept as text.
  function read(text, yaml) {
    var match = /^---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)([\s\S]*)$/m.exec(text);
    if (!match || text.indexOf("---") !== 0) return { body: text };
    var fields = yaml.load(match[1], { schema: yaml.CORE_SCHEMA }) || {};
    var out = {};
    Object.keys(fields).forEach(function (key) { out[key] = fields[key]; });
    out.body = match[2];
    return out;
  }

  function write(data, order) {
    var fields = {};
    var body = "";
    Object.keys(data).forEach(function (key) {
      if (key === "body") body = data.body || "";
      else fields[key] = data[key];
    });
    fields = clean(fields) || {};
    var lines = emit(ordered(fields, order), "");
    var yamlText = lines.map(function (line) { return line + "\n"; }).join("");
    if (body && body.slice(-1) !== "\n") body += "\n";
    return "---\n" + yamlText + "---\n" + body;
  }

  function formatter(order, yaml) {
    return {
      fromFile: function (text) { return read(text, yaml); },
      toFile: function (data) { return write(data, order); },
    };
  }

  var api = { scalar: scalar, emit: emit, ordered: ordered, clean: clean, read: read, write: write, formatter: formatter };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.PlpFormat = api;
})(this);
