// The overview's tables: rows drawn from the JSON beside each table (pipeline.pages.table), a page at a time,
// sortable by any column, filtered by the selects, searched by the box. No library; inlined into the page.
"use strict";
(function () {
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function Table(box, data) {
    this.box = box;
    this.data = data;
    this.cols = data.columns;
    this.rows = data.rows.map(function (r, i) { return {cells: r, order: i, text: ""}; });
    this.size = data.page_size;
    this.page = 0;
    this.sortCol = -1;
    this.sortDir = 1;
    var self = this;
    this.rows.forEach(function (row) {
      row.text = self.cols.map(function (c, i) { return self.plain(c, row.cells[i]); }).join(" ").toLowerCase();
    });
    this.tbody = box.querySelector("tbody");
    this.status = box.querySelector(".shown");
    this.search = box.querySelector("input[type=search]");
    this.selects = Array.prototype.slice.call(box.querySelectorAll("select[data-col]"));
    this.pages = box.querySelector("select.size");
    box.querySelectorAll("th[data-col]").forEach(function (th) {
      th.addEventListener("click", function () { self.sortBy(Number(th.dataset.col), th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); self.sortBy(Number(th.dataset.col), th); }
      });
    });
    if (this.search) this.search.addEventListener("input", function () { self.page = 0; self.draw(); });
    this.selects.forEach(function (s) { s.addEventListener("change", function () { self.page = 0; self.draw(); }); });
    if (this.pages) this.pages.addEventListener("change", function () {
      self.size = Number(self.pages.value); self.page = 0; self.draw();
    });
    box.querySelectorAll("button[data-step]").forEach(function (b) {
      b.addEventListener("click", function () { self.page += Number(b.dataset.step); self.draw(); });
    });
    this.draw();
  }
  Table.prototype.plain = function (col, v) {
    if (v === null || v === undefined) return col.empty || "";
    if (col.type === "enum") return col.values[v];
    if (col.type === "list") return v.map(function (i) { return col.values[i]; }).join("、");
    if (col.type === "doc") return col.values[v[1]] + (v[3] > 1 ? " 第" + v[2] + "版" : "") + (v[4] ? " 逾期" : "");
    if (col.type === "link") return v[0];
    return String(v);
  };
  Table.prototype.key = function (col, v) {
    if (v === null || v === undefined) return null;
    if (col.type === "enum") return col.rank ? col.rank[v] : col.values[v];
    if (col.type === "doc") return col.rank[v[1]] * 2 + (v[4] ? 0 : 1);
    if (col.type === "list") return -v.length;
    if (col.type === "number") return v;
    return this.plain(col, v);
  };
  Table.prototype.cell = function (col, v) {
    if (v === null || v === undefined) return '<td class="muted">' + esc(col.empty || "") + "</td>";
    var href = this.data.pattern;
    if (col.type === "doc") {
      var a = '<a href="' + esc(href.replace("{id}", v[0])) + '" class="' + esc(col.classes[v[1]]) + '">' +
        esc(col.values[v[1]]) + "</a>";
      if (v[3] > 1) a += ' <span class="small">第 ' + v[2] + " 版，共 " + v[3] + " 版</span>";
      if (v[4]) a += ' <span class="fail">逾期</span>';
      return '<td class="nowrap">' + a + "</td>";
    }
    if (col.type === "link") {
      return '<td><a href="' + esc(href.replace("{id}", v[1])) + '">' + esc(v[0]) + "</a></td>";
    }
    var cls = col.classes && col.type === "enum" ? ' class="nowrap ' + esc(col.classes[v]) + '"' : "";
    return "<td" + cls + ">" + esc(this.plain(col, v)) + "</td>";
  };
  Table.prototype.sortBy = function (i, th) {
    this.sortDir = this.sortCol === i ? -this.sortDir : 1;
    this.sortCol = i;
    this.box.querySelectorAll("th[data-col]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", this.sortDir > 0 ? "ascending" : "descending");
    this.page = 0;
    this.draw();
  };
  Table.prototype.visible = function () {
    var self = this;
    var q = this.search ? this.search.value.trim().toLowerCase() : "";
    var wanted = this.selects.map(function (s) { return [Number(s.dataset.col), s.value]; })
      .filter(function (w) { return w[1] !== ""; });
    var rows = this.rows.filter(function (row) {
      if (q && row.text.indexOf(q) < 0) return false;
      return wanted.every(function (w) {
        var col = self.cols[w[0]], v = row.cells[w[0]];
        if (col.type === "list") return v !== null && v.indexOf(Number(w[1])) >= 0;
        if (col.type === "doc") return w[1] === "none" ? v === null : v !== null && v[1] === Number(w[1]);
        return String(v) === w[1];
      });
    });
    if (this.sortCol >= 0) {
      var col = this.cols[this.sortCol], i = this.sortCol, dir = this.sortDir;
      rows.sort(function (a, b) {
        var x = self.key(col, a.cells[i]), y = self.key(col, b.cells[i]);
        if (x === y) return a.order - b.order;
        if (x === null) return 1;
        if (y === null) return -1;
        if (typeof x === "number" && typeof y === "number") return (x - y) * dir;
        return String(x).localeCompare(String(y), "zh-CN") * dir;
      });
    }
    return rows;
  };
  Table.prototype.draw = function (all) {
    var self = this;
    var rows = this.visible();
    var size = all || !this.size ? rows.length || 1 : this.size;
    var last = Math.max(0, Math.ceil(rows.length / size) - 1);
    this.page = Math.min(Math.max(this.page, 0), last);
    var shown = rows.slice(this.page * size, this.page * size + size);
    this.tbody.innerHTML = shown.map(function (row) {
      return "<tr>" + self.cols.map(function (c, i) { return self.cell(c, row.cells[i]); }).join("") + "</tr>";
    }).join("");
    if (this.status) {
      this.status.textContent = "共 " + this.rows.length + " 行" +
        (rows.length !== this.rows.length ? "，符合条件 " + rows.length + " 行" : "") +
        (last > 0 && !all ? "，第 " + (this.page + 1) + " / " + (last + 1) + " 页" : "");
    }
    this.box.querySelectorAll("button[data-step]").forEach(function (b) {
      var step = Number(b.dataset.step);
      b.disabled = all || (step < 0 ? self.page === 0 : self.page >= last);
    });
  };
  var tables = [];
  document.querySelectorAll("[data-table]").forEach(function (box) {
    var source = document.getElementById(box.dataset.table);
    tables.push(new Table(box, JSON.parse(source.textContent)));
  });
  window.addEventListener("beforeprint", function () { tables.forEach(function (t) { t.draw(true); }); });
  window.addEventListener("afterprint", function () { tables.forEach(function (t) { t.draw(); }); });
  window.brandreviewTables = tables;
})();
