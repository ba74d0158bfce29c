/*
 * The data block's typed-array columns and its string table, decoded (pure: no DOM, no Leaflet).
 * A number column is {type, data (base64 of little-endian integers), delta?, scale?} or
 * {fill: value}; with delta (the first value) data holds the steps from each value to the next.
 * A text column holds indices into data.strings (-1: none), itself front-coded. The payload side is
 * travelmap/mapping/columns.py.
 */
(function (tm) {
  "use strict";

  var TYPES = { u1: Uint8Array, i1: Int8Array, u2: Uint16Array, i2: Int16Array, i4: Int32Array };

  /** The bytes of a base64 text (the browser's own decoder when it has one). */
  function bytesOf(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text);
    var binary = atob(text);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  /** A number column of n values: an Int32Array, or a Float64Array when it is scaled (4
   * decimals of a degree sent as integers come back as the very double "12.3456" parses to). */
  function ints(column, n) {
    var scale = column.scale || 0;
    var out = scale ? new Float64Array(n) : new Int32Array(n);
    if (column.fill !== undefined) return out.fill(scale ? column.fill / scale : column.fill);
    var Type = TYPES[column.type];
    if (!Type) throw new Error("travelmap: unknown column type " + String(column.type));
    var bytes = bytesOf(column.data);
    var raw = new Type(bytes.buffer, bytes.byteOffset, bytes.length / Type.BYTES_PER_ELEMENT);
    if (raw.length !== n) {
      throw new Error("travelmap: a column of " + raw.length + " values where " + n + " belong");
    }
    var delta = column.delta !== undefined, sum = delta ? column.delta : 0;
    for (var i = 0; i < n; i++) {
      var v = delta ? (sum += raw[i]) : raw[i];
      out[i] = scale ? v / scale : v;
    }
    return out;
  }

  /** A text column of n values: strings from the table, null where there is none. */
  function texts(column, n, strings) {
    var codes = ints(column, n);
    var out = new Array(n);
    for (var i = 0; i < n; i++) out[i] = codes[i] < 0 ? null : strings[codes[i]];
    return out;
  }

  /** The string table's texts: each one is the first prefix[i] UTF-16 units of the text before
   * it, then suffix[i] (front coding: URLs and ids that share their start cost their ends). */
  function strings(table) {
    if (Array.isArray(table)) return table;
    var n = table.suffix.length, prefix = ints(table.prefix, n), out = new Array(n);
    for (var i = 0; i < n; i++) {
      out[i] = prefix[i] ? out[i - 1].slice(0, prefix[i]) + table.suffix[i] : table.suffix[i];
    }
    return out;
  }

  /** Decodes a table of columns (each n long) in place; a column with "plus" adds another
   * column of the same table to its values (a stop's end = its start + its length). */
  function decodeTable(table, names, n, strings) {
    var later = [];
    names.forEach(function (name) {
      var column = table[name];
      if (!column || Array.isArray(column) || ArrayBuffer.isView(column)) return;  // done
      if (column.plus) { later.push(name); return; }
      table[name] = column.text ? texts(column, n, strings) : ints(column, n);
    });
    later.forEach(function (name) {
      var column = table[name], values = ints(column, n), base = table[column.plus];
      for (var i = 0; i < n; i++) values[i] += base[i];
      table[name] = values;
    });
    return table;
  }

  tm.bytesOf = bytesOf;
  tm.ints = ints;
  tm.texts = texts;
  tm.strings = strings;
  tm.decodeTable = decodeTable;
})(globalThis.travelmapLib = globalThis.travelmapLib || {});
