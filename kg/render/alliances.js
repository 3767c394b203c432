// Draws the alliance graph of the page written by kg.render.write_html: plain
// JavaScript, no library, no network. The data is the JSON in #geokg-data.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("geokg-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("graph");
  var tip = document.getElementById("tip");
  var n = DATA.nodes.length;
  var rMin = n <= 20 ? 14 : n <= 60 ? 7 : 5, rMax = n <= 20 ? 34 : n <= 60 ? 22 : 16;
  var byId = {};
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function px(x) { return 500 + 430 * x; }
  function py(y) { return 500 - 430 * y; }
  function shape(kind, r) {
    var pts, i, a, s = r * 0.9;
    if (kind === "organization") { return "M" + -s + "," + -s + "h" + 2 * s + "v" + 2 * s + "h" + -2 * s + "z"; }
    if (kind === "armed") { return "M0," + -r * 1.1 + "L" + r * 1.0 + "," + r * 0.7 + "L" + -r * 1.0 + "," + r * 0.7 + "z"; }
    if (kind === "person") { return "M0," + -r + "L" + r + ",0L0," + r + "L" + -r + ",0z"; }
    if (kind === "other") {
      pts = [];
      for (i = 0; i < 6; i++) { a = Math.PI / 3 * i; pts.push((r * Math.cos(a)).toFixed(2) + "," + (r * Math.sin(a)).toFixed(2)); }
      return "M" + pts.join("L") + "z";
    }
    return "M" + -r + ",0a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " + -2 * r + ",0";
  }
  var defs = el("defs", {}, svg);
  Object.keys(DATA.colors).forEach(function (sign) {
    var m = el("marker", {id: "arrow" + sign, viewBox: "0 0 10 10", refX: "9", refY: "5",
      markerWidth: "11", markerHeight: "11", markerUnits: "userSpaceOnUse",
      orient: "auto-start-reverse"}, defs);
    el("path", {d: "M0,0L10,5L0,10z", fill: DATA.colors[sign]}, m);
  });
  var bg = el("rect", {x: 0, y: 0, width: 1000, height: 1000, fill: "#fff"}, svg);
  var gEdges = el("g", {"class": "edges"}, svg);
  var gNodes = el("g", {"class": "nodes"}, svg);
  DATA.nodes.forEach(function (d) {
    d.r = rMin + (rMax - rMin) * Math.sqrt(d.size);
    d.neighbours = {};
    byId[d.id] = d;
  });
  DATA.edges.forEach(function (e) {
    var a = byId[e.s], b = byId[e.t];
    a.neighbours[b.id] = true; b.neighbours[a.id] = true;
    var x1 = px(a.x), y1 = py(a.y), x2 = px(b.x), y2 = py(b.y);
    var dx = x2 - x1, dy = y2 - y1, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / len, uy = dy / len;
    var sx = x1 + ux * (a.r + 2), sy = y1 + uy * (a.r + 2);
    var tx = x2 - ux * (b.r + 3), ty = y2 - uy * (b.r + 3);
    var d = "M" + sx.toFixed(1) + "," + sy.toFixed(1);
    if (e.reciprocal) {
      var mx = (sx + tx) / 2 + uy * len * 0.12, my = (sy + ty) / 2 - ux * len * 0.12;
      d += "Q" + mx.toFixed(1) + "," + my.toFixed(1) + " ";
    } else { d += "L"; }
    d += tx.toFixed(1) + "," + ty.toFixed(1);
    var attrs = {"class": "edge", d: d, stroke: DATA.colors[String(e.sign)],
      "stroke-opacity": n > 60 ? 0.45 : 0.8,
      "stroke-width": Math.min(0.8 + 1.1 * Math.log(1 + e.count), 6).toFixed(2)};
    if (!e.material) { attrs["stroke-dasharray"] = "7 4"; }
    if (e.directed) { attrs["marker-end"] = "url(#arrow" + e.sign + ")"; }
    e.el = el("path", attrs, gEdges);
    e.el.addEventListener("mousemove", function (ev) { showEdge(e, ev); });
    e.el.addEventListener("mouseleave", hideTip);
  });
  DATA.nodes.slice().reverse().forEach(function (d, i) {
    var g = el("g", {"class": "node", transform: "translate(" + px(d.x).toFixed(1) + "," + py(d.y).toFixed(1) + ")",
      "data-id": d.id, tabindex: "0"}, gNodes);
    el("path", {d: shape(d.kind, d.r), fill: d.color}, g);
    // label spots were chosen in Python so labels cover no node and no other label;
    // unplaced labels appear when their actor is hovered's neighbour or focused
    if (d.leader) {
      el("line", {"class": "leader", x1: d.leader[0], y1: d.leader[1], x2: d.leader[2], y2: d.leader[3]}, g);
    }
    var t = d.anchor !== undefined
      ? el("text", {x: d.lx, y: d.ly, "text-anchor": d.anchor}, g)
      : el("text", {x: d.r + 4, y: 4, "class": "hidden-label"}, g);
    t.textContent = d.label;
    if (DATA.labelSize) { t.style.fontSize = DATA.labelSize + "px"; }
    d.el = g;
    g.addEventListener("mousemove", function (ev) { showNode(d, ev); });
    g.addEventListener("mouseleave", hideTip);
    g.addEventListener("click", function (ev) { ev.stopPropagation(); focus(d); });
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { focus(d); } });
  });
  bg.addEventListener("click", reset);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") { reset(); } });

  function place(ev) {
    tip.hidden = false;
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) { x = ev.clientX - tip.offsetWidth - 14; }
    if (y + tip.offsetHeight > window.innerHeight) { y = Math.max(0, window.innerHeight - tip.offsetHeight - 4); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function add(parent, tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    parent.appendChild(e);
    return e;
  }
  function hideTip() { tip.hidden = true; }
  function showNode(d, ev) {
    tip.replaceChildren();
    add(tip, "b", d.label);
    add(tip, "div", d.type + (d.country ? " · " + d.country : "") +
        (d.bloc ? " · bloc " + d.bloc + (d.confidence !== null && d.confidence !== undefined ?
          " (membership confidence " + d.confidence.toFixed(2) + ")" : "") : " · unaligned"), "meta");
    if (d.members && d.members.length) {
      add(tip, "div", "counts for it: " + d.members.join(", "), "meta");
    }
    var ul = add(tip, "ul");
    DATA.edges.forEach(function (e) {
      if (e.s !== d.id && e.t !== d.id) { return; }
      var other = byId[e.s === d.id ? e.t : e.s];
      var arrow = !e.directed ? " — " : e.s === d.id ? " → " : " ← ";
      add(ul, "li", arrow + other.label + ": " + relText(e));
    });
    if (d.sides && d.sides.length) {
      add(tip, "div", "side-taking without a reported tie:", "meta");
      var us = add(tip, "ul");
      d.sides.forEach(function (s) { add(us, "li", s); });
    }
    place(ev);
  }
  function relText(e) {
    return Object.keys(e.relations).map(function (k) { return k.replace(/_/g, " ") + " ×" + e.relations[k]; }).join(", ");
  }
  function showEdge(e, ev) {
    tip.replaceChildren();
    add(tip, "b", byId[e.s].label + (e.directed ? " → " : " — ") + byId[e.t].label);
    add(tip, "div", relText(e) + " · " + e.count + " events" + (e.first ? " · " + e.first + " to " + e.last : ""), "meta");
    var ul = add(tip, "ul");
    e.evidence.forEach(function (ev2) {
      var li = add(ul, "li");
      add(li, "q", ev2[0]);
      // ev2: sentence, article, date, and where the article came from ("from file X")
      add(li, "span", " (" + [ev2[3] || ev2[1], ev2[2]].filter(Boolean).join(", ") + ")", "meta");
    });
    place(ev);
  }
  function focus(d) {
    DATA.nodes.forEach(function (o) {
      var near = o.id === d.id || d.neighbours[o.id];
      o.el.classList.toggle("faded", !near);
      o.el.classList.toggle("near", !!near);
      o.el.classList.toggle("focus", o.id === d.id);
    });
    DATA.edges.forEach(function (e) { e.el.classList.toggle("faded", e.s !== d.id && e.t !== d.id); });
  }
  function reset() {
    DATA.nodes.forEach(function (o) { o.el.classList.remove("faded", "near", "focus"); });
    DATA.edges.forEach(function (e) { e.el.classList.remove("faded"); });
  }

  // legend: bloc colours, edge kinds, actor shapes
  var legend = document.getElementById("legend");
  function swatch(row, build) {
    var s = el("svg", {width: 34, height: 18, viewBox: "0 0 34 18"});
    build(s);
    row.appendChild(s);
  }
  add(legend, "h2", "Blocs");
  DATA.blocs.forEach(function (b) {
    var row = add(legend, "div");
    swatch(row, function (s) { el("circle", {cx: 17, cy: 9, r: 7, fill: b.color, stroke: "#333"}, s); });
    add(row, "span", b.label);
  });
  add(legend, "h2", "Relations");
  [["1", "cooperation"], ["-1", "conflict"], ["0", "neutral"]].forEach(function (kind) {
    [[true, "material"], [false, "verbal"]].forEach(function (mode) {
      var row = add(legend, "div");
      swatch(row, function (s) {
        var a = {x1: 2, y1: 9, x2: 32, y2: 9, stroke: DATA.colors[kind[0]], "stroke-width": 2.5};
        if (!mode[0]) { a["stroke-dasharray"] = "6 3"; }
        el("line", a, s);
      });
      add(row, "span", kind[1] + " (" + mode[1] + ")");
    });
  });
  add(legend, "div", "Width: log of evidence count; arrow: source → target.");
  add(legend, "h2", "Actors");
  Object.keys(DATA.kinds).forEach(function (k) {
    var row = add(legend, "div");
    swatch(row, function (s) {
      var g = el("g", {transform: "translate(17,9)"}, s);
      el("path", {d: shape(k, 7), fill: "#fff", stroke: "#333"}, g);
    });
    add(row, "span", DATA.kinds[k]);
  });
  add(legend, "div", "Size: centrality.");

  // the spots were chosen on estimated text widths: measure the drawn labels and
  // hide any that still meets an earlier (more central) one or another actor's
  // marker, so the page shows no overlapping names; each shown label records its
  // box (SVG units) in data-box
  var shown = [];
  function meets(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function covers(box, o) {  // the label's box reaches into the marker's circle
    var x = px(o.x), y = py(o.y);
    var cx = Math.min(Math.max(x, box[0]), box[2]), cy = Math.min(Math.max(y, box[1]), box[3]);
    return (cx - x) * (cx - x) + (cy - y) * (cy - y) < o.r * o.r * 0.8;
  }
  DATA.nodes.forEach(function (d) {
    var t = d.el.querySelector("text");
    if (!t || t.classList.contains("hidden-label")) { return; }
    var b = t.getBBox(), x = px(d.x), y = py(d.y);
    var box = [x + b.x, y + b.y, x + b.x + b.width, y + b.y + b.height];
    var bad = shown.some(function (o) { return meets(box, o); }) ||
      DATA.nodes.some(function (o) { return o !== d && covers(box, o); });
    if (bad) {
      t.setAttribute("class", "hidden-label");
      t.setAttribute("x", d.r + 4); t.setAttribute("y", 4); t.removeAttribute("text-anchor");
      var line = d.el.querySelector("line.leader");
      if (line) { line.remove(); }
      return;
    }
    shown.push(box);
    t.setAttribute("data-box", box.map(function (v) { return v.toFixed(1); }).join(" "));
  });
  svg.setAttribute("data-rendered", String(n));
})();
