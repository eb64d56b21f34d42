// iki review: marks and corrections kept in this browser (localStorage), saved as a CSV
// (indicator_id, field, value) for `iki extract ... --corrections FILE.csv`; filters on check.html.
(function () {
  "use strict";
  var body = document.body;
  var key = body.getAttribute("data-storage-key") || "iki-review";
  var words = {};
  try { words = JSON.parse(body.getAttribute("data-words") || "{}"); } catch (e) { words = {}; }
  function say(name, n) { return (words[name] || "{n}").replace("{n}", String(n)); }

  // state: {indicator_id: {verdict: "right" | "wrong", fields: {field: corrected value}}}
  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* storage off: marks last for this page */ }
  }
  var state = load();
  function tidy(id) {
    var s = state[id];
    if (!s) return;
    if (s.fields && !Object.keys(s.fields).length) delete s.fields;
    if (!s.verdict) delete s.verdict;
    if (!Object.keys(s).length) delete state[id];
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("article[data-indicator-id]"));
  var fields = (body.getAttribute("data-fields") || "").split(" ").filter(Boolean);
  var read = {};  // what iki read: indicator_id → {field: text}, taken from the page before any mark is shown

  function fieldOf(art, f) { return art.querySelector('dd[data-field="' + f + '"]'); }
  function addField(art, f) {  // an empty field, made editable on request
    var dl = art.querySelector("dl.fields");
    var dt = document.createElement("dt"); dt.textContent = f;
    var dd = document.createElement("dd"); dd.setAttribute("data-field", f);
    dd.contentEditable = "true"; dd.spellcheck = false;
    dl.appendChild(dt); dl.appendChild(dd);
    var opt = art.querySelector('select.add option[value="' + f + '"]');
    if (opt) opt.remove();
    return dd;
  }
  function paint(art) {
    var id = art.getAttribute("data-indicator-id");
    var s = state[id] || {};
    art.setAttribute("data-verdict", s.verdict || "");
    art.querySelectorAll("button[data-verdict]").forEach(function (b) {
      b.classList.toggle("on", b.getAttribute("data-verdict") === s.verdict);
    });
    Object.keys(s.fields || {}).forEach(function (f) { if (!fieldOf(art, f) && fields.indexOf(f) >= 0) addField(art, f); });
    art.querySelectorAll("dd[data-field]").forEach(function (dd) {
      var f = dd.getAttribute("data-field");
      var edited = !!(s.fields && Object.prototype.hasOwnProperty.call(s.fields, f));
      if (dd !== document.activeElement) dd.textContent = edited ? s.fields[f] : ((read[id] || {})[f] || "");
      dd.classList.toggle("edited", edited);
    });
  }
  function count() {
    var el = document.getElementById("marks-count");
    if (el) el.textContent = say("marks", Object.keys(state).length);
  }
  rows.forEach(function (art) {
    var id = art.getAttribute("data-indicator-id");
    var mine = read[id] = {};
    art.querySelectorAll("dd[data-field]").forEach(function (dd) {
      mine[dd.getAttribute("data-field")] = dd.textContent;
      dd.contentEditable = "true"; dd.spellcheck = false;
    });
    var bar = art.querySelector("div.verdict");
    if (bar) {
      var past = bar.firstChild;  // "reviewed before" stays after the buttons
      ["right", "wrong"].forEach(function (v) {
        var b = document.createElement("button");
        b.type = "button"; b.setAttribute("data-verdict", v);
        b.textContent = (v === "right" ? "\u2713 " : "\u2717 ") + (words[v] || v);
        bar.insertBefore(b, past);
      });
      var empty = fields.filter(function (f) { return !Object.prototype.hasOwnProperty.call(mine, f); });
      if (empty.length) {
        var sel = document.createElement("select"); sel.className = "add";
        var first = document.createElement("option"); first.value = ""; first.textContent = words.add || "+";
        sel.appendChild(first);
        empty.forEach(function (f) { var o = document.createElement("option"); o.value = f; o.textContent = f; sel.appendChild(o); });
        sel.addEventListener("change", function () { if (sel.value) { var dd = addField(art, sel.value); sel.value = ""; dd.focus(); } });
        bar.appendChild(sel);
      }
    }
    paint(art);
    art.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-verdict]");
      if (!b) return;
      state = load();
      var s = state[id] || (state[id] = {});
      var v = b.getAttribute("data-verdict");
      s.verdict = s.verdict === v ? undefined : v;
      tidy(id); save(state); paint(art); count();
    });
    art.addEventListener("focusout", function (e) {
      var dd = e.target.closest("dd[data-field]");
      if (!dd) return;
      var f = dd.getAttribute("data-field");
      var v = dd.innerText.replace(/\n+$/, "");
      state = load();
      var s = state[id] || (state[id] = {});
      s.fields = s.fields || {};
      if (v === (read[id][f] || "")) delete s.fields[f]; else s.fields[f] = v;
      tidy(id); save(state); paint(art); count();
    });
  });
  count();

  function cell(v) {
    v = String(v);
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv() {
    var lines = ["indicator_id,field,value"];
    Object.keys(state).sort().forEach(function (id) {
      var s = state[id];
      Object.keys(s.fields || {}).sort().forEach(function (f) { lines.push([id, f, s.fields[f]].map(cell).join(",")); });
      if (s.verdict) lines.push([id, "verdict", s.verdict].map(cell).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }
  window.ikiReview = { csv: csv, state: function () { return state; } };
  var dl = document.getElementById("download");
  if (dl) dl.addEventListener("click", function () {
    state = load();
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
    a.download = "corrections.csv";
    document.body.appendChild(a); a.click(); a.remove();
  });
  var clear = document.getElementById("clear");
  if (clear) clear.addEventListener("click", function () {
    if (!window.confirm(words.confirm || "?")) return;
    state = {}; save(state); rows.forEach(paint); count();
  });

  // check.html: filter by warning code and document (also from ?code=...&doc=...)
  var fc = document.getElementById("f-code"), fd = document.getElementById("f-doc"), shown = document.getElementById("shown");
  if (fc && fd) {
    var q = new URLSearchParams(window.location.search);
    function pick(sel, v) { if (v && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) sel.value = v; }
    pick(fc, q.get("code")); pick(fd, q.get("doc"));
    function apply() {
      var n = 0;
      rows.forEach(function (a) {
        var ok = (!fc.value || (" " + a.getAttribute("data-codes") + " ").indexOf(" " + fc.value + " ") >= 0) &&
                 (!fd.value || a.getAttribute("data-doc") === fd.value);
        a.hidden = !ok;
        if (ok) n++;
      });
      if (shown) shown.textContent = say("shown", n);
      body.setAttribute("data-filter", (fc.value || "*") + "|" + (fd.value || "*"));
    }
    fc.addEventListener("change", apply); fd.addEventListener("change", apply);
    apply();
  }
})();
