// The sentence to cite of each row of a receipt's breakdown and tree tables (/stats/all/…/).
// Each table's note states it once (sitegen/pages/receipts/html.py cite_note): a template whose
// {placeholders} are the table's column headings (the row's cell under each) or 监管部门, 范围, 本页地址
// and 行, and whose [part] is written only when the two columns of its data-same show different values.
// A row's 范围 is its data-scope, else the note's words around its name; a sub-row's (its name starts with
// "· ", in a table whose note has a .sub-scope) is its parent row's followed by the .sub-scope words around
// the rest of its name (html.py default_scope).
// This script fills it exactly as sitegen/pages/receipts/sentence.py fill() does, adds an "引用" button to
// each row and shows the sentence of the row the page is opened at (#anchor). Text only: textContent and
// value, never innerHTML; no request.
(function () {
  "use strict";

  var canonical = document.querySelector("link[rel=canonical]");
  var pageUrl = canonical ? canonical.getAttribute("href") : location.href.split("#")[0];

  // fill(): the optional parts first, then every placeholder in one pass (a value is never read again).
  function fill(template, values, same) {
    var keep = values[same[0]] !== values[same[1]];
    var text = template.replace(/\[([^\[\]]*)\]/g, function (_, part) { return keep ? part : ""; });
    return text.replace(/\{([^{}]+)\}/g, function (_, name) { return values[name]; });
  }

  var SUB_ROW = "· ";

  // A row's name: its first cell's own text or its link's (a branch's row links its page), without the
  // <small> after it (a tree row's level, printed after a space) or the button this script adds.
  function nameOf(cell) {
    var text = "";
    cell.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) text += node.nodeValue;
      else if (node.nodeName === "A") text += node.textContent;
    });
    return cell.querySelector("small") ? text.slice(0, -1) : text;
  }

  // A cell's text; the last of a row ends with the line's end (its end tag is left out): not part of it.
  function textOf(cell) {
    return cell.textContent.replace(/\n$/, "");
  }

  function tableOf(template) {
    var note = template.closest("p");
    var table = note && note.nextElementSibling;
    return table && table.tagName === "TABLE" ? table : null;
  }

  var rowsCited = new Map();  // row -> function giving its sentence

  document.querySelectorAll(".note .template").forEach(function (template) {
    var table = tableOf(template);
    if (!table || !table.tHead || !table.tBodies.length) return;
    var note = template.closest("p");
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, textOf);
    var same = template.getAttribute("data-same").split(" ");
    var publisher = note.querySelector("[data-slot=监管部门]").textContent;
    var scope = note.querySelector("[data-slot=范围]");
    var sub = note.querySelector(".sub-scope");
    var scopes = new Map();  // row -> its 范围
    var parent = null;  // the last row that is no sub-row
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (!row.id) return;
      var name = nameOf(row.cells[0]);
      var isSub = name.indexOf(SUB_ROW) === 0;
      if (row.hasAttribute("data-scope")) scopes.set(row, row.getAttribute("data-scope"));
      else if (sub && parent && isSub) {
        scopes.set(row, scopes.get(parent) + sub.getAttribute("data-pre") + name.slice(SUB_ROW.length)
          + sub.getAttribute("data-post"));
      } else scopes.set(row, scope.getAttribute("data-pre") + name + scope.getAttribute("data-post"));
      if (!isSub) parent = row;
      rowsCited.set(row, function () {
        var values = {};
        Array.prototype.forEach.call(row.cells, function (cell, i) { values[heads[i]] = textOf(cell); });
        values["监管部门"] = row.hasAttribute("data-pub") ? row.getAttribute("data-pub") : publisher;
        values["范围"] = scopes.get(row);
        values["本页地址"] = pageUrl;
        values["行"] = row.id;
        return fill(template.textContent, values, same);
      });
    });
  });

  // Shows (or hides again) a row's sentence in a selected textarea in a row right under it.
  function show(row, toggle) {
    var next = row.nextElementSibling;
    if (next && next.classList.contains("cite")) {
      if (toggle) next.remove();
      else next.querySelector("textarea").select();
      return;
    }
    var line = document.createElement("tr");
    line.className = "cite";
    var cell = line.insertCell();
    cell.colSpan = row.closest("table").tHead.rows[0].cells.length;
    var area = document.createElement("textarea");
    area.readOnly = true;
    area.rows = 3;
    area.setAttribute("aria-label", "可复制的引用句");
    area.value = rowsCited.get(row)();
    cell.appendChild(area);
    row.after(line);
    area.focus({ preventScroll: true });
    area.select();
  }

  rowsCited.forEach(function (_, row) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-button";
    button.textContent = "引用";
    button.setAttribute("aria-label", "引用这一行");
    button.addEventListener("click", function () { show(row, true); });
    row.cells[0].appendChild(button);
  });

  // The row of the page's #anchor (an alias id sits on a tree row's first cell): its sentence at once.
  function showAnchored() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {  // a malformed %-escape: no row of ours
      return;
    }
    var target = id && document.getElementById(id);
    var row = target && target.closest("tr");
    if (row && rowsCited.has(row)) show(row, false);
  }
  showAnchored();
  window.addEventListener("hashchange", showAnchored);
})();
